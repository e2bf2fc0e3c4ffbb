import { type CostEstimate, totalsBy } from './cost-model.ts';
import { READ_ON, REGION } from './price-table.ts';
import { describeTraffic, quantity, textTable, usd, usdPerMillion } from './report-format.ts';
import type { TrafficProfile } from './traffic-profile.ts';

export interface CostReport {
  /** Where the templates came from, e.g. "synthesized with sdp:profile=lean". */
  readonly deployment: string;
  readonly traffic: TrafficProfile;
  readonly estimate: CostEstimate;
  readonly floor: CostEstimate;
}

/** What `npm run cost` prints: per stack, per service, the line items, the floor and $ per million events. */
export function renderTextReport(report: CostReport, options: { allLines?: boolean } = {}): string {
  const { estimate, floor } = report;
  const total = estimate.monthly;
  const share = (value: number) => (total > 0 ? `${((value / total) * 100).toFixed(1)}%` : '');
  const totals = (key: 'stack' | 'service') =>
    textTable(
      [key === 'stack' ? 'Stack' : 'Service', '$/month', 'share'],
      totalsBy(estimate, key).map(({ name, monthly }) => [name, usd(monthly), share(monthly)]),
      [1, 2],
    );
  const sorted = [...estimate.lines].sort((a, b) => b.monthly - a.monthly);
  const shown = options.allLines ? sorted : sorted.filter((item) => item.monthly >= 0.005).slice(0, 25);
  const lines = textTable(
    ['Stack', 'Service', 'Resource', 'Line item', 'Quantity', 'Unit', '$/unit', '$/month'],
    shown.map((item) => [
      item.stack,
      item.service,
      item.resource,
      item.item,
      quantity(item.quantity),
      item.unit,
      quantity(item.usdPerUnit),
      usd(item.monthly),
    ]),
    [4, 6, 7],
  );
  const hidden = estimate.lines.length - shown.length;
  return [
    `Monthly cost estimate: ${REGION} list prices read ${READ_ON} (cost/price-table.ts), 730 hours a month`,
    `Deployment: ${report.deployment}`,
    `Traffic: ${describeTraffic(report.traffic, estimate)}`,
    '',
    totals('stack'),
    '',
    totals('service'),
    '',
    lines,
    hidden > 0 ? `(${hidden} smaller line items not shown; --lines shows every one)` : '',
    '',
    `Total:               ${usd(total)} a month`,
    `$ per million events: ${usdPerMillion(estimate.perMillionEvents)} all-in`,
    `Fixed monthly floor: ${usd(floor.monthly)} a month with no traffic (${floorDrivers(floor)})`,
    ...estimate.warnings.map((warning) => `Warning: ${warning}`),
  ]
    .filter((line, i, all) => !(line === '' && all[i - 1] === ''))
    .join('\n');
}

/** The three largest parts of the floor, e.g. "Managed Service for Apache Flink $166, ...". */
export function floorDrivers(floor: CostEstimate): string {
  return totalsBy(floor, 'service')
    .filter((total) => total.monthly >= 0.5)
    .slice(0, 3)
    .map((total) => `${total.name} ${usd(total.monthly)}`)
    .join(', ');
}
