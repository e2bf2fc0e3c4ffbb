import { afterEach, describe, expect, it } from 'vitest';
import {
  bindParameters,
  HOLDOUT_PERCENT,
  isHoldout,
  parseTrainingRow,
  type TrainingSetOptions,
  trainingSetParameters,
  trainingSetQuery,
} from '../../../lambda/domain/ml/training-set.ts';
import { RECEIVED_AT } from '../../helpers/factories.ts';
import { type BcnsRow, duckDbLake } from './duckdb-lake.ts';

const T0 = RECEIVED_AT;
const WINDOW = 60_000;
const NEWEST = T0 + 600_000;

const dt = (timestamp: number) => new Date(timestamp).toISOString().slice(0, 10);
const hr = (timestamp: number) => new Date(timestamp).toISOString().slice(11, 13);

function bid(txId: string, timestamp: number, overrides: BcnsRow = {}): BcnsRow {
  return {
    tx_id: txId,
    campaign_item_id: 1463517,
    app_uid: 'app-1',
    domain: 'www.google.com',
    creative_id: 'cr-1',
    creative_category: 'finance',
    win_price: 1_250_000,
    type: 'bid',
    timestamp,
    dt: dt(timestamp),
    hr: hr(timestamp),
    ...overrides,
  };
}

/** An impression: its win_price is the clearing price, which must never reach the features. */
function imp(txId: string, timestamp: number): BcnsRow {
  return { tx_id: txId, win_price: 999, type: 'imp', timestamp, dt: dt(timestamp), hr: hr(timestamp) };
}

function click(txId: string, timestamp: number): BcnsRow {
  return { tx_id: txId, type: 'click', timestamp, dt: dt(timestamp), hr: hr(timestamp) };
}

/** A training-set row as DuckDB answers it: BIGINT columns as bigint. */
function expected(txId: string, label: 0 | 1, overrides: Record<string, unknown> = {}) {
  return {
    tx_id: txId,
    campaign_item_id: 1463517n,
    domain: 'www.google.com',
    creative_id: 'cr-1',
    creative_category: 'finance',
    win_price: 1_250_000n,
    label,
    ...overrides,
  };
}

const LAKE: BcnsRow[] = [
  bid('tx-01', T0),
  imp('tx-01', T0 + 10_000),
  bid('tx-02', T0 + 1_000, { campaign_item_id: 42, win_price: 2_000_000 }),
  // A client retry: the same bid received twice.
  bid('tx-03', T0 + 2_000),
  bid('tx-03', T0 + 5_000),
  imp('tx-03', T0 + 20_000),
  // Its impression came one millisecond after the attribution window closed.
  bid('tx-04', T0 + 3_000),
  imp('tx-04', T0 + 3_000 + WINDOW + 1),
  // The impression arrived first.
  imp('tx-05', T0 + 4_000),
  bid('tx-05', T0 + 6_000),
  bid('tx-06', T0 + 7_000, { domain: null, creative_id: null, creative_category: null, win_price: null }),
  // Too recent: its impression may still be on its way.
  bid('tx-07', NEWEST - WINDOW + 1),
  imp('tx-07', NEWEST - WINDOW + 2),
  // Exactly one window old: labelled already.
  bid('tx-08', NEWEST - WINDOW),
  // A redelivered impression.
  bid('tx-09', T0 + 8_000),
  imp('tx-09', T0 + 9_000),
  imp('tx-09', T0 + 9_000),
  // An impression without a bid.
  imp('tx-10', T0 + 9_500),
  click('tx-01', NEWEST),
];

/** Runs the training-set query on `lake` for a run at `runAt`. */
async function trainingSet(
  lake: Awaited<ReturnType<typeof duckDbLake>>,
  options: TrainingSetOptions = {},
  runAt = new Date(NEWEST),
) {
  const query = trainingSetQuery(options);
  return lake.query(bindParameters(query.sql, trainingSetParameters(query, runAt)));
}

