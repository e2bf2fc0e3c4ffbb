import { useState } from 'preact/hooks';
import type { Api, CampaignList } from '../api.ts';
import { formatCount, formatRatio, formatSpend } from '../format.ts';
import { LIST_RANGES, listQuery } from '../time-range.ts';
import { usePolling } from '../use-polling.ts';
import { Choice, Panel } from './panel.tsx';

type Sort = CampaignList['sort'];
type Row = CampaignList['campaigns'][number];

const PAGE_SIZE = 25;

const COLUMNS: readonly { readonly sort: Sort; readonly label: string; readonly cell: (row: Row) => string }[] = [
  { sort: 'campaign_item_id', label: 'Campaign', cell: (row) => String(row.campaign_item_id) },
  { sort: 'bids', label: 'Bids', cell: (row) => formatCount(row.bids) },
  { sort: 'impressions', label: 'Impressions', cell: (row) => formatCount(row.impressions) },
  { sort: 'clicks', label: 'Clicks', cell: (row) => formatCount(row.clicks) },
  { sort: 'win_rate', label: 'Win rate', cell: (row) => formatRatio(row.win_rate) },
  { sort: 'ctr', label: 'CTR', cell: (row) => formatRatio(row.ctr) },
  { sort: 'spend', label: 'Spend', cell: (row) => formatSpend(row.spend) },
];

export interface CampaignTableProps {
  readonly api: Api;
  readonly refreshMs: number;
  readonly selected: number | undefined;
  readonly onSelect: (campaignItemId: number) => void;
  /** Told the first campaign of every answer, so a chart can show one before anyone chooses. */
  readonly onFirst: (campaignItemId: number | undefined) => void;
}

/**
 * Every campaign's totals over a range, sorted and paged by the API (the page never holds more
 * than one page of 10,000 campaigns); a click on a header sorts, on a row selects the campaign.
 */
export function CampaignTable({ api, refreshMs, selected, onSelect, onFirst }: CampaignTableProps) {
  const [rangeId, setRangeId] = useState('24h');
  const [sort, setSort] = useState<Sort>('spend');
  const [order, setOrder] = useState<'asc' | 'desc'>('desc');
  // Tokens of the pages before this one: `Previous` pops, `Next` pushes.
  const [tokens, setTokens] = useState<string[]>([]);
  const [jump, setJump] = useState('');
  const range =
    LIST_RANGES.find((candidate) => candidate.id === rangeId) ?? (LIST_RANGES[0] as (typeof LIST_RANGES)[0]);
  const token = tokens.at(-1);
  const list = usePolling(
    async () => {
      const answer = await api.campaigns({
        ...listQuery(range, Date.now()),
        sort,
        order,
        limit: String(PAGE_SIZE),
        ...(token ? { next_token: token } : {}),
      });
      onFirst(answer.campaigns[0]?.campaign_item_id);
      return answer;
    },
    refreshMs,
    [rangeId, sort, order, token],
  );

  const sortBy = (column: Sort) => {
    setTokens([]);
    if (column === sort) setOrder(order === 'asc' ? 'desc' : 'asc');
    else {
      setSort(column);
      setOrder(column === 'campaign_item_id' ? 'asc' : 'desc');
    }
  };
  const data = list.data;
  const page = tokens.length + 1;
  const pages = data ? Math.max(1, Math.ceil(data.campaign_count / PAGE_SIZE)) : 1;

  return (
    <Panel
      title="Campaigns"
      name="campaigns"
      error={list.error}
      updatedAt={list.updatedAt}
      actions={
        <>
          <form
            class="jump"
            onSubmit={(event) => {
              event.preventDefault();
              if (/^\d+$/.test(jump)) onSelect(Number(jump));
            }}
          >
            <input
              name="campaign"
              inputMode="numeric"
              placeholder="Campaign id"
              value={jump}
              onInput={(event) => setJump((event.currentTarget as HTMLInputElement).value.trim())}
            />
          </form>
          <Choice
            label="Range"
            name="list-range"
            value={rangeId}
            options={LIST_RANGES}
            onChange={(id) => {
              setTokens([]);
              setRangeId(id);
            }}
          />
        </>
      }
    >
      <table class="campaigns">
        <thead>
          <tr>
            {COLUMNS.map((column) => (
              <th
                key={column.sort}
                data-sort={column.sort}
                aria-sort={column.sort === sort ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}
                onClick={() => sortBy(column.sort)}
              >
                {column.label}
                <span class="sort-mark">{column.sort === sort ? (order === 'asc' ? '▲' : '▼') : ''}</span>
              </th>
            ))}
          </tr>
          {data && (
            <tr class="totals" data-row="totals">
              <td>{formatCount(data.campaign_count)} campaigns</td>
              <td data-field="bids">{formatCount(data.totals.bids)}</td>
              <td data-field="impressions">{formatCount(data.totals.impressions)}</td>
              <td data-field="clicks">{formatCount(data.totals.clicks)}</td>
              <td>{formatRatio(data.totals.bids > 0 ? data.totals.impressions / data.totals.bids : null)}</td>
              <td>{formatRatio(data.totals.impressions > 0 ? data.totals.clicks / data.totals.impressions : null)}</td>
              <td data-field="spend">{formatSpend(data.totals.spend)}</td>
            </tr>
          )}
        </thead>
        <tbody>
          {data?.campaigns.map((row) => (
            <tr
              key={row.campaign_item_id}
              data-campaign={row.campaign_item_id}
              class={row.campaign_item_id === selected ? 'selected' : ''}
              onClick={() => onSelect(row.campaign_item_id)}
            >
              {COLUMNS.map((column) => (
                <td key={column.sort} data-field={column.sort}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
          {data && data.campaigns.length === 0 && (
            <tr>
              <td colSpan={COLUMNS.length} class="empty">
                No campaign had events in this range. Send some: <code>npx sdp generate</code>
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <footer class="pager">
        <button type="button" disabled={tokens.length === 0} onClick={() => setTokens(tokens.slice(0, -1))}>
          Previous
        </button>
        <span data-field="page">
          Page {page} of {pages}
        </span>
        <button
          type="button"
          disabled={!data?.next_token}
          onClick={() => data?.next_token && setTokens([...tokens, data.next_token])}
        >
          Next
        </button>
      </footer>
    </Panel>
  );
}
