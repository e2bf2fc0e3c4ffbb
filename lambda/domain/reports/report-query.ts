import { RequestError, type ValidationIssue } from '../errors.ts';
import { MAX_SAFE_ID } from '../events.ts';
import { CANARY_CAMPAIGN_ID } from '../ops/canary.ts';

export const GRANULARITIES = ['period', 'hour', 'day'] as const;
export type Granularity = (typeof GRANULARITIES)[number];
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;
/** The query parameters the route takes; any other is refused. */
export const REPORT_PARAMETERS = ['from', 'to', 'granularity', 'limit', 'next_token'] as const;
const PARAMETERS: readonly string[] = REPORT_PARAMETERS;
/** A campaign id in the path: decimal digits, at most 2^53 - 1. */
export const CAMPAIGN_ID_PATTERN = /^\d{1,16}$/;
const EPOCH_SECONDS = /^\d{1,11}$/;
const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;
/** What `from` and `to` may look like (the date must also exist, and fall in 1970-9999). */
export const TIME_PATTERN = `^(?:${EPOCH_SECONDS.source.slice(1, -1)}|${ISO.source.slice(1, -1)})$`;

/** A validated `GET /reports/campaigns/{campaign_item_id}` request (SPEC.md §6). */
export interface ReportQuery {
  readonly campaignItemId: number;
  /** Inclusive, epoch ms; absent = from the first period. */
  readonly fromMs?: number;
  /** Exclusive, epoch ms; absent = up to the latest period. */
  readonly toMs?: number;
  readonly granularity: Granularity;
  readonly limit: number;
  /** From `next_token`: the page starts after this bucket. */
  readonly after?: string;
}

/** Parses the path id and query string; throws {@link RequestError} listing every problem. */
export function parseReportQuery(
  id: string | undefined,
  params: Readonly<Record<string, string | undefined>>,
): ReportQuery {
  const issues: ValidationIssue[] = [];
  const issue = (path: string, message: string) => issues.push({ index: null, path, message });

  const campaignItemId = CAMPAIGN_ID_PATTERN.test(id ?? '') ? Number(id) : Number.NaN;
  if (!Number.isSafeInteger(campaignItemId) || campaignItemId > MAX_SAFE_ID) {
    issue('campaign_item_id', `must be a non-negative integer, got "${id ?? ''}"`);
  }
  if (campaignItemId === CANARY_CAMPAIGN_ID) {
    throw new RequestError(
      `campaign ${CANARY_CAMPAIGN_ID} is reserved for the platform's freshness canary and has no report`,
      [{ index: null, path: 'campaign_item_id', message: 'is reserved for the freshness canary' }],
      404,
    );
  }
  for (const name of Object.keys(params)) {
    if (!PARAMETERS.includes(name)) issue(name, `is not a parameter; use ${PARAMETERS.join(', ')}`);
  }
  const fromMs = parseTime(params.from, 'from', issue);
  const toMs = parseTime(params.to, 'to', issue);
  if (fromMs !== undefined && toMs !== undefined && fromMs >= toMs) issue('to', 'must be after from');

  const granularity = (params.granularity ?? 'period') as Granularity;
  if (!GRANULARITIES.includes(granularity)) issue('granularity', `must be one of ${GRANULARITIES.join(', ')}`);

  const limit = params.limit === undefined ? DEFAULT_LIMIT : Number(params.limit);
  if (!/^\d+$/.test(params.limit ?? '1') || limit < 1 || limit > MAX_LIMIT) {
    issue('limit', `must be an integer from 1 to ${MAX_LIMIT}`);
  }
  const token = params.next_token === undefined ? undefined : decodeToken(params.next_token);
  if (params.next_token !== undefined && token === undefined) issue('next_token', 'is not a token this API returned');
  if (issues.length === 0 && token && token.scope !== tokenScope({ campaignItemId, fromMs, toMs, granularity })) {
    issue('next_token', 'belongs to another query: repeat the same campaign, from, to and granularity with it');
  }

  if (issues.length > 0) throw new RequestError(`Invalid report request: ${issues.map(describe).join('; ')}`, issues);
  return { campaignItemId, fromMs, toMs, granularity, limit, after: token?.after };
}

/** What a page token is only valid for: the same campaign, range and granularity. */
export function tokenScope(query: Pick<ReportQuery, 'campaignItemId' | 'fromMs' | 'toMs' | 'granularity'>): string {
  return [query.campaignItemId, query.fromMs ?? '', query.toMs ?? '', query.granularity].join('|');
}

export function encodeToken(after: string, scope: string): string {
  return Buffer.from(JSON.stringify({ after, scope })).toString('base64url');
}

function decodeToken(token: string): { after: string; scope: string } | undefined {
  try {
    const { after, scope } = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Record<string, unknown>;
    const valid =
      typeof after === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(after) && typeof scope === 'string';
    return valid ? { after, scope } : undefined;
  } catch {
    return undefined;
  }
}

/** ISO-8601 (a date, or a date-time with a zone) or epoch seconds, as epoch ms; undefined if neither. */
export function parseInstant(raw: string): number | undefined {
  const ms = EPOCH_SECONDS.test(raw)
    ? Number(raw) * 1000
    : ISO.test(raw) && isCalendarDate(raw)
      ? Date.parse(raw)
      : Number.NaN;
  return Number.isNaN(ms) || ms < 0 || ms >= Date.UTC(10000, 0) ? undefined : ms;
}

export const INSTANT_RULE = 'must be ISO-8601 (e.g. 2026-11-22T10:00:00Z) or epoch seconds';

/** {@link parseInstant} for a request parameter; undefined (and an issue) when invalid. */
export function parseTime(
  raw: string | undefined,
  name: string,
  issue: (path: string, message: string) => void,
): number | undefined {
  if (raw === undefined) return undefined;
  const ms = parseInstant(raw);
  if (ms === undefined) issue(name, `${INSTANT_RULE}, got "${raw}"`);
  return ms;
}

/** Date.parse rolls impossible days over (2026-02-30 is March 2nd); a request naming one is refused. */
function isCalendarDate(iso: string): boolean {
  const date = iso.slice(0, 10);
  const ms = Date.parse(date);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === date;
}

function describe(issue: ValidationIssue): string {
  return `${issue.path} ${issue.message}`;
}
