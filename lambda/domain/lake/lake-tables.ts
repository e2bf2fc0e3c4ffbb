import { EVENT_KINDS, type FieldSpec, fieldEntries } from './events.ts';

/** A Glue/Parquet column: the lake's view of a stream record field. */
export interface LakeColumn {
  readonly name: string;
  readonly type: 'string' | 'bigint';
  readonly comment: string;
}

const glueType = (field: FieldSpec): LakeColumn['type'] => (field.type === 'integer' ? 'bigint' : 'string');

/**
 * Columns of `raw_bcns`/`parquet_bcns`: the union of the three event kinds' fields in schema
 * order (first definition wins), then the server fields.
 */
export function bcnsColumns(): LakeColumn[] {
  const columns = new Map<string, LakeColumn>();
  for (const kind of EVENT_KINDS) {
    for (const [name, field] of fieldEntries(kind)) {
      if (!columns.has(name)) columns.set(name, { name, type: glueType(field), comment: field.description });
    }
  }
  columns.set('type', { name: 'type', type: 'string', comment: 'bid, imp or click; set by the server.' });
  columns.set('timestamp', { name: 'timestamp', type: 'bigint', comment: 'Receive time, epoch milliseconds (UTC).' });
  return [...columns.values()];
}
