import type { BidEvent } from '../../lambda/domain/events.ts';
import { createCatalog, makeBid, seededRandom } from '../../local/generate/traffic-model.ts';

/** Real clients send UUID tx_ids: numbered ids are padded to that length so records keep their real size. */
const TX_ID_LENGTH = 36;
const TEMPLATE_COUNT = 1_000;

type BidTemplate = Omit<BidEvent, 'tx_id'>;

const TEMPLATES: readonly BidTemplate[] = (() => {
  const random = seededRandom(1);
  const catalog = createCatalog(random);
  return Array.from({ length: TEMPLATE_COUNT }, () => {
    const { tx_id: _, ...rest } = makeBid(random, catalog);
    return rest;
  });
})();

// Rendered once: the load generator shares the machine with the platform, so bodies must be cheap to build.
const RENDERED_TAILS = TEMPLATES.map((template) => JSON.stringify(template).slice(1));

export function txId(prefix: string, n: number): string {
  return `${prefix}-${String(n).padStart(TX_ID_LENGTH - prefix.length - 1, '0')}`;
}

/**
 * Realistic bids whose tx_ids are `prefix` plus a running number, so a read-back can tell exactly
 * which bids of which phase reached the stream.
 */
export class NumberedBids {
  readonly prefix: string;
  #next = 0;

  constructor(prefix: string) {
    this.prefix = prefix;
  }

  /** Reserves `count` consecutive numbers and returns the first. */
  take(count: number): number {
    const start = this.#next;
    this.#next += count;
    return start;
  }

  txId(n: number): string {
    return txId(this.prefix, n);
  }

  bid(n: number): BidEvent {
    return { tx_id: this.txId(n), ...(TEMPLATES[n % TEMPLATES.length] as BidTemplate) };
  }

  /** The request body for bids start … start+count-1: a bare object for one, an array otherwise. */
  body(start: number, count: number): string {
    if (count === 1) return this.#json(start);
    const parts: string[] = [];
    for (let n = start; n < start + count; n++) parts.push(this.#json(n));
    return `[${parts.join(',')}]`;
  }

  #json(n: number): string {
    return `{"tx_id":"${this.txId(n)}",${RENDERED_TAILS[n % RENDERED_TAILS.length]}`;
  }
}
