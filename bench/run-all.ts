// `npm run bench`: runs every benchmark of the repository, one process each (so one's heap and JIT
// state cannot colour the next), then writes the summary and rebuilds docs/benchmarks.md from the
// sections the benchmarks wrote. `npm run bench -- ingest sustained` runs only those; the summary
// then shows the others' figures as from an earlier run.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { summaryMarkdown } from './lib/summary.ts';
import { DOCS_FILE, machineInfo, QUICK, RESULTS_DIR, rebuildDocument, replaceSection } from './report.ts';

// ingest measures the ceilings and the figure sustained starts its search from, so it runs first.
const BENCHMARKS = ['ingest', 'sustained', 'gatling', 'aggregation', 'freshness', 'flink', 'lake', 'ml'];
/** The benchmarks that shorten their runs under SDP_BENCH_QUICK; the others would run in full. */
const QUICK_BENCHMARKS = ['ingest', 'sustained', 'gatling'];

function main(): number {
  const requested = process.argv.slice(2);
  const available = QUICK ? QUICK_BENCHMARKS : BENCHMARKS;
  const unknown = requested.filter((name) => !available.includes(name));
  if (unknown.length > 0) {
    console.error(`Unknown benchmark ${unknown.join(', ')}; choose from ${available.join(', ')}`);
    return 2;
  }
  const selected = requested.length > 0 ? available.filter((name) => requested.includes(name)) : available;
  const machine = machineInfo();
  const exitCodes = new Map<string, number | null>();
  for (const name of selected) {
    console.log(`\n=== bench:${name}`);
    // Through npm, so each benchmark runs with the Node flags its package.json script sets; the start
    // time lets a benchmark tell results of this run from older ones.
    const { status } = spawnSync('npm', ['run', '--silent', `bench:${name}`], {
      stdio: 'inherit',
      env: { ...process.env, SDP_BENCH_RUN_STARTED: machine.date },
    });
    exitCodes.set(name, status);
    if (status !== 0) console.log(`bench:${name} failed (exit ${status})`);
  }

  const document = existsSync(DOCS_FILE) ? readFileSync(DOCS_FILE, 'utf8') : '';
  const summary = summaryMarkdown({ machine, benchmarks: BENCHMARKS, exitCodes, resultsDir: RESULTS_DIR, document });
  replaceSection(DOCS_FILE, 'summary', summary);
  const dropped = rebuildDocument(DOCS_FILE, ['summary', 'charts', ...BENCHMARKS]);
  if (dropped.length > 0) {
    console.log(`\nDropped text that was outside the section markers of ${DOCS_FILE}:\n${dropped.join('\n---\n')}`);
  }

  const failed = [...exitCodes].filter(([, status]) => status !== 0).map(([name]) => name);
  // A benchmark fails on a broken promise (a lost event, a target it exists to guard); every
  // figure and whether it met its goal is in docs/benchmarks.md.
  console.log(
    `\nbenchmarks: ${selected.length - failed.length} ran, ${failed.length} failed${failed.length > 0 ? ` (${failed.join(', ')})` : ''}; summary and figures in ${DOCS_FILE}`,
  );
  return failed.length === 0 ? 0 : 1;
}

process.exitCode = main();
