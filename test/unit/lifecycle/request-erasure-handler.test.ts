import { describe, expect, it } from 'vitest';
import { saltedHash } from '../../../lambda/domain/lifecycle/erasure-match.ts';
import { erasureSalt, listErasures, readAudit } from '../../../lambda/lake/erasure-store.ts';
import { createErasureHandler } from '../../../lambda/lifecycle/request-erasure.ts';
import { filesContaining } from '../../helpers/byte-scan.ts';
import { makeLake } from '../../helpers/lake-fixtures.ts';

/* The erasure API's function (POST /erasures, GET /erasures/{id}) over a real lake store. */

const NOW = Date.UTC(2026, 11, 31, 23, 59, 30);
const USER = 'c0ffee00-erase-me-4b2a-9e61-a0c3d8f2b715';

async function api() {
  const store = await makeLake();
  const started: string[] = [];
  const handle = createErasureHandler({
    store,
    startSweep: async (id) => {
      started.push(id);
      return `arn:aws:states:eu-west-1:123456789012:execution:sweep:${id}`;
    },
    streamRetentionHours: 24,
    deliveryMs: 20 * 60_000,
    now: () => NOW,
  });
  return { store, started, handle };
}

describe('the erasure API function', () => {
  it('records a request as salted hashes, starts the sweep named after it, and answers 202', async () => {
    // Prepare
    const { store, started, handle } = await api();

    // Act
    const reply = await handle({
      httpMethod: 'POST',
      body: JSON.stringify({ app_uids: [USER] }),
      pathParameters: null,
    });

    // Assess
    expect(reply.statusCode).toBe(202);
    const body = JSON.parse(reply.body);
    expect(body.erasure_id).toMatch(/^20261231T235930Z-[0-9a-f]{8}$/);
    expect(body).toStrictEqual({
      erasure_id: body.erasure_id,
      pending_until: '2027-01-02T00:19:30.000Z',
      execution_arn: `arn:aws:states:eu-west-1:123456789012:execution:sweep:${body.erasure_id}`,
    });
    expect(started).toStrictEqual([body.erasure_id]);
    const [record] = await listErasures(store);
    expect(record?.appUids).toStrictEqual([saltedHash(await erasureSalt(store), USER)]);
    expect(await filesContaining(store.root, USER)).toStrictEqual([]);
  });

  it('answers the state and audit log of an erasure, and 404 for an unknown one', async () => {
    // Prepare
    const { store, handle } = await api();
    const posted = await handle({
      httpMethod: 'POST',
      body: JSON.stringify({ app_uids: [USER] }),
      pathParameters: null,
    });
    const id = JSON.parse(posted.body).erasure_id as string;

    // Act
    const found = await handle({ httpMethod: 'GET', body: null, pathParameters: { erasure_id: id } });
    const missing = await handle({ httpMethod: 'GET', body: null, pathParameters: { erasure_id: 'nope' } });

    // Assess
    expect(found.statusCode).toBe(200);
    expect(JSON.parse(found.body)).toStrictEqual({
      erasure_id: id,
      status: 'pending',
      pending_until: '2027-01-02T00:19:30.000Z',
      audit: await readAudit(store, id),
    });
    expect(JSON.parse(found.body).audit.map((entry: { event: string }) => entry.event)).toStrictEqual(['requested']);
    expect(missing.statusCode).toBe(404);
    expect(JSON.parse(missing.body)).toStrictEqual({ message: 'No erasure nope' });
  });

  it.each([
    ['not JSON', 'app_uids='],
    ['no ids', JSON.stringify({ app_uids: [] })],
    ['an empty id', JSON.stringify({ app_uids: [''] })],
  ])('refuses a body with %s with 400, recording and starting nothing', async (_, body) => {
    // Prepare
    const { store, started, handle } = await api();

    // Act
    const reply = await handle({ httpMethod: 'POST', body, pathParameters: null });

    // Assess
    expect(reply.statusCode).toBe(400);
    expect(JSON.parse(reply.body).message).toMatch(/^Invalid erasure request/);
    expect(started).toStrictEqual([]);
    expect(await listErasures(store)).toStrictEqual([]);
  });
});
