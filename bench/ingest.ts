// Ingestion benchmark: the ceilings (the local Kinesis PutRecords rate, a no-op HTTP server's request
// rate), then single-event and batched load through the HTTP API of the whole platform and of one
// started with --ingest-only, each followed by a read-back proving every accepted event was stored.
// See docs/benchmarks.md.
import { join } from 'node:path';
import { measureHttpCeiling } from './lib/http-ceiling.ts';
import {
  ceilingRatios,
  type IngestBenchmark,
  ingestMarkdown,
  ingestSummary,
  type PlatformRun,
  targetChecks,
} from './lib/ingest-report.ts';
import { measureKinesisCeiling } from './lib/kinesis-ceiling.ts';
import { type LoadPhase, type LoadPhaseOptions, runLoadPhase } from './lib/load-phase.ts';
import { type PlatformProcess, startPlatformProcess } from './lib/platform-process.ts';
import { readBack } from './lib/read-back.ts';
import { writeBenchmarkCharts } from './lib/write-charts.ts';
import { DOCS_FILE, machineInfo, QUICK, RESULTS_DIR, replaceSection, writeJson } from './report.ts';

const RESULTS_FILE = join(RESULTS_DIR, 'ingest.json');

// kinesalite's code is still being optimized by V8 for seconds after the platform starts, as the platform's is.
const CEILING = { recordsPerCall: 500, callsInFlight: 4, warmupSeconds: QUICK ? 1 : 5, durationSeconds: QUICK ? 2 : 8 };
const WARMUP_SECONDS = QUICK ? 1 : 2;
// The platform's first load runs longer: V8 is still optimizing the code of its five threads for
// several seconds (perf showed 15% of the platform's samples in TurboFan after a 2-s warm-up).
const PLATFORM_WARMUP_SECONDS = QUICK ? 1 : 10;
const MEASURE_SECONDS = QUICK ? 3 : 10;
const SINGLE = { connections: 64, eventsPerRequest: 1 };
const BATCHED = { connections: 32, eventsPerRequest: 100 };
// A request given up on (no answer in time) may still be stored; let it land before reading.
const SETTLE_MS = 1_000;

async function main(): Promise<number> {
  const machine = machineInfo();
  log(`No-op HTTP ceiling: a node:http server process, ${SINGLE.connections} connections...`);
  const httpCeiling = await measureHttpCeiling({
    connections: SINGLE.connections,
    warmupSeconds: WARMUP_SECONDS,
    durationSeconds: MEASURE_SECONDS,
  });
  log('Starting the whole platform as a child process...');
  const whole = await onPlatform([], loadPlatform);
  // The Kinesis ceiling is measured on the platform without consumers, where nothing else polls the service.
  log('Starting the platform with --ingest-only (no consumers)...');
  const ingestOnly = await onPlatform(['--ingest-only'], async (platform) => {
    log(`Raw Kinesis ceiling: PutRecords of ${CEILING.recordsPerCall}, ${CEILING.callsInFlight} in flight...`);
    const ceiling = await measureKinesisCeiling({
      endpoint: platform.kinesisEndpoint,
      platformPid: platform.pid,
      likeStream: 'bcns',
      ...CEILING,
    });
    return { ceiling, run: await loadPlatform(platform) };
  });

  const { ceiling, run } = ingestOnly.result;
  const benchmark: IngestBenchmark = {
    machine,
    ceiling,
    httpCeiling,
    ...whole.result,
    exitCode: whole.exitCode,
    ingestOnly: { ...run, exitCode: ingestOnly.exitCode },
  };
  const checks = targetChecks(benchmark);
  writeJson(RESULTS_FILE, { ...benchmark, ratios: ceilingRatios(benchmark), checks });
  replaceSection(DOCS_FILE, 'ingest', ingestMarkdown(benchmark, checks));
  await writeBenchmarkCharts();
  console.log(`\n${ingestSummary(benchmark, checks)}\n\nWrote ${RESULTS_FILE} and the ingest section of ${DOCS_FILE}`);

  // Throughput misses are reported, not fatal: a slower machine is no bug, an accepted event gone missing is.
  const runs = [benchmark, benchmark.ingestOnly];
  const unsafe = runs.some((r) => r.readBack.phases.some((phase) => phase.lost > 0 || phase.duplicates > 0));
  return unsafe || runs.some((r) => r.exitCode !== 0) ? 1 : 0;
}

/** Runs `work` on a fresh platform process, then stops it as Ctrl-C would. */
async function onPlatform<T>(
  startArgs: readonly string[],
  work: (platform: PlatformProcess) => Promise<T>,
): Promise<{ result: T; exitCode: number | null }> {
  const platform = await startPlatformProcess(startArgs);
  log(`  API ${platform.url}, Kinesis ${platform.kinesisEndpoint}`);
  const stop = () => {
    log('Stopping the platform (SIGINT)...');
    return platform.stop();
  };
  try {
    const result = await work(platform);
    return { result, exitCode: await stop() };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Warms the platform up, loads it with single events then batches, and reads bcns back. */
async function loadPlatform(platform: PlatformProcess): Promise<Omit<PlatformRun, 'exitCode'>> {
  const phases: LoadPhase[] = [];
  const load = async (options: Omit<LoadPhaseOptions, 'url' | 'platformPid'>) => {
    log(`${options.name}: ${options.connections} connections, ${options.durationSeconds} s...`);
    const phase = await runLoadPhase({ url: platform.url, platformPid: platform.pid, ...options });
    phases.push(phase);
    return phase.result;
  };
  await load({ name: 'single-event warm-up', prefix: 'warm1', durationSeconds: PLATFORM_WARMUP_SECONDS, ...SINGLE });
  const single = await load({ name: 'single-event', prefix: 'single', durationSeconds: MEASURE_SECONDS, ...SINGLE });
  await load({ name: 'batched warm-up', prefix: 'warm100', durationSeconds: WARMUP_SECONDS, ...BATCHED });
  const batched = await load({ name: 'batched', prefix: 'batch', durationSeconds: MEASURE_SECONDS, ...BATCHED });

  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  log('Reading bcns back...');
  const stored = await readBack(platform.kinesisEndpoint, 'bcns', phases);
  const warmUps = phases.map((phase) => phase.result).filter((result) => result !== single && result !== batched);
  return { single, batched, warmUps, readBack: stored };
}

function log(message: string): void {
  console.error(message);
}

process.exitCode = await main();
