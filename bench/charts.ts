// `npm run bench:charts`: redraws docs/benchmarks/*.svg and the charts section of docs/benchmarks.md
// from bench/results/*.json. Runs no benchmark.
import { CHARTS_DIR, writeBenchmarkCharts } from './lib/write-charts.ts';

const charts = await writeBenchmarkCharts();
console.log(`${charts.length} charts in ${CHARTS_DIR}: ${charts.map((chart) => chart.file).join(', ')}`);
