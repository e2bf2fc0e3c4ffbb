import type { CostEstimate } from './cost-model.ts';
import type { TrafficProfile } from './traffic-profile.ts';

/** Dollars: cents below $100, whole dollars above, thousands separated. */
export function usd(value: number): string {
  const digits = Math.abs(value) < 100 ? 2 : 0;
  return `$${value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;
}

/** Dollars per million events, to the cent or finer for small figures. */
export function usdPerMillion(value: number | undefined): string {
  if (value === undefined) return '–';
  const digits = value < 1 ? 3 : 2;
  return `$${value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;
}

/** A quantity with sensible precision: 3 significant figures, thousands separated. */
export function quantity(value: number): string {
  if (value === 0) return '0';
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  return Number(value.toPrecision(3)).toLocaleString('en-US', { maximumFractionDigits: 6 });
}

export function count(value: number): string {
  if (value >= 1e9) return `${Number((value / 1e9).toPrecision(3))} billion`;
  if (value >= 1e6) return `${Number((value / 1e6).toPrecision(3))} million`;
  return Math.round(value).toLocaleString('en-US');
}

export function percent(share: number): string {
  return `${Number((share * 100).toPrecision(3))}%`;
}

/** One line describing a traffic profile. */
export function describeTraffic(traffic: TrafficProfile, estimate: Pick<CostEstimate, 'eventsPerMonth'>): string {
  const { mix } = traffic;
  return (
    `${traffic.eventsPerSecond.toLocaleString('en-US')} events/s (${count(estimate.eventsPerMonth)} a month), ` +
    `${traffic.eventsPerRequest} event${traffic.eventsPerRequest === 1 ? '' : 's'} a request; ` +
    `${percent(mix.bids)} bids, ${percent(mix.impressions)} impressions, ${percent(mix.clicks)} clicks of ` +
    `${traffic.eventBytes} bytes; ${traffic.campaigns.toLocaleString('en-US')} campaigns; ` +
    `${traffic.reportQueriesPerDay.toLocaleString('en-US')} report queries, ` +
    `${traffic.predictionsPerDay.toLocaleString('en-US')} predictions and ${traffic.athenaQueriesPerDay} Athena queries ` +
    `of ${traffic.athenaGiBPerQuery} GiB a day; ${traffic.retentionDays} days kept`
  );
}

/** A plain-text table with the columns aligned; numeric columns (`right`) are right-aligned. */
export function textTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  right: readonly number[],
): string {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)));
  const render = (row: readonly string[]) =>
    row
      .map((cell, i) => (right.includes(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [render(header), render(widths.map((width) => '-'.repeat(width))), ...rows.map(render)].join('\n');
}

/** A Markdown table; `right` columns are right-aligned. */
export function markdownTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  right: readonly number[] = [],
): string {
  const escapeCell = (cell: string) => cell.replaceAll('|', '\\|');
  const line = (cells: readonly string[]) => `| ${cells.map(escapeCell).join(' | ')} |`;
  return [line(header), line(header.map((_, i) => (right.includes(i) ? '---:' : '---'))), ...rows.map(line)].join('\n');
}
