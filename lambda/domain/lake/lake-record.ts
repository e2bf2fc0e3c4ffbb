import type { LakeColumn } from './lake-tables.ts';

/**
 * Why a stream record cannot become a row of its lake table. Such a record goes to the error prefix
 * (as Firehose's format conversion sends it to `format-conversion-failed/`), never into a table as a
 * row of NULLs, and never into a file that would make the whole table unreadable.
 */
export type UnreadableReason =
  | 'invalid-utf8'
  | 'multi-line'
  | 'not-json'
  | 'not-object'
  | 'lone-surrogate'
  | 'no-table-column'
  | 'rejected-by-converter';

export type LakeRecordCheck =
  | { readonly ok: true; readonly record: Record<string, unknown> }
  | { readonly ok: false; readonly reason: UnreadableReason; readonly message: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Checks the bytes of one stream record against what the lake's readers accept: one line of
 * well-formed UTF-8 holding a JSON object, every string well formed (JSON allows an escaped lone
 * surrogate such as `"\ud800"`, which DuckDB, Parquet and most readers refuse), and at least one
 * of the table's columns set. Type mismatches are left to the converter itself, which is stricter.
 */
export function checkLakeRecord(bytes: Uint8Array, columns: readonly LakeColumn[]): LakeRecordCheck {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return fail('invalid-utf8', 'the record is not well-formed UTF-8');
  }
  if (bytes.includes(NEWLINE) || bytes.includes(CARRIAGE_RETURN)) {
    return fail('multi-line', 'the record spans several lines; newline-delimited JSON needs one line per record');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return fail('not-json', `the record is not JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail('not-object', `the record is JSON ${Array.isArray(value) ? 'array' : typeof value}, not an object`);
  }
  const path = loneSurrogatePath(value, '');
  if (path !== undefined) return fail('lone-surrogate', `${path || 'a key'} holds a lone UTF-16 surrogate`);
  const record = value as Record<string, unknown>;
  if (!columns.some((column) => record[column.name] !== undefined && record[column.name] !== null)) {
    return fail('no-table-column', 'the record sets none of the table’s columns');
  }
  return { ok: true, record };
}

/** With the `u` flag a lone surrogate reads as a code point of category Cs; a valid pair does not. */
const LONE_SURROGATE = /\p{Cs}/u;
const wellFormed = (text: string) => !LONE_SURROGATE.test(text);

function fail(reason: UnreadableReason, message: string): LakeRecordCheck {
  return { ok: false, reason, message };
}

/** The path of the first string (value or key) that is not well-formed UTF-16, if any. */
function loneSurrogatePath(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return wellFormed(value) ? undefined : path;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const childPath = path ? `${path}.${key}` : key;
    if (!wellFormed(key)) return childPath;
    const found = loneSurrogatePath(child, childPath);
    if (found !== undefined) return found;
  }
  return undefined;
}
