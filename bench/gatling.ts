// Gatling at the sustained rate: basic.ApiPerformanceTest for a minute against a fresh local platform, at
// the request rate bench:sustained held, then the after-run loss check (gatling/verify-run.ts) on the run's
// ledger. Fails when the check finds an accepted event lost, stored twice or extra. See docs/benchmarks.md.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type GatlingStats, parseGatlingStats, reportFileFromOutput } from '../gatling/verify/gatling-stats.ts';
import { type PrintedComparison, readComparison } from '../gatling/verify/read-comparison.ts';
import { at, num } from './lib/headlines.ts';
import { type PlatformProcess, startPlatformProcess } from './lib/platform-process.ts';
import {
  DOCS_FILE,
  type MachineInfo,
  machineInfo,
  machineMarkdown,
  QUICK,
  RESULTS_DIR,
  replaceSection,
  writeJson,
} from './report.ts';

const PROJECT_DIR = fileURLToPath(new URL('..', import.meta.url));
const GATLING_DIR = join(PROJECT_DIR, 'gatling');
const LEDGER_DIR = join(GATLING_DIR, 'target', 'ledger');
const RESULTS_FILE = join(RESULTS_DIR, 'gatling.json');
const SUSTAINED_FILE = join(RESULTS_DIR, 'sustained.json');

const SIMULATION = 'basic.ApiPerformanceTest';
const DURATION_SECONDS = QUICK ? 10 : 60;
const RAMP_SECONDS = QUICK ? 2 : 5;
/** Quick runs only check that the script works, at a rate any machine holds, without bench:sustained. */
const QUICK_REQUESTS_PER_SECOND = 50;
const SEED = 1;
const CAMPAIGNS = 200;
const VERIFY_TIMEOUT_SECONDS = 180;
// No colour codes: Gatling's output is read for the report's path, and echoed into logs.
const MVN = ['-B', '-ntp', '-q', '-Dstyle.color=never'];

interface SustainedRate {
  readonly requestsPerSecond: number;
  readonly date: string;
  readonly commit: string;
  readonly dirty: boolean;
  /** Measured by the same `npm run bench` as this benchmark. */
  readonly sameRun: boolean;
}

/** Printed by basic.TrafficMix: the run's first auctions (one per user) that make up `requests` requests. */
interface TrafficMix {
  readonly transactions: number;
  readonly impressions: number;
  readonly clicks: number;
  readonly requests: number;
}

interface GatlingRun {
  readonly simulation: string;
  readonly runId: string;
  readonly seed: number;
  readonly campaigns: number;
  readonly requestsPerSecond: number;
  readonly durationSeconds: number;
  readonly rampSeconds: number;
  /** The rate over the run: the ramp from 0 counts half its seconds. */
  readonly plannedRequests: number;
  readonly mix: TrafficMix;
  readonly requestsPerUser: number;
  readonly usersPerSec: number;
}

interface LossCheck {
  /** verify-run.ts: 0 nothing lost, doubled or extra; 1 something was; 2 the check could not run. */
  readonly exitCode: number | null;
  readonly comparison?: PrintedComparison;
}

interface GatlingBenchmark {
  readonly machine: MachineInfo;
  readonly quick: boolean;
  /** Absent in quick mode, which runs at a fixed rate. */
  readonly sustained?: SustainedRate;
  readonly run: GatlingRun;
  readonly gatling: {
    /** Non-zero when a request failed (the simulation asserts none does) or the run itself failed. */
    readonly exitCode: number | null;
    /** The HTML report, relative to the repository. */
    readonly report?: string;
    readonly stats?: GatlingStats;
  };
  readonly ledger?: {
    readonly file: string;
    readonly requests: Readonly<Record<string, number>>;
  };
  readonly lossCheck?: LossCheck;
  readonly platformExitCode: number | null;
  readonly passed: boolean;
}

