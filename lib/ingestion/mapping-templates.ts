import { EVENT_SPECS, type EventKind, fieldEntries } from '../../lambda/domain/events.ts';
import {
  FAILED_MESSAGE,
  STREAM_THROTTLED_MESSAGE,
  STREAM_UNAVAILABLE_MESSAGE,
  THROTTLED_CODE,
  THROTTLED_MESSAGE,
  THROTTLING_ERROR_TYPES,
} from '../../lambda/domain/put-outcome.ts';

/*
 * Velocity (VTL) templates for the direct API Gateway → Kinesis PutRecords integration, generated
 * from the event schema so they cannot drift from it. They use only constructs that behave the same
 * in API Gateway's Velocity 1.7 and in the velocityjs engine the tests render them with.
 */

/**
 * Builds the PutRecords request for one route. The request validator has already checked the body
 * against the schema, so every field is present with the right type; `$input.json` re-serialises
 * each value, which escapes quotes, backslashes and control characters exactly once.
 */
export function putRecordsRequestTemplate(kind: EventKind, streamName: string): string {
  const spec = EVENT_SPECS[kind];
  const fields = fieldEntries(kind)
    .map(([name, field], i) => {
      const pair = `${i === 0 ? '' : ','}"${name}":$input.json("\${p}.${name}")`;
      return field.required ? pair : `#if($e.containsKey('${name}'))${pair}#end`;
    })
    .join('');
  return [
    "#set($batch = $input.body.trim().startsWith('['))",
    "#if($batch)#set($events = $input.path('$'))#else#set($events = [$input.path('$')])#end",
    `#define($data){${fields},"type":"${spec.type}","timestamp":$context.requestTimeEpoch}#end`,
    `{"StreamName":"${streamName}","Records":[#foreach($e in $events)` +
      `#if($batch)#set($p = "$[$foreach.index]")#else#set($p = '$')#end` +
      `#if($foreach.index > 0),#end` +
      `{"Data":"$util.base64Encode("$data")","PartitionKey":$input.json("\${p}.tx_id")}#end]}`,
  ].join('\n');
}

/** Maps a PutRecords 200 to 200, 207, 429 or 503 with per-record failures (see put-outcome.ts). */
export function putRecordsResponseTemplate(): string {
  const isThrottled = `$r.ErrorCode == '${THROTTLED_CODE}'`;
  return [
    "#set($records = $input.path('$.Records'))",
    "#set($failed = $input.path('$.FailedRecordCount'))",
    '#set($accepted = $records.size() - $failed)',
    '#set($throttled = false)',
    `#foreach($r in $records)#if(${isThrottled})#set($throttled = true)#end#end`,
    '#if($failed > 0 && $accepted > 0)#set($context.responseOverride.status = 207)' +
      '#elseif($failed > 0 && $throttled)#set($context.responseOverride.status = 429)' +
      '#elseif($failed > 0)#set($context.responseOverride.status = 503)#end',
    '{"accepted":$accepted,"failed":$failed,"failures":[#set($sep = "")#foreach($r in $records)#if($r.ErrorCode)' +
      `\${sep}{"index":$foreach.index,"error_code":"$r.ErrorCode","message":"#if(${isThrottled})${THROTTLED_MESSAGE}#{else}${FAILED_MESSAGE}#end"}` +
      '#set($sep = ",")#end#end]}',
  ].join('\n');
}

/**
 * A 4xx or 5xx from Kinesis (the integration response is 503): throttling becomes 429, anything
 * else stays 503, since the client's input was already valid.
 */
export function putRecordsErrorTemplate(): string {
  const throttled = THROTTLING_ERROR_TYPES.map((type) => `$type.indexOf('${type}') >= 0`).join(' || ');
  return [
    `#set($type = "$input.path('$.__type')")`,
    `#if(${throttled})#set($context.responseOverride.status = 429){"message":"${STREAM_THROTTLED_MESSAGE}"}` +
      `#{else}{"message":"${STREAM_UNAVAILABLE_MESSAGE}"}#end`,
  ].join('\n');
}
