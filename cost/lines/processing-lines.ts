import { DAYS_PER_MONTH, GIB, type LineContext, type LineItem, line } from '../cost-model.ts';
import { PRICES } from '../price-table.ts';
import { HOURS_PER_MONTH } from '../templates.ts';
import { labelled } from './line-helpers.ts';

/** Running application storage Managed Flink allocates to every KPU. */
const STORAGE_GB_PER_KPU = 50;

/** The KPUs the aggregation job runs on: its parallelism, or more when autoscaling follows the traffic. */
export function flinkKpus(context: LineContext, app: LineContext['deployment']['flinkApps'][number]): number {
  const configured = Math.ceil(app.parallelism / app.parallelismPerKpu);
  const needed = Math.ceil(
    context.workload.traffic.eventsPerSecond / context.workload.assumptions.flinkEventsPerKpuSecond,
  );
  if (!app.autoScaling && needed > configured) {
    context.warn(
      `The aggregation job has ${configured} KPU(s) without autoscaling; ${context.workload.traffic.eventsPerSecond} events/s need ${needed}`,
    );
  }
  return app.autoScaling ? Math.max(configured, needed) : configured;
}

/** Managed Flink (KPU-hours with the orchestration KPU, running storage, snapshots) and the report table. */
export function processingLines(context: LineContext): LineItem[] {
  const flink = context.deployment.flinkApps.flatMap((app) => {
    const ref = labelled(app, 'Managed Service for Apache Flink', 'aggregation job');
    const kpus = flinkKpus(context, app);
    return [
      line(
        ref,
        `KPU-hours (${kpus} KPU + 1 orchestration)`,
        (kpus + 1) * HOURS_PER_MONTH,
        'KPU-hours',
        PRICES.flink.kpuHour.usd,
      ),
      line(
        ref,
        'running application storage',
        kpus * STORAGE_GB_PER_KPU,
        'GB-month',
        PRICES.flink.runningStorageGBMonth.usd,
      ),
      line(
        ref,
        'snapshots (durable backups)',
        app.snapshots ? context.workload.assumptions.flinkStateGiB : 0,
        'GB-month',
        PRICES.flink.backupGBMonth.usd,
      ),
    ];
  });
  const { assumptions, traffic } = context.workload;
  const { volumes } = context;
  const tables = context.deployment.tables.flatMap((table) => {
    const ref = labelled(table, 'DynamoDB', 'report table');
    if (!table.onDemand) {
      throw new Error(
        `The report table ${table.stack}/${table.logicalId} is provisioned; the model prices on-demand tables`,
      );
    }
    // Each aggregate is a conditional put of one item (a unit per started KB); a report reads a
    // campaign's periods in one eventually consistent query (half a unit per started 4 KB).
    const writes = volumes.records.aggregates * Math.ceil(assumptions.reportItemBytes / 1024);
    const reads =
      (volumes.reportQueries * Math.ceil((assumptions.reportPeriodsPerQuery * assumptions.reportItemBytes) / 4096)) / 2;
    const items =
      (volumes.aggregatesPerWindow / (1 + assumptions.correctionShare)) *
      (volumes.windows / DAYS_PER_MONTH) *
      traffic.retentionDays;
    const stored = (items * (assumptions.reportItemBytes + 100)) / GIB;
    return [
      line(
        ref,
        'write request units (conditional puts)',
        writes / 1e6,
        'million WRU',
        PRICES.dynamodb.writeRequestUnits.usd,
      ),
      line(
        ref,
        'read request units (report queries)',
        reads / 1e6,
        'million RRU',
        PRICES.dynamodb.readRequestUnits.usd,
      ),
      line(
        ref,
        `storage (${traffic.retentionDays} days of windows)`,
        stored,
        'GB-month',
        PRICES.dynamodb.storageGBMonth.usd,
      ),
      line(
        ref,
        'point-in-time recovery',
        table.pointInTimeRecovery ? stored : 0,
        'GB-month',
        PRICES.dynamodb.pitrGBMonth.usd,
      ),
    ];
  });
  return [...flink, ...tables];
}
