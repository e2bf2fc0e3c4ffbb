import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { EVENT_KINDS, EVENT_SPECS } from '../../lambda/domain/events.ts';
import { parseEventBody } from '../../lambda/domain/validate-events.ts';
import { loadLocalConfig } from '../../local/config.ts';
import { generateTraffic } from '../../local/generate/generate-traffic.ts';
import { readAllRecords } from '../../local/kinesis/read-stream.ts';
import { trainLocalModel } from '../../local/ml/local-training.ts';
import { describeTrainingReport } from '../../local/ml/train-model.ts';
import { startPlatform } from '../../local/platform.ts';
import { FREE_PORTS, makeDataDir, removeDataDir } from '../helpers/local-platform.ts';

/*
 * Contract fuzzing (run by CI): Schemathesis generates valid and invalid requests from the local
 * platform's OpenAPI document and checks every answer: no 5xx, every status and body as documented,
 * invalid input refused, valid input accepted. Then every record on the `bcns` stream must be a valid
 * event: nothing the fuzzer sent that breaks the contract was stored.
 *
 *   npm run test:contract [-- <more schemathesis run options, e.g. --max-examples 500 --seed 7>]
 */

const CONFIG_FILE = fileURLToPath(new URL('schemathesis.toml', import.meta.url));
const DEFAULT_OPTIONS = ['--checks', 'all', '--max-examples', '100', '--seed', '1'];
const ENV = {
  ...FREE_PORTS,
  SDP_ATTRIBUTION_WINDOW_SECONDS: '2',
  SDP_LAKE_FLUSH_SECONDS: '1',
  SDP_COMPACTION_MINUTES: '0',
  SDP_RETRAIN_BIDS: '0',
};

const dataDir = await makeDataDir();
const config = loadLocalConfig({ ...ENV, SDP_DATA_DIR: dataDir });
const platform = await startPlatform(config);
let failed = false;
try {
  // A model first, so that valid prediction requests are answered 200 rather than 503.
  await generateTraffic({ url: platform.url, rate: 1_000, durationSeconds: 3, batchSize: 50, seed: 3 });
  await sleep(5_000);
  const training = await trainLocalModel(config);
  console.log(describeTrainingReport(training));
  if (!training.saved) throw new Error('No model to fuzz POST /predictions with');

  const fuzzed = await schemathesis(`${platform.url}/openapi.json`, [...DEFAULT_OPTIONS, ...process.argv.slice(2)]);
  if (fuzzed !== 0) {
    console.error(`schemathesis exited with ${fuzzed}`);
    failed = true;
  }
  const invalid = await invalidStoredEvents();
  if (invalid.count > 0) {
    console.error(`${invalid.count} invalid records on bcns, e.g. ${invalid.examples.join('\n  ')}`);
    failed = true;
  }
  console.log(`bcns holds ${invalid.checked} records, ${invalid.count} of them invalid`);
} finally {
  await platform.stop();
  await removeDataDir(dataDir);
}
console.log(failed ? 'contract: 0 passed, 1 failed' : 'contract: 1 passed, 0 failed');
process.exit(failed ? 1 : 0);

/** Schemathesis's command line, through the Python that has it (no dependence on a console-script shim). */
function schemathesis(schemaUrl: string, options: readonly string[]): Promise<number> {
  const cli = 'from schemathesis.cli import schemathesis; schemathesis()';
  const args = ['-c', cli, '--config-file', CONFIG_FILE, '--no-color', 'run', schemaUrl, ...options];
  const child = spawn('python3', args, { stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/** Every record on bcns must be an event its route accepts, plus the server's `type` and `timestamp`. */
async function invalidStoredEvents(): Promise<{ checked: number; count: number; examples: string[] }> {
  const records = await readAllRecords(platform.kinesis, 'bcns');
  const examples: string[] = [];
  let count = 0;
  for (const record of records) {
    const problem = storedEventProblem(record.data, record.partitionKey);
    if (problem === undefined) continue;
    count++;
    if (examples.length < 5) examples.push(`${problem}: ${record.data}`);
  }
  return { checked: records.length, count, examples };
}

function storedEventProblem(data: string, partitionKey: string): string | undefined {
  let event: Record<string, unknown>;
  try {
    event = JSON.parse(data) as Record<string, unknown>;
  } catch {
    return 'not JSON';
  }
  const kind = EVENT_KINDS.find((candidate) => EVENT_SPECS[candidate].type === event.type);
  if (kind === undefined) return `unknown type ${JSON.stringify(event.type)}`;
  if (!Number.isSafeInteger(event.timestamp)) return 'no server timestamp';
  if (event.tx_id !== partitionKey) return 'partition key is not tx_id';
  try {
    parseEventBody(kind, data);
  } catch (error) {
    return (error as Error).message;
  }
  return undefined;
}
