import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { ObjectStore } from './object-store.ts';
import { CompactionVerificationError } from './verification-error.ts';

export interface TextObjectRewrite {
  readonly key: string;
  readonly kept: number;
  readonly removed: number;
}

const GZIP_MAGIC = [0x1f, 0x8b];

/** The lines of a newline-delimited object, gzip or not (Firehose's error output may be either). */
export async function readLines(store: ObjectStore, key: string): Promise<string[]> {
  const copy = await store.download(key);
  try {
    return splitLines(decode(await readFile(copy.path))).map((line) => line.toString('utf8'));
  } finally {
    await copy.release();
  }
}

/**
 * Rewrites one newline-delimited object (raw gzip NDJSON, an error file) without the lines `drop`
 * picks, under its own key. A raw table lists its prefix rather than a manifest, so the object is
 * replaced in place: S3 and a rename on one filesystem both swap a whole object atomically, so a
 * reader lists the same key and reads either every old line or every kept one, never a mix and
 * never a line twice. The kept lines are byte for byte the old ones (whatever their encoding), in
 * order; they are counted and
 * hashed before the swap and again in the bytes about to be stored. An object left with no line
 * stays, empty: deleting it could fail a query that listed it a moment before. Resolves to
 * undefined when no line matched, leaving the object untouched.
 */
export async function rewriteTextObject(
  store: ObjectStore,
  key: string,
  drop: (line: string) => boolean,
  beforeSwap?: (rewrite: TextObjectRewrite & { readonly bytes: number }) => Promise<void>,
): Promise<TextObjectRewrite | undefined> {
  const copy = await store.download(key);
  let bytes: Buffer;
  try {
    bytes = await readFile(copy.path);
  } finally {
    await copy.release();
  }
  const gzipped = bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
  const lines = splitLines(decode(bytes));
  const dropped = (line: Buffer) => drop(line.toString('utf8'));
  const kept = lines.filter((line) => !dropped(line));
  const removed = lines.length - kept.length;
  if (removed === 0) return undefined;
  const text = Buffer.concat(kept.flatMap((line) => [line, NEWLINE]));
  const stored = gzipped ? gzipSync(text) : text;
  const check = splitLines(decode(stored));
  if (check.length !== kept.length || linesHash(check) !== linesHash(kept) || check.some(dropped)) {
    throw new CompactionVerificationError(
      `${key}: the rewritten object holds ${check.length} lines (hash ${linesHash(check)}), expected ${kept.length} (${linesHash(kept)})`,
    );
  }
  await beforeSwap?.({ key, kept: kept.length, removed, bytes: stored.length });
  const dir = await mkdtemp(join(tmpdir(), 'sdp-rewrite-'));
  try {
    const path = join(dir, 'object');
    await writeFile(path, stored);
    await store.upload(path, key);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return { key, kept: kept.length, removed };
}

const NEWLINE = Buffer.from('\n');

function decode(bytes: Buffer): Buffer {
  const gzipped = bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
  return gzipped ? gunzipSync(bytes) : bytes;
}

function splitLines(bytes: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  for (let end = bytes.indexOf(0x0a); end !== -1; end = bytes.indexOf(0x0a, start)) {
    lines.push(bytes.subarray(start, end));
    start = end + 1;
  }
  if (start < bytes.length) lines.push(bytes.subarray(start));
  return lines;
}

function linesHash(lines: readonly Buffer[]): string {
  const hash = createHash('sha256');
  for (const line of lines) hash.update(line).update('\n');
  return hash.digest('hex');
}