async function main(): Promise<number> {
  const machine = machineInfo();
  const sustained = QUICK ? undefined : sustainedRate(machine);
  const requestsPerSecond = sustained?.requestsPerSecond ?? QUICK_REQUESTS_PER_SECOND;
  const runId = `bench-${machine.date.replace(/[-:]|\.\d+/g, '')}-${process.pid}`;
  const planProperties = [`-DrunId=${runId}`, `-Dseed=${SEED}`, `-Dcampaigns=${CAMPAIGNS}`];

  const seconds = fullRateSeconds({ durationSeconds: DURATION_SECONDS, rampSeconds: RAMP_SECONDS });
  const plannedRequests = Math.round(requestsPerSecond * seconds);
  log('Compiling the simulations and counting the users that send the planned requests...');
  await mustRun('mvn', [...MVN, 'test-compile']);
  const mix = await trafficMix(planProperties, plannedRequests);
  const run: GatlingRun = {
    simulation: SIMULATION,
    runId,
    seed: SEED,
    campaigns: CAMPAIGNS,
    requestsPerSecond,
    durationSeconds: DURATION_SECONDS,
    rampSeconds: RAMP_SECONDS,
    plannedRequests,
    mix,
    requestsPerUser: mix.requests / mix.transactions,
    usersPerSec: Math.round((mix.transactions / seconds) * 100) / 100,
  };
  log(
    `  ${mix.transactions} users send ${mix.requests} requests: ${run.usersPerSec} users/s for ${requestsPerSecond} requests/s`,
  );

  const outcome = await onFreshPlatform((platform, dataDir) =>
    simulateAndCheck(run, planProperties, platform, dataDir),
  );
  const { lossCheck, platformExitCode } = outcome;
  const benchmark: GatlingBenchmark = {
    machine,
    quick: QUICK,
    ...(sustained && { sustained }),
    run,
    ...outcome,
    passed: lossCheck?.exitCode === 0 && platformExitCode === 0,
  };
  writeJson(RESULTS_FILE, benchmark);
  replaceSection(DOCS_FILE, 'gatling', gatlingMarkdown(benchmark));
  console.log(`\n${gatlingSummary(benchmark)}\n\nWrote ${RESULTS_FILE} and the gatling section of ${DOCS_FILE}`);
  return benchmark.passed ? 0 : 1;
}

type RunOutcome = Pick<GatlingBenchmark, 'gatling' | 'ledger' | 'lossCheck'>;

/** Gatling against the platform, then the loss check on the ledger it wrote, if it wrote one. */
async function simulateAndCheck(
  run: GatlingRun,
  planProperties: readonly string[],
  platform: PlatformProcess,
  dataDir: string,
): Promise<RunOutcome> {
  log(
    `Gatling: ${run.simulation} at ${run.usersPerSec} users/s for ${run.durationSeconds} s after a ${run.rampSeconds} s ramp...`,
  );
  const simulation = await runProcess('mvn', [
    ...MVN,
    'gatling:test',
    `-Dgatling.simulationClass=${run.simulation}`,
    `-DbaseUrl=${platform.url}`,
    `-DusersPerSec=${run.usersPerSec}`,
    `-Dduration=${run.durationSeconds}`,
    `-DrampSeconds=${run.rampSeconds}`,
    `-DledgerDir=${LEDGER_DIR}`,
    ...planProperties,
  ]);
  const report = reportFileFromOutput(simulation.stdout);
  const gatling = {
    exitCode: simulation.code,
    ...(report && {
      report: relative(PROJECT_DIR, report),
      stats: parseGatlingStats(readFileSync(report, 'utf8'), report),
    }),
  };
  const ledgerFile = join(LEDGER_DIR, `${run.runId}.json`);
  if (!existsSync(ledgerFile)) {
    log(`Gatling wrote no ledger (${ledgerFile}): nothing to check`);
    return { gatling };
  }
  log('Loss check: gatling/verify-run.ts on the ledger, against the reports API and the lake...');
  return {
    gatling,
    ledger: { file: relative(PROJECT_DIR, ledgerFile), requests: ledgerRequests(ledgerFile) },
    lossCheck: await verifyRun(ledgerFile, platform.url, dataDir),
  };
}

