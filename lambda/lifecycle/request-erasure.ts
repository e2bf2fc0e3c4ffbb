import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { RequestError } from '../domain/errors.ts';
import { parseErasureIds } from '../domain/lifecycle/erasure-request.ts';
import { readAudit, readErasure } from '../lake/erasure-store.ts';
import { lakeStoreFromEnv } from '../lake/lake-config.ts';
import type { ObjectStore } from '../lake/object-store.ts';
import { requestErasure } from '../lake/request-erasure.ts';
import { numberEnv, requiredEnv } from './lifecycle-config.ts';

const JSON_HEADERS = { 'content-type': 'application/json' };

export interface RequestErasureDeps {
  readonly store: ObjectStore;
  /** Starts the erasure's first sweep; the execution is named after the erasure. */
  readonly startSweep: (erasureId: string) => Promise<string>;
  readonly streamRetentionHours: number;
  readonly deliveryMs: number;
  readonly now?: () => number;
}

/**
 * The erasure API (IAM-authenticated): `POST /erasures` with `{"app_uids": [...]}` records the
 * request (salted hashes only) and starts the sweep's state machine, answering 202 with the erasure
 * id; `GET /erasures/{erasure_id}` answers its state and audit log. The ids in the body are never
 * logged or stored; the state machine's input is the erasure id alone.
 */
export function createErasureHandler(deps: RequestErasureDeps) {
  const now = deps.now ?? Date.now;
  return async (
    event: Pick<APIGatewayProxyEvent, 'httpMethod' | 'body' | 'pathParameters'>,
  ): Promise<APIGatewayProxyResult> => {
    try {
      if (event.httpMethod === 'GET') {
        const id = event.pathParameters?.erasure_id ?? '';
        const [pending, audit] = await Promise.all([readErasure(deps.store, id), readAudit(deps.store, id)]);
        if (!pending && audit.length === 0) {
          return { statusCode: 404, headers: JSON_HEADERS, body: JSON.stringify({ message: `No erasure ${id}` }) };
        }
        const status = pending ? 'pending' : audit.some((e) => e.event === 'completed') ? 'completed' : 'unknown';
        const body = {
          erasure_id: id,
          status,
          ...(pending ? { pending_until: new Date(pending.pendingUntil).toISOString() } : {}),
          audit,
        };
        return { statusCode: 200, headers: JSON_HEADERS, body: JSON.stringify(body) };
      }
      const ids = parseErasureIds(parseBody(event.body).app_uids);
      const record = await requestErasure({
        store: deps.store,
        appUids: ids,
        now: now(),
        streamRetentionHours: deps.streamRetentionHours,
        deliveryMs: deps.deliveryMs,
      });
      const execution = await deps.startSweep(record.id);
      const body = {
        erasure_id: record.id,
        pending_until: new Date(record.pendingUntil).toISOString(),
        execution_arn: execution,
      };
      return { statusCode: 202, headers: JSON_HEADERS, body: JSON.stringify(body) };
    } catch (error) {
      if (error instanceof RequestError) {
        return { statusCode: error.statusCode, headers: JSON_HEADERS, body: JSON.stringify(error) };
      }
      // The error, not the request: the request holds the ids.
      console.error('Erasure request failed', error);
      return { statusCode: 500, headers: JSON_HEADERS, body: JSON.stringify({ message: 'Internal server error' }) };
    }
  };
}

function parseBody(body: string | null): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(body ?? '');
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new RequestError('Invalid erasure request: the body must be a JSON object', [
    { index: null, path: '', message: 'must be a JSON object such as {"app_uids": ["…"]}' },
  ]);
}

let handle: ReturnType<typeof createErasureHandler> | undefined;

export const handler = (event: APIGatewayProxyEvent) => {
  handle ??= (() => {
    const sfn = new SFNClient({});
    const stateMachineArn = requiredEnv('erasureStateMachine');
    return createErasureHandler({
      store: lakeStoreFromEnv(),
      startSweep: async (erasureId) =>
        (
          await sfn.send(
            new StartExecutionCommand({
              stateMachineArn,
              name: erasureId,
              input: JSON.stringify({ erasure_id: erasureId }),
            }),
          )
        ).executionArn ?? '',
      streamRetentionHours: numberEnv('streamRetentionHours'),
      deliveryMs: numberEnv('deliveryMinutes') * 60_000,
    });
  })();
  return handle(event);
};
