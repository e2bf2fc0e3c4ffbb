import type { BidEvent, ImpressionEvent } from '../../lambda/domain/events.ts';

/*
 * Synthetic ad traffic with a known ground truth: whether a bid wins depends on its offered price,
 * domain and creative category through winProbability(), so a model trained on this data has a
 * real signal to find, and tests can compare it with the truth.
 */

export type Random = () => number;

/** mulberry32: a small seeded PRNG, so that a `--seed` reproduces the same traffic. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DOMAINS = [
  ['www.google.com', 0.9],
  ['news.example.com', 0.4],
  ['weather.example.org', 0.2],
  ['games.example.net', -0.3],
  ['video.example.tv', 0.6],
  ['shop.example.store', 0.0],
  ['blog.example.io', -0.6],
  ['sports.example.com', 0.3],
  ['recipes.example.co', -0.2],
  ['maps.example.app', 0.1],
] as const;

const CATEGORIES = [
  ['automotive', 0.3],
  ['finance', 0.5],
  ['travel', -0.1],
  ['gaming', -0.4],
  ['retail', 0.1],
  ['health', 0.0],
] as const;

/** Offered prices are micro-units of currency; the median bid offers 1.50. */
export const MEDIAN_PRICE = 1_500_000;
const PRICE_WEIGHT = 1.8;
const BASE_LOGIT = -0.8;

export interface TrafficCatalog {
  readonly campaigns: readonly number[];
}

export function createCatalog(random: Random, campaignCount = 25): TrafficCatalog {
  const campaigns = new Set<number>();
  while (campaigns.size < campaignCount) campaigns.add(1_000_000 + Math.floor(random() * 1_000_000));
  return { campaigns: [...campaigns] };
}

/** The true P(win) of a bid: a logistic function of log price, domain and category. */
export function winProbability(bid: Pick<BidEvent, 'win_price' | 'domain' | 'creative_category'>): number {
  const domain = DOMAINS.find(([name]) => name === bid.domain)?.[1] ?? 0;
  const category = CATEGORIES.find(([name]) => name === bid.creative_category)?.[1] ?? 0;
  const price = Math.log((bid.win_price ?? MEDIAN_PRICE) / MEDIAN_PRICE);
  return 1 / (1 + Math.exp(-(BASE_LOGIT + PRICE_WEIGHT * price + domain + category)));
}

/** P(click | impression): a few percent, higher for some categories. */
export function clickProbability(bid: Pick<BidEvent, 'creative_category'>): number {
  return bid.creative_category === 'finance' || bid.creative_category === 'travel' ? 0.08 : 0.04;
}

export function makeBid(random: Random, catalog: TrafficCatalog): BidEvent {
  const campaign = pick(random, catalog.campaigns);
  const [domain] = pick(random, DOMAINS);
  const [category] = pick(random, CATEGORIES);
  // Log-normal prices: most bids near the median, a long tail of high ones.
  const price = Math.round(MEDIAN_PRICE * Math.exp(0.6 * gaussian(random)));
  return {
    tx_id: uuid(random),
    campaign_item_id: campaign,
    app_uid: uuid(random),
    domain,
    creative_id: `creative-${campaign}-${Math.floor(random() * 3)}`,
    creative_category: category,
    win_price: price,
  };
}

/** The clearing price of a won auction: below the offer, as in a second-price auction. */
export function clearingPrice(random: Random, bid: BidEvent): number {
  return Math.round((bid.win_price ?? MEDIAN_PRICE) * (0.6 + 0.4 * random()));
}

/** One auction: the bid, and whether it won (its impression) and was clicked. */
export interface Transaction {
  readonly bid: BidEvent;
  readonly impression?: ImpressionEvent;
  readonly clicked: boolean;
}

/** Draws a bid and lets the true win and click probabilities decide what follows it. */
export function planTransaction(random: Random, catalog: TrafficCatalog): Transaction {
  const bid = makeBid(random, catalog);
  if (random() >= winProbability(bid)) return { bid, clicked: false };
  const impression = { tx_id: bid.tx_id, win_price: clearingPrice(random, bid) };
  return { bid, impression, clicked: random() < clickProbability(bid) };
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function gaussian(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

function uuid(random: Random): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