describe('trainingSetQuery on DuckDB', () => {
  let close: (() => void) | undefined;
  afterEach(() => close?.());

  it('answers each labelled bid once, with its own features and whether an impression joined it', async () => {
    // Prepare
    const lake = await duckDbLake(LAKE);
    close = lake.close;

    // Act
    const rows = await trainingSet(lake, { attributionWindowMs: WINDOW });

    // Assess
    expect(rows).toStrictEqual([
      expected('tx-01', 1),
      expected('tx-02', 0, { campaign_item_id: 42n, win_price: 2_000_000n }),
      expected('tx-03', 1),
      expected('tx-04', 0),
      expected('tx-05', 1),
      expected('tx-06', 0, { domain: null, creative_id: null, creative_category: null, win_price: null }),
      expected('tx-08', 0),
      expected('tx-09', 1),
    ]);
  });

  it('uses the 5-minute attribution window by default', async () => {
    // Prepare: an impression 4 minutes after its bid, and the newest event 10 minutes later.
    const lake = await duckDbLake([
      bid('tx-01', T0),
      imp('tx-01', T0 + 240_000),
      bid('tx-02', T0 + 301_000),
      click('tx-01', T0 + 600_000),
    ]);
    close = lake.close;

    // Act
    const rows = await trainingSet(lake, {}, new Date(T0 + 600_000));

    // Assess: tx-02 is 299 s old, inside the default window; tx-01's impression came 240 s after it.
    expect(rows).toStrictEqual([expected('tx-01', 1)]);
  });

  it('answers no rows for an empty lake', async () => {
    // Prepare
    const lake = await duckDbLake([]);
    close = lake.close;

    // Act
    const rows = await trainingSet(lake);

    // Assess
    expect(rows).toStrictEqual([]);
  });

  it('rejects a window that is not a non-negative integer, and a lookback that is not 1 to 3650 days', () => {
    // Act & Assess
    expect(() => trainingSetQuery({ attributionWindowMs: 1.5 })).toThrow(
      'attributionWindowMs must be a non-negative integer, got 1.5',
    );
    expect(() => trainingSetQuery({ lookbackDays: 0 })).toThrow(
      'lookbackDays must be an integer from 1 to 3650, got 0',
    );
    expect(() => trainingSetParameters(trainingSetQuery(), new Date(Number.NaN))).toThrow(
      'runDay must be a valid date',
    );
  });
});

describe('the training window across day and year boundaries', () => {
  let close: (() => void) | undefined;
  afterEach(() => close?.());

  const at = (iso: string) => Date.parse(iso);

  it('reads the last lookbackDays UTC days up to the run’s day, across a year boundary', async () => {
    // Prepare: a run on 2027-01-01 over 2 days reads 2026-12-31 and 2027-01-01 only.
    const lake = await duckDbLake([
      bid('too-old', at('2026-12-30T23:59:59.999Z')),
      bid('first-day', at('2026-12-31T00:00:00.000Z')),
      bid('run-day', at('2027-01-01T08:00:00.000Z')),
      bid('after-run-day', at('2027-01-02T00:00:00.000Z')),
      click('newest', at('2027-01-01T09:00:00.000Z')),
    ]);
    close = lake.close;

    // Act
    const rows = await trainingSet(lake, { lookbackDays: 2 }, new Date(at('2027-01-01T10:00:00.000Z')));

    // Assess
    expect(rows.map((row) => row.tx_id)).toStrictEqual(['first-day', 'run-day']);
  });

  it('labels a bid of the window’s first day by an impression that arrived the day before it', async () => {
    // Prepare: the impression came 2 s before its bid, across midnight into the window.
    const lake = await duckDbLake([
      imp('early-imp', at('2026-12-31T23:59:59.000Z')),
      bid('early-imp', at('2027-01-01T00:00:01.000Z')),
      click('newest', at('2027-01-01T09:00:00.000Z')),
    ]);
    close = lake.close;

    // Act
    const rows = await trainingSet(lake, { lookbackDays: 1 }, new Date(at('2027-01-01T10:00:00.000Z')));

    // Assess
    expect(rows).toStrictEqual([expected('early-imp', 1)]);
  });

  it('takes the run’s day in UTC: a run at 00:30 UTC reads the new day, one at 23:59 the old one', async () => {
    // Prepare
    const lake = await duckDbLake([
      bid('old-day', at('2026-06-30T12:00:00.000Z')),
      click('newest-old-day', at('2026-06-30T20:00:00.000Z')),
      bid('new-day', at('2026-07-01T00:10:00.000Z')),
      click('newest', at('2026-07-01T00:20:00.000Z')),
    ]);
    close = lake.close;

    // Act
    const beforeMidnight = await trainingSet(lake, { lookbackDays: 1 }, new Date(at('2026-06-30T23:59:59.999Z')));
    const afterMidnight = await trainingSet(lake, { lookbackDays: 1 }, new Date(at('2026-07-01T00:30:00.000Z')));

    // Assess: the newest event bounds labelling within the window it reads.
    expect(beforeMidnight.map((row) => row.tx_id)).toStrictEqual(['old-day']);
    expect(afterMidnight.map((row) => row.tx_id)).toStrictEqual(['new-day']);
  });
});

