// Sustained ingestion benchmark: the highest single-event rate the local platform holds for a minute
// with p99 latency under 100 ms and nothing lost, under open-loop load. See docs/benchmarks.md.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runOpenLoop } from './lib/open-loop.ts';
import { startPlatformProcess } from './lib/platform-process.ts';
import { type PhaseReadBack, readBack } from './lib/read-back.ts';
import {
  type IngestFigures,
  phaseMisses,
  type SustainedBenchmark,
  type SustainedPhase,
  type SustainedPhaseKind,
  type SustainedSearch,
  sustainedMarkdown,
  sustainedRatios,
  sustainedSummary,
} from './lib/sustained-report.ts';
import { writeBenchmarkCharts } from './lib/write-charts.ts';
import { DOCS_FILE, type MachineInfo, machineInfo, QUICK, RESULTS_DIR, replaceSection, writeJson } from './report.ts';

const RESULTS_FILE = join(RESULTS_DIR, 'sustained.json');
const INGEST_RESULTS = join(RESULTS_DIR, 'ingest.json');

const P99_BOUND_MS = 100;
const MAX_CONNECTIONS = 512;
const STEP_UP = 1.25;
const STEP_DOWN = 0.75;
const HOLD_STEP_DOWN = 0.85;
const RATE_GRAIN = 50;
/** Used when bench:ingest has no results to start from. */
const DEFAULT_START_RATE = 1_000;
const SEARCH: Omit<SustainedSearch, 'startRate'> = {
  p99BoundMs: P99_BOUND_MS,
  warmupSeconds: QUICK ? 1 : 3,
  probeSeconds: QUICK ? 2 : 10,
  holdSeconds: QUICK ? 4 : 60,
  stepUp: STEP_UP,
  stepDown: STEP_DOWN,
  holdStepDown: HOLD_STEP_DOWN,
  maxConnections: MAX_CONNECTIONS,
  budgetSeconds: QUICK ? 40 : 360,
};
/** Probing stops here so the budget's rest leaves room for a hold and a retry. */
const PROBE_BUDGET_SHARE = 0.4;
// Answers are all awaited before a phase ends; this only covers records of requests that got no answer.
const SETTLE_MS = 500;
/** Between phases, so the consumers of bcns catch up and one phase's backlog does not slow the next. */
const PAUSE_MS = QUICK ? 500 : 3_000;

async function main(): Promise<number> {
  const machine = machineInfo();
  const ingest = ingestFigures(machine);
  const search: SustainedSearch = {
    ...SEARCH,
    startRate: ingest ? nice(ingest.singleRequestsPerSecond / 2) : DEFAULT_START_RATE,
  };
  const started = performance.now();
  const elapsedSeconds = () => (performance.now() - started) / 1000;
  log('Starting the platform as a child process...');
  const platform = await startPlatformProcess();
  log(`  API ${platform.url}, Kinesis ${platform.kinesisEndpoint}`);
  const phases: SustainedPhase[] = [];
  let held: SustainedPhase | undefined;
  let platformExitCode: number | null;
  try {
    let positions: Readonly<Record<string, string>> = {};
    const run = async (kind: SustainedPhaseKind, rate: number, seconds: number) => {
      log(`${kind} at ${rate} requests/s for ${seconds} s...`);
      const phase = await runOpenLoop({
        url: platform.url,
        name: `${kind} ${rate}/s`,
        prefix: `${kind}${phases.length}`,
        requestsPerSecond: rate,
        durationSeconds: seconds,
        eventsPerRequest: 1,
        maxConnections: MAX_CONNECTIONS,
        platformPid: platform.pid,
      });
      await sleep(SETTLE_MS);
      const stored = await readBack(platform.kinesisEndpoint, 'bcns', [phase], positions);
      positions = stored.positions;
      const readBackOfPhase = stored.phases[0] as PhaseReadBack;
      const result = {
        kind,
        load: phase.result,
        readBack: readBackOfPhase,
        misses: phaseMisses(phase.result, readBackOfPhase, P99_BOUND_MS),
      };
      phases.push(result);
      log(
        `  p50 ${phase.result.latencyMs.p50.toFixed(1)} ms, p99 ${phase.result.latencyMs.p99.toFixed(1)} ms: ${result.misses.join(', ') || 'held'}`,
      );
      await sleep(PAUSE_MS);
      return result.misses.length === 0;
    };

    await run('warm-up', search.startRate, search.warmupSeconds);
    const best = await probe(run, search.startRate, () => elapsedSeconds() < search.budgetSeconds * PROBE_BUDGET_SHARE);
    // A 10-s probe can pass at a rate a minute does not hold: step down until a hold passes. The
    // budget only bounds the steps while they stay above half the best probe, so a figure exists.
    const holdFits = () => elapsedSeconds() + search.holdSeconds * 1.5 < search.budgetSeconds;
    for (let rate = best; rate !== undefined; ) {
      if (await run('hold', rate, search.holdSeconds)) {
        held = phases.at(-1);
        break;
      }
      const lower = nice(rate * HOLD_STEP_DOWN);
      if (lower === rate || (!holdFits() && lower < (best ?? 0) / 2)) break;
      rate = lower;
    }
  } finally {
    log('Stopping the platform (SIGINT)...');
    platformExitCode = await platform.stop();
  }

  const benchmark: SustainedBenchmark = {
    machine,
    search,
    ...(ingest && { ingest }),
    phases,
    ...(held && { held }),
    platformExitCode,
  };
  writeJson(RESULTS_FILE, { ...benchmark, ratios: sustainedRatios(benchmark) });
  replaceSection(DOCS_FILE, 'sustained', sustainedMarkdown(benchmark));
  await writeBenchmarkCharts();
  console.log(`\n${sustainedSummary(benchmark)}\n\nWrote ${RESULTS_FILE} and the sustained section of ${DOCS_FILE}`);

  // A lost or doubled bid is a broken promise at any rate, not just at the one held.
  const unsafe = phases.some((phase) => phase.readBack.lost > 0 || phase.readBack.duplicates > 0);
  return unsafe || !held || platformExitCode !== 0 ? 1 : 0;
}

