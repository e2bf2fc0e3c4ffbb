// `npm run bench`: runs every benchmark of the repository, one process each (so one's heap and
// JIT state cannot colour the next), and regenerates docs/benchmarks.md section by section.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BENCHMARKS = ['ingest', 'aggregation', 'freshness', 'flink'];
const TSX = fileURLToPath(new URL('../node_modules/tsx/dist/cli.mjs', import.meta.url));

let failed = 0;
for (const name of BENCHMARKS) {
  console.log(`\n=== bench:${name}`);
  const script = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  const { status } = spawnSync(process.execPath, [TSX, script], { stdio: 'inherit' });
  if (status !== 0) {
    failed++;
    console.log(`bench:${name} missed a target or failed (exit ${status})`);
  }
}
console.log(`\nbenchmarks: ${BENCHMARKS.length - failed} met their targets, ${failed} did not`);
process.exitCode = failed === 0 ? 0 : 1;