describe('parseTrainingRow', () => {
  it('reads a DuckDB row (bigint columns)', () => {
    // Act
    const bid = parseTrainingRow(expected('tx-01', 1));

    // Assess
    expect(bid).toStrictEqual({
      txId: 'tx-01',
      label: 1,
      features: {
        campaign_item_id: 1463517,
        domain: 'www.google.com',
        creative_id: 'cr-1',
        creative_category: 'finance',
        win_price: 1_250_000,
      },
    });
  });

  it('reads an Athena row (every column a string) into the same bid', () => {
    // Act
    const bid = parseTrainingRow({
      tx_id: 'tx-01',
      campaign_item_id: '1463517',
      domain: 'www.google.com',
      creative_id: 'cr-1',
      creative_category: 'finance',
      win_price: '1250000',
      label: '1',
    });

    // Assess
    expect(bid).toStrictEqual(parseTrainingRow(expected('tx-01', 1)));
  });

  it('keeps nulls of optional fields', () => {
    // Act
    const bid = parseTrainingRow(
      expected('tx-06', 0, { domain: null, creative_id: null, creative_category: null, win_price: null }),
    );

    // Assess
    expect(bid.features).toStrictEqual({
      campaign_item_id: 1463517,
      domain: null,
      creative_id: null,
      creative_category: null,
      win_price: null,
    });
  });

  it.each([
    [{ label: 2 }, 'training row tx-01: label must be 0 or 1'],
    [{ campaign_item_id: null }, 'training row tx-01: campaign_item_id is null'],
    [{ win_price: 'cheap' }, 'training row tx-01: win_price is not a number: cheap'],
    [{ domain: 7 }, 'training row tx-01: domain is not a string'],
  ])('rejects a malformed row %j', (overrides, message) => {
    // Act & Assess
    expect(() => parseTrainingRow(expected('tx-01', 1, overrides))).toThrow(message);
  });
});

describe('isHoldout', () => {
  it('holds out about 20% of bids, and always the same ones', () => {
    // Prepare
    const ids = Array.from({ length: 10_000 }, (_, i) => `3f9c2b7e-5d1a-4c8e-9b6f-${i.toString(16).padStart(12, '0')}`);

    // Act
    const held = ids.filter(isHoldout);

    // Assess
    expect(HOLDOUT_PERCENT).toBe(20);
    expect(held.length).toBeGreaterThan(1_900);
    expect(held.length).toBeLessThan(2_100);
    expect(ids.filter(isHoldout)).toStrictEqual(held);
  });
});
