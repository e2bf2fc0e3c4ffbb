import { EventValidationError } from '../../lambda/domain/errors.ts';
import type { EventKind } from '../../lambda/domain/events.ts';
import { type IngestResponse, putRecordsCallFailed, putRecordsResponse } from '../../lambda/domain/put-outcome.ts';
import { type StreamRecord, toStreamRecord } from '../../lambda/domain/stream-records.ts';
import { parseEventBody } from '../../lambda/domain/validate-events.ts';
import type { RecordBatcher } from './record-batcher.ts';

/**
 * What `POST /bid|/impression|/click` does on AWS, done locally: the request model's validation,
 * the mapping template's record, PutRecords, and the integration response's status and body.
 */
export async function ingestEvents(
  kind: EventKind,
  body: string,
  batcher: RecordBatcher,
  receivedAt = Date.now(),
): Promise<IngestResponse> {
  let records: StreamRecord[];
  try {
    records = parseEventBody(kind, body).map((event) => toStreamRecord(kind, event, receivedAt));
  } catch (error) {
    if (error instanceof EventValidationError) return { statusCode: error.statusCode, body: error.toJSON() };
    throw error;
  }
  const result = await batcher.put(records);
  return 'callError' in result ? putRecordsCallFailed(result.callError) : putRecordsResponse(result.errorCodes);
}