/**
 * Steps up from `start` while probes hold (down while they do not), then tries once halfway between
 * the best rate held and the lowest one not held. Returns the best rate held, if any.
 */
async function probe(
  run: (kind: SustainedPhaseKind, rate: number, seconds: number) => Promise<boolean>,
  start: number,
  inBudget: () => boolean,
): Promise<number | undefined> {
  let best: number | undefined;
  let notHeld: number | undefined;
  for (let rate = start; inBudget(); ) {
    if (await run('probe', rate, SEARCH.probeSeconds)) best = rate;
    else notHeld = rate;
    if (best !== undefined && notHeld !== undefined) break;
    const next = nice(rate * (best === undefined ? STEP_DOWN : STEP_UP));
    if (next === rate) break;
    rate = next;
  }
  if (best === undefined || notHeld === undefined) return best;
  const between = nice((best + notHeld) / 2);
  if (between > best && between < notHeld && inBudget() && (await run('probe', between, SEARCH.probeSeconds))) {
    return between;
  }
  return best;
}

function ingestFigures(machine: MachineInfo): IngestFigures | undefined {
  if (!existsSync(INGEST_RESULTS)) return undefined;
  const ingest = JSON.parse(readFileSync(INGEST_RESULTS, 'utf8')) as {
    machine: MachineInfo;
    ceiling: { recordsPerSecond: number };
    httpCeiling?: { requestsPerSecond: number };
    single: { requestsPerSecond: number };
  };
  // bench/run-all.ts passes its start time, so a result written since is from the same run.
  const runStarted = process.env.SDP_BENCH_RUN_STARTED;
  return {
    date: ingest.machine.date,
    commit: ingest.machine.commit,
    dirty: ingest.machine.dirty,
    sameRun: runStarted !== undefined && ingest.machine.date >= runStarted && ingest.machine.date <= machine.date,
    kinesisRecordsPerSecond: ingest.ceiling.recordsPerSecond,
    ...(ingest.httpCeiling && { httpRequestsPerSecond: ingest.httpCeiling.requestsPerSecond }),
    singleRequestsPerSecond: ingest.single.requestsPerSecond,
  };
}

/** Rates on a grain of 50 requests/s, so the figures read as chosen, not as computed. */
function nice(rate: number): number {
  return Math.max(RATE_GRAIN, Math.round(rate / RATE_GRAIN) * RATE_GRAIN);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function log(message: string): void {
  console.error(message);
}

process.exitCode = await main();
