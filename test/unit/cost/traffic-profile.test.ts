import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ASSUMPTIONS,
  DEFAULT_PROFILE,
  GENERATOR_EVENT_BYTES,
  GENERATOR_MIX,
  ProfileError,
  resolveWorkload,
} from '../../../cost/traffic-profile.ts';
import {
  clearingPrice,
  clickProbability,
  createCatalog,
  makeBid,
  seededRandom,
  winProbability,
} from '../../../local/generate/traffic-model.ts';

describe('the traffic profile', () => {
  it('defaults to the local traffic generator’s mix and event size', () => {
    // Prepare: the generator's expected events per bid, from its true win and click probabilities
    const random = seededRandom(17);
    const catalog = createCatalog(random);
    let wins = 0;
    let clicks = 0;
    let bytes = 0;
    const bids = 50_000;
    const timestamp = 1_795_000_000_000;
    for (let i = 0; i < bids; i++) {
      const bid = makeBid(random, catalog);
      const win = winProbability(bid);
      const click = win * clickProbability(bid);
      const impression = { tx_id: bid.tx_id, win_price: clearingPrice(random, bid), type: 'imp', timestamp };
      wins += win;
      clicks += click;
      bytes += JSON.stringify({ ...bid, type: 'bid', timestamp }).length;
      bytes += win * JSON.stringify(impression).length;
      bytes += click * JSON.stringify({ tx_id: bid.tx_id, type: 'click', timestamp }).length;
    }
    const events = bids + wins + clicks;

    // Act
    const mix = { bids: bids / events, impressions: wins / events, clicks: clicks / events };
    const meanBytes = bytes / events;

    // Assess
    expect(GENERATOR_MIX.bids).toBeCloseTo(mix.bids, 2);
    expect(GENERATOR_MIX.impressions).toBeCloseTo(mix.impressions, 2);
    expect(GENERATOR_MIX.clicks).toBeCloseTo(mix.clicks, 2);
    expect(Math.abs(GENERATOR_EVENT_BYTES - meanBytes)).toBeLessThan(1);
  });

  it('fills what a profile leaves out from the defaults', () => {
    // Act
    const { traffic, assumptions } = resolveWorkload({
      eventsPerSecond: 50,
      mix: { bids: 0.5, impressions: 0.5, clicks: 0 },
      assumptions: { trainingMinutes: 20 },
    });

    // Assess
    expect(traffic).toStrictEqual({
      ...DEFAULT_PROFILE,
      eventsPerSecond: 50,
      mix: { bids: 0.5, impressions: 0.5, clicks: 0 },
    });
    expect(assumptions).toStrictEqual({ ...DEFAULT_ASSUMPTIONS, trainingMinutes: 20 });
  });

  it.each([
    [{ eventsPerSecond: -5 }, 'eventsPerSecond must be a number >= 0. Received -5'],
    [{ eventsPerSecond: '10' }, 'eventsPerSecond must be a number >= 0. Received "10"'],
    [{ eventsPerRequest: 0 }, 'eventsPerRequest must be an integer from 1 to 500. Received 0'],
    [{ eventsPerRequest: 2.5 }, 'eventsPerRequest must be an integer from 1 to 500. Received 2.5'],
    [{ mix: { bids: 0.9 } }, 'mix shares must sum to 1'],
    [{ eventBytes: 0 }, 'eventBytes must be at least 1. Received 0'],
    [{ eventsPerMinute: 3 }, 'Unknown profile field "eventsPerMinute"'],
    [{ assumptions: { warpFactor: 9 } }, 'Unknown assumption "warpFactor"'],
    [{ assumptions: { trainingMinutes: Number.NaN } }, 'trainingMinutes must be a number >= 0. Received null'],
  ])('rejects %j', (input, message) => {
    expect(() => resolveWorkload(input as never)).toThrow(ProfileError);
    expect(() => resolveWorkload(input as never)).toThrow(message);
  });
});
