import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';

const PARQUET_MAGIC = Buffer.from('PAR1');

/**
 * The files under `root` (except the directories in `skip`) that contain `needle`: in their bytes,
 * in their bytes after gzip decompression, in a failed record's base64 `rawData` (Firehose's error
 * records carry the refused record so), or, for Parquet (whose pages are Snappy-compressed, so a
 * value need not appear verbatim), in any value of any row.
 */
export async function filesContaining(root: string, needle: string, skip: readonly string[] = []): Promise<string[]> {
  const found: string[] = [];
  const bytesNeedle = Buffer.from(needle, 'utf8');
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (skip.includes(path)) continue;
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile() && (await contains(path, bytesNeedle))) found.push(relative(root, path));
    }
  };
  await walk(root);
  return found.sort();
}

async function contains(path: string, needle: Buffer): Promise<boolean> {
  const bytes = await readFile(path);
  if (bytes.includes(needle)) return true;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    let text: Buffer;
    try {
      text = gunzipSync(bytes);
    } catch {
      text = Buffer.alloc(0);
    }
    if (text.includes(needle) || inBase64Fields(text, needle)) return true;
  }
  if (inBase64Fields(bytes, needle)) return true;
  if (bytes.length >= 8 && bytes.subarray(0, 4).equals(PARQUET_MAGIC)) {
    return (await parquetText(path)).includes(needle.toString('utf8'));
  }
  return false;
}

const BASE64_FIELD = /"rawData":"([A-Za-z0-9+/=]*)"/g;

function inBase64Fields(text: Buffer, needle: Buffer): boolean {
  for (const match of text.toString('utf8').matchAll(BASE64_FIELD)) {
    if (Buffer.from(match[1] as string, 'base64').includes(needle)) return true;
  }
  return false;
}

async function parquetText(path: string): Promise<string> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(`SELECT * FROM read_parquet('${path.replaceAll("'", "''")}')`);
    return JSON.stringify(reader.getRowObjectsJS(), (_, value) => (typeof value === 'bigint' ? String(value) : value));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
