import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../local/generate/traffic-model.ts';
import { bigIntSequences } from '../../../local/services/kinesalite-bigint.mjs';

type Db = typeof bigIntSequences;
const original = createRequire(import.meta.url)('kinesalite/db') as Db;
const random = seededRandom(42);
const int = (max: number) => Math.floor(random() * max);

/** Sequence objects of the shapes kinesalite writes: versions 0, 1 and 2 (its default). */
function sequenceObjects(count: number) {
  return Array.from({ length: count }, (_, i) => {
    const shardCreateTime = (1_400_000_000 + int(400_000_000)) * 1000;
    const base = { shardCreateTime, shardIx: int(2 ** 20), byte1: int(256).toString(16).padStart(2, '0') };
    if (i % 3 === 0)
      return {
        ...base,
        version: 0,
        seqRand: int(2 ** 32)
          .toString(16)
          .padStart(16, '0'),
      };
    if (i % 3 === 1)
      return { ...base, version: 1, seqTime: shardCreateTime + int(1e9), seqRand: '00112233445566', seqIx: int(256) };
    return { ...base, seqIx: String(int(2 ** 31) * 2 ** 20 + int(2 ** 20)), seqTime: shardCreateTime + int(1e9) };
  });
}

describe('kinesalite BigInt sequences', () => {
  const objects = sequenceObjects(3000);

  it('stringifies every sequence version exactly as bignumber.js does', () => {
    expect(objects.map(bigIntSequences.stringifySequence)).toStrictEqual(objects.map(original.stringifySequence));
  });

  it('parses sequence numbers exactly as bignumber.js does', () => {
    const numbers = objects.map(original.stringifySequence);
    expect(numbers.map(bigIntSequences.parseSequence)).toStrictEqual(numbers.map(original.parseSequence));
  });

  it('parses sequence indexes beyond 2^53 exactly as bignumber.js does', () => {
    const large = Array.from({ length: 200 }, (_, i) => {
      const seqIx = ((BigInt(int(2 ** 31)) << 32n) | BigInt(int(2 ** 32))).toString();
      return { shardCreateTime: 1_600_000_000_000, shardIx: i, seqIx, seqTime: 1_600_000_100_000 };
    });
    const numbers = large.map(original.stringifySequence);
    expect(numbers.map(bigIntSequences.parseSequence)).toStrictEqual(numbers.map(original.parseSequence));
  });

  it('answers a repeated parse from its cache with an object of its own', () => {
    const numbers = objects.slice(0, 20).map(original.stringifySequence);
    const first = numbers.map(bigIntSequences.parseSequence);
    for (const parsed of first) (parsed as { seqTime?: number }).seqTime = -1;
    // Interleaved with other numbers, as PutRecords' shard starts are with GetRecords' records.
    const again = numbers.flatMap((n) => [bigIntSequences.parseSequence(n), bigIntSequences.parseSequence(numbers[0])]);

    expect(again.filter((_, i) => i % 2 === 0)).toStrictEqual(numbers.map(original.parseSequence));
    expect(again[1]).toStrictEqual(original.parseSequence(numbers[0]));
  });

  it('increments sequence numbers exactly as bignumber.js does', () => {
    const numbers = objects.filter((_, i) => i % 3 === 2).map(original.stringifySequence);
    expect(numbers.map((n) => bigIntSequences.incrementSequence(n, undefined))).toStrictEqual(
      numbers.map((n) => original.incrementSequence(n, undefined)),
    );
  });

  it('orders partition keys against shard hash ranges exactly as bignumber.js does', () => {
    const bounds = ['0', '170141183460469231731687303715884105727', '340282366920938463463374607431768211455'];
    const keys = Array.from({ length: 2000 }, (_, i) => `tx-${i}-${int(1e9)}`);
    const compare = (db: Db) =>
      keys.map((key) => {
        const hashKey = db.partitionKeyToHashKey(key) as unknown as {
          comparedTo(x: string): number;
          toFixed(): string;
        };
        return [hashKey.toFixed(), ...bounds.map((bound) => hashKey.comparedTo(bound))];
      });
    expect(compare(bigIntSequences)).toStrictEqual(compare(original));
  });

  it('rejects what bignumber.js rejects', () => {
    const between = (2n ** 150n).toString();
    expect(() => bigIntSequences.parseSequence(between)).toThrow('Unknown version: null');
    expect(() => original.parseSequence(between)).toThrow('Unknown version: null');
  });
});
