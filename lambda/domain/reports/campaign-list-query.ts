import { RequestError, type ValidationIssue } from '../errors.ts';
import { parseTime } from './report-query.ts';

export const CAMPAIGN_SORTS = [
  'campaign_item_id',
  'bids',
  'impressions',
  'clicks',
  'spend',
  'win_rate',
  'ctr',
] as const;
export type CampaignSort = (typeof CAMPAIGN_SORTS)[number];
export type SortOrder = 'asc' | 'desc';
export const DEFAULT_CAMPAIGN_LIMIT = 50;
export const MAX_CAMPAIGN_LIMIT = 1000;
/** The longest range one request may total: each day costs one read of every campaign's day item. */
export const MAX_RANGE_DAYS = 92;
const HOUR_MS = 3_600_000;
export const CAMPAIGN_LIST_PARAMETERS = ['from', 'to', 'sort', 'order', 'limit', 'next_token'] as const;
const PARAMETERS: readonly string[] = CAMPAIGN_LIST_PARAMETERS;

/** A validated `GET /reports/campaigns` request: campaigns with their totals over whole UTC hours. */
export interface CampaignListQuery {
  /** Inclusive, epoch ms, a whole UTC hour. */
  readonly fromMs: number;
  /** Exclusive, epoch ms, a whole UTC hour. */
  readonly toMs: number;
  readonly sort: CampaignSort;
  readonly order: SortOrder;
  readonly limit: number;
  /** From `next_token`: how many campaigns earlier pages held. */
  readonly offset: number;
}

/**
 * Parses the query string; throws {@link RequestError} listing every problem. Without `to`, the range
 * ends with the hour in progress at `now`; without `from`, it starts 24 hours before `to`.
 */
export function parseCampaignListQuery(
  params: Readonly<Record<string, string | undefined>>,
  now: Date,
): CampaignListQuery {
  const issues: ValidationIssue[] = [];
  const issue = (path: string, message: string) => issues.push({ index: null, path, message });
  for (const name of Object.keys(params)) {
    if (!PARAMETERS.includes(name)) issue(name, `is not a parameter; use ${PARAMETERS.join(', ')}`);
  }
  const wholeHour = (name: string, ms: number | undefined) => {
    if (ms !== undefined && ms % HOUR_MS !== 0) {
      issue(name, `must be a whole UTC hour (totals are kept per hour), got "${params[name]}"`);
    }
    return ms;
  };
  const toMs =
    wholeHour('to', parseTime(params.to, 'to', issue)) ?? now.getTime() - (now.getTime() % HOUR_MS) + HOUR_MS;
  const fromMs = wholeHour('from', parseTime(params.from, 'from', issue)) ?? toMs - 24 * HOUR_MS;
  if (fromMs >= toMs) issue('to', 'must be after from');
  else if (toMs - fromMs > MAX_RANGE_DAYS * 24 * HOUR_MS)
    issue('to', `must be at most ${MAX_RANGE_DAYS} days after from`);

  const sort = (params.sort ?? 'spend') as CampaignSort;
  if (!CAMPAIGN_SORTS.includes(sort)) issue('sort', `must be one of ${CAMPAIGN_SORTS.join(', ')}`);
  const order = (params.order ?? (sort === 'campaign_item_id' ? 'asc' : 'desc')) as SortOrder;
  if (order !== 'asc' && order !== 'desc') issue('order', 'must be asc or desc');

  const limit = params.limit === undefined ? DEFAULT_CAMPAIGN_LIMIT : Number(params.limit);
  if (!/^\d+$/.test(params.limit ?? '1') || limit < 1 || limit > MAX_CAMPAIGN_LIMIT) {
    issue('limit', `must be an integer from 1 to ${MAX_CAMPAIGN_LIMIT}`);
  }
  const token = params.next_token === undefined ? undefined : decodeOffsetToken(params.next_token);
  if (params.next_token !== undefined && token === undefined) issue('next_token', 'is not a token this API returned');
  if (issues.length === 0 && token && token.scope !== listScope({ fromMs, toMs, sort, order })) {
    issue('next_token', 'belongs to another query: repeat the same from, to, sort and order with it');
  }
  if (issues.length > 0) {
    throw new RequestError(
      `Invalid campaign list request: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`,
      issues,
    );
  }
  return { fromMs, toMs, sort, order, limit, offset: token?.offset ?? 0 };
}

/** What a page token is only valid for: the same range and order. */
export function listScope(query: Pick<CampaignListQuery, 'fromMs' | 'toMs' | 'sort' | 'order'>): string {
  return ['campaigns', query.fromMs, query.toMs, query.sort, query.order].join('|');
}

export function encodeOffsetToken(offset: number, scope: string): string {
  return Buffer.from(JSON.stringify({ offset, scope })).toString('base64url');
}

function decodeOffsetToken(token: string): { offset: number; scope: string } | undefined {
  try {
    const { offset, scope } = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Record<string, unknown>;
    const valid = Number.isSafeInteger(offset) && (offset as number) > 0 && typeof scope === 'string';
    return valid ? { offset: offset as number, scope: scope as string } : undefined;
  } catch {
    return undefined;
  }
}
