import { type ClientEvent, EVENT_SPECS, type EventKind, fieldEntries } from './events.ts';

/** One record for Kinesis PutRecords, before the SDK base64-encodes `data`. */
export interface StreamRecord {
  readonly data: string;
  readonly partitionKey: string;
}

/**
 * The exact `bcns` record the API Gateway mapping template builds: the event's fields in schema
 * order, then the server's `type` and receive time. Client `type`/`timestamp` never survive.
 */
export function toStreamRecord<K extends EventKind>(kind: K, event: ClientEvent<K>, receivedAt: number): StreamRecord {
  const values = event as Record<string, unknown>;
  let data = '{';
  for (const [name] of fieldEntries(kind)) {
    const value = values[name];
    if (value === undefined) continue;
    data += `${data.length > 1 ? ',' : ''}"${name}":${JSON.stringify(value)}`;
  }
  data += `,"type":"${EVENT_SPECS[kind].type}","timestamp":${receivedAt}}`;
  return { data, partitionKey: values.tx_id as string };
}
