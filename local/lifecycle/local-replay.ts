import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbReportStore } from '../../lambda/adapters/report-store.ts';
import { aggregationConfig } from '../../lambda/domain/aggregation/aggregation-config.ts';
import type { ReplayRange } from '../../lambda/domain/lifecycle/report-replay.ts';
import { type ReplayedReports, replayReports } from '../../lambda/lake/replay-reports.ts';
import { type Reconciliation, reconcileReports } from '../../lambda/reports/reconcile-reports.ts';
import { CommandError } from '../cli-error.ts';
import { type LocalConfig, lakeDir } from '../config.ts';
import { createLocalDynamoDbClient, ensureReportTable } from '../dynamodb/dynamodb-client.ts';
import { FileObjectStore } from '../lake/file-object-store.ts';
import { REPORT_TABLE } from '../platform.ts';
import { startEmulator } from '../services/emulator-service.ts';

/** The local stand-in for the reconciliation's shadow table: the replay's windows, beside `reports`. */
export const SHADOW_TABLE = 'reports_shadow';

export interface LocalReplay {
  readonly replay: ReplayedReports;
  readonly reconciliation: Reconciliation;
  /** Whether the running platform's tables were used (else this command opened the data directory's). */
  readonly platformRunning: boolean;
}

/**
 * `sdp replay`: recomputes the windows of `range` from the local lake, writes them to the shadow
 * table, diffs the live reports against them and, with `apply`, repairs the live table. With the
 * platform running it uses the platform's DynamoDB (found through `GET <url>/health`); otherwise
 * it opens the data directory's tables itself.
 */
export async function replayLocally(
  config: LocalConfig,
  range: ReplayRange,
  options: { readonly apply: boolean; readonly url: string; readonly now?: () => number },
): Promise<LocalReplay> {
  const aggregation = aggregationConfig(config.aggregation);
  const replay = await replayReports({
    store: new FileObjectStore(lakeDir(config)),
    config: aggregation,
    range,
    outOfOrdernessMs: config.outOfOrdernessMs,
  });
  return withReportTables(config, options.url, async (client, platformRunning) => {
    await ensureReportTable(client, REPORT_TABLE);
    await ensureReportTable(client, SHADOW_TABLE);
    const reconciliation = await reconcileReports({
      tables: {
        client,
        live: REPORT_TABLE,
        shadow: SHADOW_TABLE,
        store: new DynamoDbReportStore(client, REPORT_TABLE),
      },
      config: aggregation,
      outOfOrdernessMs: config.outOfOrdernessMs,
      range,
      replayed: replay.windows,
      apply: options.apply,
      now: options.now ?? Date.now,
    });
    return { replay, reconciliation, platformRunning };
  });
}

async function withReportTables<T>(
  config: LocalConfig,
  url: string,
  work: (client: DynamoDBDocumentClient, platformRunning: boolean) => Promise<T>,
): Promise<T> {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  try {
    emulator = await startEmulator('dynamodb', { dataDir: config.dataDir, port: 0 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    const client = createLocalDynamoDbClient(await runningEndpoint(url));
    try {
      return await work(client, true);
    } finally {
      client.destroy();
    }
  }
  const client = createLocalDynamoDbClient(emulator.endpoint);
  try {
    return await work(client, false);
  } finally {
    client.destroy();
    await emulator.stop();
  }
}

/** The DynamoDB endpoint of the platform that holds the data directory. */
async function runningEndpoint(url: string): Promise<string> {
  let body: { dynamodb_endpoint?: unknown };
  try {
    body = (await (await fetch(new URL('/health', url))).json()) as typeof body;
  } catch (error) {
    throw new CommandError(
      `another sdp start holds the data directory, but nothing answers at ${url} (${(error as Error).message}): pass that platform's URL with --url`,
    );
  }
  if (typeof body.dynamodb_endpoint !== 'string') {
    throw new CommandError(`${url}/health names no dynamodb_endpoint: is it an sdp platform?`);
  }
  return body.dynamodb_endpoint;
}
