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

/** Managed Flink (KPU-hours with the orchestration KPU, running storage, snapshots) and the report tables. */
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
  const tables = context.deployment.tables.flatMap((table) => {
    if (!table.onDemand) {
      throw new Error(
        `The ${table.kind === 'rollups' ? 'rollup' : 'report'} table ${table.stack}/${table.logicalId} is provisioned; the model prices on-demand tables`,
      );
    }
    return table.kind === 'rollups' ? rollupTableLines(context, table) : reportTableLines(context, table);
  });
  return [...flink, ...tables];
}

/** One hour's totals in a day-parts item of the rollup table (a map of five numbers and its name). */
const ROLLUP_HOUR_BYTES = 70;
/** An item's keys and names beyond its counts; DynamoDB also counts 100 bytes of overhead per stored item. */
const ROLLUP_ITEM_BYTES = 60;

type Table = LineContext['deployment']['tables'][number];

function reportTableLines(context: LineContext, table: Table): LineItem[] {
  const { assumptions, traffic } = context.workload;
  const { volumes } = context;
  const ref = labelled(table, 'DynamoDB', 'report table');
  // Each aggregate is a conditional put of one item (a unit per started KB); a report reads a
  // campaign's periods in one eventually consistent query (half a unit per started 4 KB).
  const writes = volumes.records.aggregates * Math.ceil(assumptions.reportItemBytes / 1024);
  const reads =
    (volumes.reportQueries * Math.ceil((assumptions.reportPeriodsPerQuery * assumptions.reportItemBytes) / 4096)) / 2;
  // After each put the writer reads the hour's rows back, strongly consistent (a unit per started
  // 4 KB), to recompute the campaign's rollups; on average half the hour's windows are there.
  const hourRows = volumes.windows / HOURS_PER_MONTH / 2;
  const rereads = volumes.records.aggregates * Math.ceil((hourRows * assumptions.reportItemBytes) / 4096);
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
    line(ref, 'read request units (report queries)', reads / 1e6, 'million RRU', PRICES.dynamodb.readRequestUnits.usd),
    line(
      ref,
      'read request units (the writer re-reads each hour for the rollups)',
      rereads / 1e6,
      'million RRU',
      PRICES.dynamodb.readRequestUnits.usd,
    ),
    ...storageLines(ref, table, `${traffic.retentionDays} days of windows`, stored),
  ];
}

/**
 * The campaign rollups (lambda/domain/reports/campaign-rollup.ts): after each aggregate, the writer
 * sets the hour in the campaign's day-parts item (half a day of hours on average) and puts the day's
 * total, a unit per started KB each. Campaign list reads depend on how often a dashboard refreshes,
 * which the traffic profile does not say: a list over whole days reads a small item per campaign and
 * day, one over a day's hours that day's parts.
 */
function rollupTableLines(context: LineContext, table: Table): LineItem[] {
  const { assumptions, traffic } = context.workload;
  const { volumes } = context;
  const ref = labelled(table, 'DynamoDB', 'campaign rollup table');
  const partsBytes = 12 * ROLLUP_HOUR_BYTES + ROLLUP_ITEM_BYTES;
  const totalBytes = ROLLUP_HOUR_BYTES + ROLLUP_ITEM_BYTES;
  const writes = volumes.records.aggregates * (Math.ceil(partsBytes / 1024) + Math.ceil(totalBytes / 1024));
  const campaignsPerWindow = volumes.aggregatesPerWindow / (1 + assumptions.correctionShare);
  const dayBytes = 24 * ROLLUP_HOUR_BYTES + ROLLUP_ITEM_BYTES + totalBytes + 2 * 100;
  const stored =
    (Math.min(traffic.campaigns, campaignsPerWindow * (volumes.windows / DAYS_PER_MONTH)) *
      traffic.retentionDays *
      dayBytes) /
    GIB;
  return [
    line(
      ref,
      'write request units (hour and day updates)',
      writes / 1e6,
      'million WRU',
      PRICES.dynamodb.writeRequestUnits.usd,
    ),
    ...storageLines(ref, table, `${traffic.retentionDays} days of campaign days`, stored),
  ];
}

/** A table's stored GB-months, and as many again for point-in-time recovery when it is on. */
function storageLines(ref: Parameters<typeof line>[0], table: Table, what: string, storedGB: number): LineItem[] {
  return [
    line(ref, `storage (${what})`, storedGB, 'GB-month', PRICES.dynamodb.storageGBMonth.usd),
    line(
      ref,
      'point-in-time recovery',
      table.pointInTimeRecovery ? storedGB : 0,
      'GB-month',
      PRICES.dynamodb.pitrGBMonth.usd,
    ),
  ];
}
