/**
 * Gatling's statistics of a run, read from the HTML report it writes
 * (`gatling/target/gatling/<simulation>-<timestamp>/index.html`): Gatling 3.15 writes no `stats.json`,
 * the report's statistics table is the only file that holds them. Its response times cover every
 * request, OK and KO alike.
 */
export interface RequestStats {
  /** `All Requests` for the whole run, else the request's name (`POST /bid`). */
  readonly name: string;
  readonly total: number;
  readonly ok: number;
  readonly ko: number;
  /** Requests per second over the whole simulation, ramp and drain included. */
  readonly perSecond: number;
  /** Min, max, mean, std dev and each percentile the report shows, keyed `min`, `p50`, ...; null where it shows none. */
  readonly responseTimeMs: Readonly<Record<string, number | null>>;
}

export interface GatlingStats {
  readonly global: RequestStats;
  readonly requests: readonly RequestStats[];
}

const COUNT_COLUMNS: Readonly<Record<string, 'total' | 'ok' | 'ko' | 'perSecond'>> = {
  Total: 'total',
  OK: 'ok',
  KO: 'ko',
  'Cnt/s': 'perSecond',
};
const TIME_COLUMNS: Readonly<Record<string, string>> = { Min: 'min', Max: 'max', Mean: 'mean', 'Std Dev': 'stdDev' };
const ROOT_ROW = 'ROOT';

export function parseGatlingStats(html: string, source: string): GatlingStats {
  const fail = (problem: string): never => {
    throw new Error(`${source} is not a Gatling 3.15 report: ${problem}`);
  };
  const labels = new Map<string, string>();
  for (const [, column, label] of html.matchAll(/<th id="(col-\d+)"[^>]*>([\s\S]*?)<\/th>/g)) {
    labels.set(column as string, text(label as string));
  }
  if (labels.size === 0) fail('no statistics table');
  const rows = new Map<string, RequestStats>();
  for (const [, id, cells] of html.matchAll(/<tr id="([^"]+)"[^>]*>([\s\S]*?)<\/tr>/g)) {
    const name = /class="ellipsed-name">([^<]*)</.exec(cells as string)?.[1];
    if (name === undefined) continue;
    rows.set(id as string, row(text(name), cells as string, labels, fail));
  }
  const global = rows.get(ROOT_ROW) ?? fail('no All Requests row');
  rows.delete(ROOT_ROW);
  return { global, requests: [...rows.values()] };
}

/** The report Gatling names in its last lines: `Reports generated, please open the following file: file:///...`. */
export function reportFileFromOutput(output: string): string | undefined {
  const url = /Reports generated[^\n]*?(file:\/\/\S+?index\.html)/.exec(output)?.[1];
  return url === undefined ? undefined : decodeURIComponent(new URL(url).pathname);
}

function row(name: string, cells: string, labels: ReadonlyMap<string, string>, fail: (p: string) => never) {
  const counts: Partial<Record<'total' | 'ok' | 'ko' | 'perSecond', number>> = {};
  const responseTimeMs: Record<string, number | null> = {};
  for (const [, column, raw] of cells.matchAll(/<td class="value [^"]*\b(col-\d+)">([^<]*)<\/td>/g)) {
    const label = labels.get(column as string) ?? fail(`no header for ${column}`);
    const value = raw === '-' ? null : Number(raw);
    if (value !== null && !Number.isFinite(value)) fail(`${name}: ${label} is "${raw}"`);
    const count = COUNT_COLUMNS[label];
    const percentile = /^([\d.]+)\w\w pct$/.exec(label)?.[1];
    if (count) counts[count] = value ?? fail(`${name}: no ${label}`);
    else if (percentile) responseTimeMs[`p${percentile}`] = value;
    else if (TIME_COLUMNS[label]) responseTimeMs[TIME_COLUMNS[label]] = value;
  }
  const { total, ok, ko, perSecond } = counts;
  if (total === undefined || ok === undefined || ko === undefined || perSecond === undefined) {
    return fail(`${name}: the Total, OK, KO and Cnt/s columns are not all there`);
  }
  return { name, total, ok, ko, perSecond, responseTimeMs };
}

function text(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&')
    .trim();
}
