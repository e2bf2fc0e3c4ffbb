import { describe, expect, it } from 'vitest';
import type { ClientEvent, EventKind } from '../../../lambda/domain/events.ts';
import { toStreamRecord } from '../../../lambda/domain/stream-records.ts';
import { RECEIVED_AT, requiredOnly, txId, validBid, validClick, validImpression } from '../../helpers/factories.ts';

/** Table rows as [name, row], so that `%s` prints the whole name (`$name` truncates it). */
const named = <T extends { name: string }>(rows: T[]): [string, T][] => rows.map((row) => [row.name, row]);

/** The same keys and values, in reverse order. */
const reversed = <T extends object>(event: T): T => Object.fromEntries(Object.entries(event).reverse()) as T;

const TX = txId(); // 3f9c2b7e-5d1a-4c8e-9b6f-000000000000
const APP = 'a41c4a0e-7c2d-4f0b-8d4e-2b1f6c9e8d70';

describe('toStreamRecord', () => {
  const cases: { name: string; kind: EventKind; event: ClientEvent; data: string }[] = [
    {
      name: 'a bid with every field, in schema order',
      kind: 'bid',
      event: validBid(),
      data: `{"tx_id":"${TX}","campaign_item_id":1463517,"app_uid":"${APP}","domain":"www.google.com","creative_id":"cr-80431","creative_category":"IAB3-1","win_price":1250000,"type":"bid","timestamp":1717243200000}`,
    },
    {
      name: 'a bid whose keys arrive in reverse order, in schema order',
      kind: 'bid',
      event: reversed(validBid()),
      data: `{"tx_id":"${TX}","campaign_item_id":1463517,"app_uid":"${APP}","domain":"www.google.com","creative_id":"cr-80431","creative_category":"IAB3-1","win_price":1250000,"type":"bid","timestamp":1717243200000}`,
    },
    {
      name: 'a bid with only the required fields, omitting the optional ones',
      kind: 'bid',
      event: requiredOnly('bid', validBid()),
      data: `{"tx_id":"${TX}","campaign_item_id":1463517,"app_uid":"${APP}","type":"bid","timestamp":1717243200000}`,
    },
    {
      name: 'a bid with one optional field in the middle of the schema',
      kind: 'bid',
      event: { app_uid: APP, creative_id: 'cr-80431', campaign_item_id: 1463517, tx_id: TX },
      data: `{"tx_id":"${TX}","campaign_item_id":1463517,"app_uid":"${APP}","creative_id":"cr-80431","type":"bid","timestamp":1717243200000}`,
    },
    {
      name: 'a bid with limit values (empty domain, zero price, largest safe id)',
      kind: 'bid',
      event: validBid({ domain: '', win_price: 0, campaign_item_id: Number.MAX_SAFE_INTEGER }),
      data: `{"tx_id":"${TX}","campaign_item_id":9007199254740991,"app_uid":"${APP}","domain":"","creative_id":"cr-80431","creative_category":"IAB3-1","win_price":0,"type":"bid","timestamp":1717243200000}`,
    },
    {
      name: 'an impression, typed "imp"',
      kind: 'impression',
      event: reversed(validImpression()),
      data: `{"tx_id":"${TX}","win_price":980000,"type":"imp","timestamp":1717243200000}`,
    },
    {
      name: 'a click',
      kind: 'click',
      event: validClick(),
      data: `{"tx_id":"${TX}","type":"click","timestamp":1717243200000}`,
    },
    {
      name: 'a bid with a client type and timestamp, replaced by the server values',
      kind: 'bid',
      event: { type: 'bid', timestamp: 1, ...requiredOnly('bid', validBid()) } as ClientEvent,
      data: `{"tx_id":"${TX}","campaign_item_id":1463517,"app_uid":"${APP}","type":"bid","timestamp":1717243200000}`,
    },
    {
      name: 'an impression with a client type and timestamp after its fields, replaced by the server values',
      kind: 'impression',
      event: { ...validImpression(), type: 'imp', timestamp: 1717243199999.5 } as ClientEvent,
      data: `{"tx_id":"${TX}","win_price":980000,"type":"imp","timestamp":1717243200000}`,
    },
    {
      name: 'a click with a client timestamp only, replaced by the receive time',
      kind: 'click',
      event: { timestamp: 0, ...validClick() } as ClientEvent,
      data: `{"tx_id":"${TX}","type":"click","timestamp":1717243200000}`,
    },
  ];

  it.each(named(cases))('builds the exact record of %s', (_name, { kind, event, data }) => {
    // Prepare: the case table.

    // Act
    const record = toStreamRecord(kind, event, RECEIVED_AT);

    // Assess
    expect(record).toStrictEqual({ data, partitionKey: TX });
  });

  it('uses each event’s own tx_id as its partition key', () => {
    // Prepare
    const events = [validImpression({ tx_id: txId(1) }), validImpression({ tx_id: txId(2) })];

    // Act
    const keys = events.map((event) => toStreamRecord('impression', event, RECEIVED_AT).partitionKey);

    // Assess
    expect(keys).toStrictEqual(['3f9c2b7e-5d1a-4c8e-9b6f-000000000001', '3f9c2b7e-5d1a-4c8e-9b6f-000000000002']);
  });

  it('stamps the receive time it is given', () => {
    // Prepare
    const receivedAt = 1_700_000_000_123;

    // Act
    const record = toStreamRecord('click', validClick(), receivedAt);

    // Assess
    expect(record).toStrictEqual({
      data: `{"tx_id":"${TX}","type":"click","timestamp":1700000000123}`,
      partitionKey: TX,
    });
  });

  describe('escaping strings', () => {
    // `json` is the value as it must appear between the quotes of the record.
    const strings: { name: string; value: string; json: string }[] = [
      { name: 'double quotes', value: 'say "hi"', json: String.raw`say \"hi\"` },
      { name: 'backslashes', value: 'C:\\ads\\new', json: String.raw`C:\\ads\\new` },
      { name: 'a trailing backslash', value: 'ends\\', json: String.raw`ends\\` },
      { name: 'newlines and a carriage return', value: 'line1\nline2\r\n', json: String.raw`line1\nline2\r\n` },
      { name: 'tabs', value: 'a\tb\t', json: String.raw`a\tb\t` },
      { name: 'control characters', value: 'nul\u0000soh\u0001us\u001f', json: String.raw`nul\u0000soh\u0001us\u001f` },
      { name: 'a JSON-looking value', value: '{"type":"click"}', json: String.raw`{\"type\":\"click\"}` },
      { name: 'accented Latin (é)', value: 'café-é', json: 'café-é' },
      { name: 'CJK (中文)', value: '广告中文', json: '广告中文' },
      { name: 'an emoji', value: 'ad-😀', json: 'ad-😀' },
      { name: 'a ZWJ emoji sequence', value: '👨‍👩‍👧', json: '👨‍👩‍👧' },
      { name: 'a line separator (U+2028)', value: 'a\u2028b', json: 'a\u2028b' },
      { name: 'a slash and a closing script tag', value: '</script>', json: '</script>' },
      { name: 'a lone surrogate', value: 'x\ud83d', json: String.raw`x\ud83d` },
      // \u007b is '{', escaped so that the linter does not take `${p}` for a template placeholder.
      {
        name: 'Velocity syntax',
        value: '$input.body #set($x = 1) $\u007bp} ## not a comment',
        json: '$input.body #set($x = 1) $\u007bp} ## not a comment',
      },
    ];

    it.each(named(strings))(
      'escapes %s in tx_id exactly once and keeps it as the partition key',
      (_name, { value, json }) => {
        // Prepare
        const event = validClick({ tx_id: value });

        // Act
        const record = toStreamRecord('click', event, RECEIVED_AT);

        // Assess
        expect(record).toStrictEqual({
          data: `{"tx_id":"${json}","type":"click","timestamp":1717243200000}`,
          partitionKey: value,
        });
      },
    );

    it.each(named(strings))('round-trips %s in bid strings through JSON.parse', (_name, { value }) => {
      // Prepare
      const event = validBid({ app_uid: value, domain: value, creative_id: value, creative_category: value });

      // Act
      const record = toStreamRecord('bid', event, RECEIVED_AT);

      // Assess
      expect(JSON.parse(record.data)).toStrictEqual({
        tx_id: TX,
        campaign_item_id: 1463517,
        app_uid: value,
        domain: value,
        creative_id: value,
        creative_category: value,
        win_price: 1250000,
        type: 'bid',
        timestamp: RECEIVED_AT,
      });
    });
  });
});