/** The single-event rate bench:sustained held for its whole hold, from its results. */
function sustainedRate(machine: MachineInfo): SustainedRate {
  if (!existsSync(SUSTAINED_FILE)) {
    throw new Error(`No ${SUSTAINED_FILE}: run \`npm run bench:sustained\` first, Gatling runs at the rate it held`);
  }
  const results: unknown = JSON.parse(readFileSync(SUSTAINED_FILE, 'utf8'));
  const requestsPerSecond = num(results, 'held.load.requestsPerSecond');
  const eventsPerRequest = num(results, 'held.load.eventsPerRequest') ?? 1;
  if (requestsPerSecond === undefined || !(requestsPerSecond > 0)) {
    throw new Error(`${SUSTAINED_FILE} has no held rate (held.load.requestsPerSecond): bench:sustained held none`);
  }
  if (eventsPerRequest !== 1) {
    throw new Error(`${SUSTAINED_FILE}: the held rate is of ${eventsPerRequest} events per request, not single events`);
  }
  const date = String(at(results, 'machine.date'));
  // bench/run-all.ts passes its start time, so a result written since is from the same run.
  const runStarted = process.env.SDP_BENCH_RUN_STARTED;
  return {
    requestsPerSecond,
    date,
    commit: String(at(results, 'machine.commit')),
    dirty: at(results, 'machine.dirty') === true,
    sameRun: runStarted !== undefined && date >= runStarted && date <= machine.date,
  };
}

async function trafficMix(planProperties: readonly string[], requests: number): Promise<TrafficMix> {
  const { stdout } = await mustRun(
    'java',
    ['-cp', 'target/test-classes', ...planProperties, 'basic.TrafficMix', String(requests)],
    false,
  );
  const mix = JSON.parse(stdout) as TrafficMix;
  if (!(mix.requests >= requests && mix.transactions > 0)) {
    throw new Error(`basic.TrafficMix printed ${stdout.trim()}, not the users of ${requests} requests`);
  }
  return mix;
}

/** Runs `use` against a fresh platform, then stops it. */
async function onFreshPlatform<T extends object>(
  use: (platform: PlatformProcess, dataDir: string) => Promise<T>,
): Promise<T & { platformExitCode: number | null }> {
  log('Starting the platform as a child process...');
  const platform = await startPlatformProcess();
  let result: T;
  let platformExitCode: number | null;
  try {
    log(`  API ${platform.url}, data in ${platform.dataDir}`);
    result = await use(platform, platform.dataDir);
  } finally {
    log('Stopping the platform (SIGINT)...');
    platformExitCode = await platform.stop();
  }
  return { ...result, platformExitCode };
}

async function verifyRun(ledgerFile: string, baseUrl: string, dataDir: string): Promise<LossCheck> {
  const { code, stdout } = await runProcess(
    'npx',
    [
      '--no-install',
      'tsx',
      join(GATLING_DIR, 'verify-run.ts'),
      '--ledger',
      ledgerFile,
      '--base-url',
      baseUrl,
      '--timeout-seconds',
      String(VERIFY_TIMEOUT_SECONDS),
    ],
    { cwd: PROJECT_DIR, env: { ...process.env, SDP_DATA_DIR: dataDir } },
  );
  // Exit 2 means the check could not run, and printed no table.
  return { exitCode: code, ...(code !== 2 && { comparison: readComparison(stdout) }) };
}

function ledgerRequests(file: string): Record<string, number> {
  const requests = at(JSON.parse(readFileSync(file, 'utf8')), 'requests');
  return Object.fromEntries(
    Object.entries(requests ?? {}).filter((entry): entry is [string, number] => typeof entry[1] === 'number'),
  );
}

interface ProcessResult {
  readonly code: number | null;
  readonly stdout: string;
}

/** Runs a command with its stdout echoed (unless `echo` is false) and kept, its stderr passed through. */
function runProcess(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; echo?: boolean } = {},
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? GATLING_DIR,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      if (options.echo !== false) process.stdout.write(text);
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout }));
  });
}

