// kinesalite converts every sequence number and hash key with bignumber.js, several times per
// record, and that is most of its CPU time under load. These BigInt versions compute exactly the
// same values (test/unit/local/kinesalite-bigint.test.ts compares them) several times faster.
import { createHash } from 'node:crypto';

const POW_2_124 = 2n ** 124n;
const POW_2_124_NEXT = 2n ** 125n * 16n;
const POW_2_185 = 2n ** 185n;
const POW_2_185_NEXT = 2n ** 185n + 2n ** 184n;

// Below 2^52 a Number holds the value exactly and converts without allocating BigInts.
const decimalOfHex = (hex) =>
  hex.length <= 13 || /^0{3}/.test(hex) ? String(Number.parseInt(hex, 16)) : BigInt(`0x${hex}`).toString();

function parseSequence(seq) {
  let seqNum = BigInt(seq);
  if (seqNum < POW_2_124) seqNum += POW_2_124;
  const hex = seqNum.toString(16);
  const version =
    seqNum < POW_2_124_NEXT
      ? 0
      : seqNum > POW_2_185 && seqNum < POW_2_185_NEXT
        ? Number.parseInt(hex.slice(-1), 16)
        : null;
  if (version === 2) {
    const seqIxHex = hex.slice(11, 27);
    let shardIxHex = hex.slice(38, 46);
    if (Number.parseInt(seqIxHex[0], 16) > 7) throw new Error('Sequence index too high');
    if (Number.parseInt(shardIxHex[0], 16) > 7) shardIxHex = `-${shardIxHex}`;
    const shardCreateSecs = Number.parseInt(hex.slice(1, 10), 16);
    if (shardCreateSecs >= 16025175000) throw new Error(`Date too large: ${shardCreateSecs}`);
    return {
      shardCreateTime: shardCreateSecs * 1000,
      seqIx: decimalOfHex(seqIxHex),
      byte1: hex.slice(27, 29),
      seqTime: Number.parseInt(hex.slice(29, 38), 16) * 1000,
      shardIx: Number.parseInt(shardIxHex, 16),
      version,
    };
  }
  if (version === 1) {
    return {
      shardCreateTime: Number.parseInt(hex.slice(1, 10), 16) * 1000,
      byte1: hex.slice(11, 13),
      seqTime: Number.parseInt(hex.slice(13, 22), 16) * 1000,
      seqRand: hex.slice(22, 36),
      seqIx: Number.parseInt(hex.slice(36, 38), 16),
      shardIx: Number.parseInt(hex.slice(38, 46), 16),
      version,
    };
  }
  if (version === 0) {
    const shardCreateSecs = Number.parseInt(hex.slice(1, 10), 16);
    if (shardCreateSecs >= 16025175000) throw new Error(`Date too large: ${shardCreateSecs}`);
    return {
      shardCreateTime: shardCreateSecs * 1000,
      byte1: hex.slice(10, 12),
      seqRand: hex.slice(12, 28),
      shardIx: Number.parseInt(hex.slice(28, 32), 16),
      version,
    };
  }
  throw new Error(`Unknown version: ${version}`);
}

const pad = (value, width) => `${'0'.repeat(width)}${value}`.slice(-width);
const secondsHex = (ms) => pad(Math.floor(ms / 1000).toString(16), 9);
const shardIxToHex = (shardIx) => pad((shardIx || 0).toString(16), 8);
const fromHex = (hex) => BigInt(`0x${hex}`).toString();

function stringifySequence(obj) {
  if (obj.version == null || obj.version === 2) {
    return fromHex(
      [
        '2',
        secondsHex(obj.shardCreateTime),
        (obj.shardIx || 0).toString(16).slice(-1),
        pad(BigInt(obj.seqIx || 0).toString(16), 16),
        obj.byte1 || '00',
        secondsHex(obj.seqTime || obj.shardCreateTime),
        shardIxToHex(obj.shardIx),
        '2',
      ].join(''),
    );
  }
  if (obj.version === 1) {
    return fromHex(
      [
        '2',
        secondsHex(obj.shardCreateTime),
        (obj.shardIx || 0).toString(16).slice(-1),
        obj.byte1 || '00',
        secondsHex(obj.seqTime || obj.shardCreateTime),
        obj.seqRand || '00000000000000',
        pad((obj.seqIx || 0).toString(16), 2),
        shardIxToHex(obj.shardIx),
        '1',
      ].join(''),
    );
  }
  if (obj.version === 0) {
    return fromHex(
      [
        '1',
        secondsHex(obj.shardCreateTime),
        obj.byte1 || '00',
        obj.seqRand || '0000000000000000',
        shardIxToHex(obj.shardIx).slice(-4),
      ].join(''),
    );
  }
  throw new Error(`Unknown version: ${obj.version}`);
}

function incrementSequence(seqObj, seqTime) {
  const parsed = typeof seqObj === 'string' ? parseSequence(seqObj) : seqObj;
  return stringifySequence({
    shardCreateTime: parsed.shardCreateTime,
    seqIx: parsed.seqIx,
    seqTime: seqTime || parsed.seqTime + 1000,
    shardIx: parsed.shardIx,
  });
}

/** The slice of BigNumber's API that kinesalite uses on a hash key. */
class HashKey {
  constructor(value) {
    this.value = value;
  }

  comparedTo(other) {
    const that = BigInt(String(other));
    return this.value < that ? -1 : this.value > that ? 1 : 0;
  }

  toFixed() {
    return this.value.toString();
  }
}

function partitionKeyToHashKey(partitionKey) {
  return new HashKey(BigInt(`0x${createHash('md5').update(partitionKey, 'utf8').digest('hex')}`));
}

// PutRecords parses its shard's starting sequence number once per record, so a few numbers recur;
// GetRecords parses every record's own number once. A few slots, reused in turn, keep the recurring
// ones at the cost of a few string comparisons for the rest (a Map's insertions cost more than that).
const CACHE_SLOTS = 8;
const cachedKeys = new Array(CACHE_SLOTS).fill(undefined);
const cachedValues = new Array(CACHE_SLOTS).fill(undefined);
let nextSlot = 0;
function parseSequenceMemoized(seq) {
  const key = String(seq);
  let slot = cachedKeys.indexOf(key);
  if (slot === -1) {
    slot = nextSlot;
    nextSlot = (nextSlot + 1) % CACHE_SLOTS;
    cachedValues[slot] = parseSequence(key);
    cachedKeys[slot] = key;
  }
  return { ...cachedValues[slot] };
}

/** Replaces the helpers on kinesalite's db module, which its actions call through the module object. */
export function useBigIntSequences(db) {
  Object.assign(db, {
    parseSequence: parseSequenceMemoized,
    stringifySequence,
    incrementSequence,
    partitionKeyToHashKey,
  });
}

export const bigIntSequences = {
  parseSequence: parseSequenceMemoized,
  stringifySequence,
  incrementSequence,
  partitionKeyToHashKey,
};
