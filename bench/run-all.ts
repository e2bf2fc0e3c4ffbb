// `npm run bench`: runs every benchmark of the repository, one process each (so one's heap and
// JIT state cannot colour the next), and regenerates docs/benchmarks.md section by section.
import { spawnSync } from 'node:child_process';

const BENCHMARKS = ['ingest', 'aggregation', 'freshness', 'flink', 'lake'];

let failed = 0;
for (const name of BENCHMARKS) {
  console.log(`\n=== bench:${name}`);
  // Through npm, so each benchmark runs with the Node flags its package.json script sets.
  const { status } = spawnSync('npm', ['run', '--silent', `bench:${name}`], { stdio: 'inherit' });
  if (status !== 0) {
    failed++;
    console.log(`bench:${name} failed (exit ${status})`);
  }
}
// A benchmark fails on a broken promise (a lost event, a target it exists to guard); every
// figure and whether it met its goal is in docs/benchmarks.md.
console.log(
  `\nbenchmarks: ${BENCHMARKS.length - failed} ran, ${failed} failed; targets and figures in docs/benchmarks.md`,
);
process.exitCode = failed === 0 ? 0 : 1;