async function mustRun(command: string, args: readonly string[], echo = true): Promise<ProcessResult> {
  const result = await runProcess(command, args, { echo });
  if (result.code !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.code}:\n${result.stdout.slice(-2000)}`);
  }
  return result;
}

function gatlingMarkdown(b: GatlingBenchmark): string {
  const { run, sustained } = b;
  const { mix } = run;
  const rateSource = sustained
    ? `the single-event rate bench:sustained held (${int(run.requestsPerSecond)} requests/s, measured ${day(sustained.date)} at \`${sustained.commit}\`${sustained.dirty ? ' with uncommitted changes' : ''}${sustained.sameRun ? ' by this `npm run bench`' : ', an earlier run than this one'})`
    : `a fixed ${int(run.requestsPerSecond)} requests/s (quick mode, SDP_BENCH_QUICK=1: not the sustained rate, the figures only show that the script works)`;
  return [
    `## Gatling at the sustained rate

Regenerated by \`npm run bench:gatling\` (bench/gatling.ts); raw figures in \`bench/results/gatling.json\`.`,
    machineMarkdown(b.machine),
    `Method: the whole platform runs as a separate process (\`sdp start\` on a fresh data folder) and Gatling 3.15.1 runs \`${run.simulation}\` against it (\`mvn gatling:test\`, a JVM sharing the machine's cores; see gatling/README.md). Each virtual user is one auction: \`POST /bid\`, then \`/impression\` if the auction was won, then \`/click\` if the ad was clicked, each a single JSON object sent once the platform accepted the one before. The target request rate is ${rateSource}, that is ${int(run.plannedRequests)} requests over the run (${fullRateSeconds(run)} s at the full rate: ${run.durationSeconds} s, plus the ${run.rampSeconds} s ramp from 0 counting half). Gatling starts users, not requests: \`basic.TrafficMix\` walks the run's own traffic plan (run id \`${run.runId}\`, seed ${run.seed}, ${run.campaigns} campaigns; each user takes its next auction) until the bids, impressions and clicks of its first auctions reach that count: ${int(mix.transactions)} users, who send ${int(mix.transactions)} bids + ${int(mix.impressions)} impressions + ${int(mix.clicks)} clicks = ${int(mix.requests)} requests, ${run.requestsPerUser.toFixed(4)} per user. So **${run.usersPerSec} users/s** (${int(mix.transactions)} ÷ ${fullRateSeconds(run)} s). Then \`gatling/verify-run.ts\` waits up to ${VERIFY_TIMEOUT_SECONDS} s for the reports API, and as long again for the lake, to hold what the run's ledger says the API accepted, and fails on any accepted event missing (loss), stored twice (duplicates) or counted without being acknowledged (extra).`,
    verdictMarkdown(b),
    ...(b.gatling.stats ? [statsMarkdown(b.gatling.stats, b)] : []),
    ...(b.lossCheck?.comparison ? [lossMarkdown(b.lossCheck.comparison, b)] : []),
    b.gatling.report
      ? `Gatling's HTML report of this run: \`${b.gatling.report}\` (under \`target/\`, not committed).`
      : `Gatling generated no HTML report (exit ${b.gatling.exitCode}).`,
  ].join('\n\n');
}

function verdictMarkdown(b: GatlingBenchmark): string {
  const platform = b.platformExitCode === 0 ? '' : ` The platform did not stop cleanly (exit ${b.platformExitCode}).`;
  if (!b.lossCheck) return `**No loss check**: Gatling wrote no ledger (exit ${b.gatling.exitCode}).${platform}`;
  const { exitCode, comparison } = b.lossCheck;
  const verdict = comparison?.verdict ?? 'the check could not run';
  return `${exitCode === 0 ? '**Loss check passed**' : `**Loss check failed** (verify-run exit ${exitCode})`}: ${verdict}${platform}`;
}

function statsMarkdown(stats: GatlingStats, b: GatlingBenchmark): string {
  const row = (s: GatlingStats['global']) =>
    `| ${s.name} | ${int(s.total)} | ${int(s.ok)} | ${int(s.ko)} | ${s.perSecond.toFixed(1)} | ${[
      'mean',
      'p50',
      'p95',
      'p99',
      'max',
    ]
      .map((key) => ms(s.responseTimeMs[key]))
      .join(' | ')} |`;
  const requests = b.ledger?.requests;
  const assertion =
    b.gatling.exitCode === 0
      ? 'Gatling passed its assertion that no request fails.'
      : `Gatling exited with ${b.gatling.exitCode}: a request failed (the simulation asserts none does) or the run itself did.`;
  return [
    `| Requests | Total | OK | KO | Requests/s | Mean | p50 | p95 | p99 | Max |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${[stats.global, ...stats.requests].map(row).join('\n')}`,
    `Gatling's figures: response times from sending a request to the end of its answer, OK and KO alike; requests/s averaged over the whole simulation, the ${b.run.rampSeconds} s ramp and the last users finishing included, so below the ${int(b.run.requestsPerSecond)} requests/s offered during the ${b.run.durationSeconds} s at the full rate. The run sent ${int(stats.global.total)} requests of the ${int(b.run.plannedRequests)} planned. ${assertion}${
      requests
        ? ` The ledger's answers: ${int(requests.accepted)} requests accepted, ${int(requests.partial)} partly, ${int(requests.rejected)} rejected, ${int(requests.ambiguous)} without a clear answer.`
        : ''
    }`,
  ].join('\n\n');
}

function lossMarkdown(comparison: PrintedComparison, b: GatlingBenchmark): string {
  const rows = comparison.metrics.map(
    (m) =>
      `| ${m.metric} | ${int(m.accepted)} | ${int(m.ambiguous)} | ${int(m.reports)} | ${m.lake ? int(m.lake.rows) : '-'} | ${m.lake ? int(m.lake.distinct) : '-'} | ${m.problems.length === 0 ? 'ok' : m.problems.join(', ')} |`,
  );
  const findings =
    comparison.findings.length > 0
      ? `\n\nFindings${b.lossCheck?.exitCode === 0 ? '' : ' (the first listed by verify-run)'}:\n\n${comparison.findings.map((f) => `- \`${f}\``).join('\n')}`
      : '';
  return `| Events | Accepted (ledger) | Ambiguous | Reports API | Lake rows | Lake distinct tx_id | Verdict |
| --- | ---: | ---: | ---: | ---: | ---: | --- |
${rows.join('\n')}${findings}`;
}

function gatlingSummary(b: GatlingBenchmark): string {
  const global = b.gatling.stats?.global;
  return [
    'Gatling at the sustained rate',
    `  ${int(b.run.requestsPerSecond)} requests/s = ${b.run.usersPerSec} users/s × ${b.run.requestsPerUser.toFixed(4)} requests per user, ${b.run.durationSeconds} s after a ${b.run.rampSeconds} s ramp`,
    global
      ? `  Gatling: ${int(global.total)} requests, ${int(global.ko)} KO, p50 ${ms(global.responseTimeMs.p50)}, p99 ${ms(global.responseTimeMs.p99)}, ${global.perSecond.toFixed(1)} requests/s over the whole simulation`
      : `  Gatling: no report (exit ${b.gatling.exitCode})`,
    `  ${verdictMarkdown(b).replaceAll('**', '')}`,
    ...(b.gatling.report ? [`  report ${b.gatling.report}`] : []),
  ].join('\n');
}

/** The ramp from 0 injects users at half the full rate on average. */
function fullRateSeconds(run: Pick<GatlingRun, 'durationSeconds' | 'rampSeconds'>): number {
  return run.durationSeconds + run.rampSeconds / 2;
}

function int(value: number | undefined): string {
  return value === undefined ? 'n/a' : Math.round(value).toLocaleString('en-US');
}

function ms(value: number | null | undefined): string {
  return value === null || value === undefined ? 'n/a' : `${value} ms`;
}

function day(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

function log(message: string): void {
  console.error(message);
}

process.exitCode = await main();
