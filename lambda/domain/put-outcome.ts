/**
 * How a PutRecords result becomes the ingestion API's answer, identically in the API Gateway
 * response templates and in the local platform. Never 200 for a failure: 200 only when every
 * record was stored, 207 when some were (the failures name the indexes to retry), 429 when
 * none were and the stream throttled, 503 for any other stream failure.
 */
export interface PutFailure {
  readonly index: number;
  readonly error_code: string;
  readonly message: string;
}

export interface PutResponseBody {
  readonly accepted: number;
  readonly failed: number;
  readonly failures: readonly PutFailure[];
}

export interface IngestResponse {
  readonly statusCode: number;
  readonly body: PutResponseBody | { readonly message: string };
}

export const THROTTLED_CODE = 'ProvisionedThroughputExceededException';
export const THROTTLED_MESSAGE = 'The stream is throttling writes; retry this event with backoff.';
export const FAILED_MESSAGE = 'The stream failed to store this event; retry it.';
export const STREAM_UNAVAILABLE_MESSAGE = 'The event stream is unavailable; retry the request with backoff.';
export const STREAM_THROTTLED_MESSAGE = 'The event stream is throttling writes; retry the request with backoff.';

/** Per-record error codes, in request order, as PutRecords reports them (undefined = stored). */
export function putRecordsResponse(errorCodes: readonly (string | undefined)[]): IngestResponse {
  const failures: PutFailure[] = [];
  errorCodes.forEach((code, index) => {
    if (code === undefined) return;
    failures.push({ index, error_code: code, message: code === THROTTLED_CODE ? THROTTLED_MESSAGE : FAILED_MESSAGE });
  });
  const accepted = errorCodes.length - failures.length;
  const body = { accepted, failed: failures.length, failures };
  if (failures.length === 0) return { statusCode: 200, body };
  if (accepted > 0) return { statusCode: 207, body };
  return { statusCode: failures.some((f) => f.error_code === THROTTLED_CODE) ? 429 : 503, body };
}

/** The whole PutRecords call failed (the request never reached a shard, or the service erred). */
export function putRecordsCallFailed(errorType: string): IngestResponse {
  return isThrottling(errorType)
    ? { statusCode: 429, body: { message: STREAM_THROTTLED_MESSAGE } }
    : { statusCode: 503, body: { message: STREAM_UNAVAILABLE_MESSAGE } };
}

export const THROTTLING_ERROR_TYPES = [THROTTLED_CODE, 'LimitExceededException', 'KMSThrottlingException'];

function isThrottling(errorType: string): boolean {
  return THROTTLING_ERROR_TYPES.some((type) => errorType.includes(type));
}
