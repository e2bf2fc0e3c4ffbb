import { describe, expect, it } from 'vitest';
import { EventValidationError, type ValidationIssue } from '../../../lambda/domain/errors.ts';
import { type ClientEvent, EVENT_KINDS, type EventKind, MAX_BODY_BYTES } from '../../../lambda/domain/events.ts';
import { parseEventBody } from '../../../lambda/domain/validate-events.ts';
import {
  RECEIVED_AT,
  requiredOnly,
  serverType,
  txId,
  validBatch,
  validBid,
  validClick,
  validEvent,
  validImpression,
} from '../../helpers/factories.ts';

interface Rejection {
  readonly statusCode: number;
  readonly body: { readonly message: string; readonly errors: readonly ValidationIssue[] };
}

/** What parseEventBody threw, as the API answers it; anything but an EventValidationError fails the test. */
function rejectionOf(kind: EventKind, body: string): Rejection | 'accepted' {
  try {
    parseEventBody(kind, body);
    return 'accepted';
  } catch (error) {
    if (!(error instanceof EventValidationError)) throw error;
    return { statusCode: error.statusCode, body: error.toJSON() };
  }
}

const invalid = (message: string, ...errors: ValidationIssue[]): Rejection => ({
  statusCode: 400,
  body: { message, errors },
});

/** A body-level 400: the message is repeated as the only issue. */
const bodyRejected = (message: string): Rejection => invalid(message, { index: null, path: '', message });

/** V8's own wording of a JSON syntax error (it varies between Node versions; the wrapping is ours). */
function syntaxErrorOf(body: string): string {
  try {
    JSON.parse(body);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${body} is valid JSON`);
}

const tooLarge: Rejection = {
  statusCode: 413,
  body: {
    message: 'Request body exceeds 1048576 bytes',
    errors: [{ index: null, path: '', message: 'body must be at most 1048576 bytes' }],
  },
};

const BID_FIELDS =
  'tx_id, campaign_item_id, app_uid, domain, creative_id, creative_category, win_price, type, timestamp';
const json = (value: unknown): string => JSON.stringify(value);
/** Table rows as [name, row], so that `%s` prints the whole name (`$name` truncates it). */
const named = <T extends { name: string }>(rows: T[]): [string, T][] => rows.map((row) => [row.name, row]);
const clickJson = json(validClick());
const emoji = '😀';

describe('parseEventBody', () => {
  describe.each(EVENT_KINDS)('accepting %s bodies', (kind) => {
    const full = validEvent(kind);
    const minimal = requiredOnly(kind, validEvent(kind));
    const three = validBatch(kind, 3);
    const cases: { name: string; body: string; events: ClientEvent[] }[] = [
      { name: 'one event with every field', body: json(full), events: [full] },
      { name: 'one event with only the required fields', body: json(minimal), events: [minimal] },
      { name: 'a batch of one event', body: json([full]), events: [full] },
      { name: 'a batch of 3 events', body: json(three), events: three },
      { name: 'a batch of 500 events', body: json(validBatch(kind, 500)), events: validBatch(kind, 500) },
      {
        name: 'a client type equal to the route type and an integer timestamp',
        body: json({ ...full, type: serverType(kind), timestamp: RECEIVED_AT }),
        events: [{ ...full, type: serverType(kind), timestamp: RECEIVED_AT } as ClientEvent],
      },
      {
        name: 'a fractional client timestamp',
        body: json({ timestamp: 1717243200.5, ...full }),
        events: [{ timestamp: 1717243200.5, ...full } as ClientEvent],
      },
      {
        name: 'a pretty-printed batch with leading and trailing whitespace',
        body: `\r\n\t  ${JSON.stringify(three, null, 2)}\n\n`,
        events: three,
      },
      { name: 'a pretty-printed single event', body: `\n  ${JSON.stringify(full, null, 4)}`, events: [full] },
    ];

    it.each(named(cases))('returns exactly the events of %s', (_name, { body, events }) => {
      // Prepare: the case table.

      // Act
      const parsed = parseEventBody(kind, body);

      // Assess
      expect(parsed).toStrictEqual(events);
    });
  });

  describe('accepting values on the limits', () => {
    const exactlyOneMegabyte = clickJson + ' '.repeat(MAX_BODY_BYTES - Buffer.byteLength(clickJson));
    const cases: { name: string; kind: EventKind; body: string; events: ClientEvent[] }[] = [
      {
        name: 'a 128-character tx_id',
        kind: 'click',
        body: json({ tx_id: 'x'.repeat(128) }),
        events: [{ tx_id: 'x'.repeat(128) }],
      },
      {
        name: 'a tx_id of 128 emoji (128 code points, 256 UTF-16 units)',
        kind: 'click',
        body: json({ tx_id: emoji.repeat(128) }),
        events: [{ tx_id: emoji.repeat(128) }],
      },
      { name: 'a 1-character tx_id', kind: 'click', body: json({ tx_id: 'x' }), events: [{ tx_id: 'x' }] },
      {
        name: 'a win_price of 0',
        kind: 'impression',
        body: json(validImpression({ win_price: 0 })),
        events: [validImpression({ win_price: 0 })],
      },
      {
        name: 'a campaign_item_id of Number.MAX_SAFE_INTEGER',
        kind: 'bid',
        body: json(validBid({ campaign_item_id: Number.MAX_SAFE_INTEGER })),
        events: [validBid({ campaign_item_id: Number.MAX_SAFE_INTEGER })],
      },
      {
        name: 'an integer written with a fraction of zero (1463517.0)',
        kind: 'bid',
        body: json(validBid()).replace('1463517', '1463517.0'),
        events: [validBid()],
      },
      {
        name: 'an empty optional domain',
        kind: 'bid',
        body: json(validBid({ domain: '' })),
        events: [validBid({ domain: '' })],
      },
      {
        name: 'a 256-character creative_category',
        kind: 'bid',
        body: json(validBid({ creative_category: 'c'.repeat(256) })),
        events: [validBid({ creative_category: 'c'.repeat(256) })],
      },
      { name: 'a body of exactly 1 MB', kind: 'click', body: exactlyOneMegabyte, events: [validClick()] },
    ];

    it.each(named(cases))('accepts %s', (_name, { kind, body, events }) => {
      // Prepare: the case table.

      // Act
      const parsed = parseEventBody(kind, body);

      // Assess
      expect(parsed).toStrictEqual(events);
    });
  });

  describe('rejecting a body that is not an event or a batch', () => {
    const overOneMegabyte = clickJson + ' '.repeat(MAX_BODY_BYTES - Buffer.byteLength(clickJson) + 1);
    const multibyteJson = json(validClick({ tx_id: 'é' }));
    // One character per byte except "é": MAX_BODY_BYTES characters, MAX_BODY_BYTES + 1 bytes.
    const overOneMegabyteInBytesOnly = multibyteJson + ' '.repeat(MAX_BODY_BYTES - multibyteJson.length);
    const cases: { name: string; kind: EventKind; body: string; expected: Rejection }[] = [
      {
        name: 'text that is not JSON',
        kind: 'click',
        body: '<event tx_id="1"/>',
        expected: bodyRejected(`Request body is not valid JSON: ${syntaxErrorOf('<event tx_id="1"/>')}`),
      },
      {
        name: 'truncated JSON',
        kind: 'bid',
        body: '{"tx_id":',
        expected: bodyRejected(`Request body is not valid JSON: ${syntaxErrorOf('{"tx_id":')}`),
      },
      {
        name: 'an empty body',
        kind: 'impression',
        body: '',
        expected: bodyRejected(`Request body is not valid JSON: ${syntaxErrorOf('')}`),
      },
      {
        name: 'a JSON integer',
        kind: 'bid',
        body: '42',
        expected: invalid('Invalid bid event: 1 error', {
          index: null,
          path: '',
          message: 'must be a JSON object (a bid event), got an integer',
        }),
      },
      {
        name: 'a JSON non-integer number',
        kind: 'bid',
        body: '1.5',
        expected: invalid('Invalid bid event: 1 error', {
          index: null,
          path: '',
          message: 'must be a JSON object (a bid event), got a non-integer number',
        }),
      },
      {
        name: 'a JSON string',
        kind: 'impression',
        body: '"hello"',
        expected: invalid('Invalid impression event: 1 error', {
          index: null,
          path: '',
          message: 'must be a JSON object (a impression event), got a string',
        }),
      },
      {
        name: 'a JSON boolean',
        kind: 'click',
        body: 'true',
        expected: invalid('Invalid click event: 1 error', {
          index: null,
          path: '',
          message: 'must be a JSON object (a click event), got a boolean',
        }),
      },
      {
        name: 'JSON null',
        kind: 'click',
        body: 'null',
        expected: invalid('Invalid click event: 1 error', {
          index: null,
          path: '',
          message: 'must be a JSON object (a click event), got null',
        }),
      },
      {
        name: 'an empty array',
        kind: 'bid',
        body: '[]',
        expected: bodyRejected('Request body is an empty array: send one event or an array of 1 to 500 events'),
      },
      {
        name: 'a batch of 501 events',
        kind: 'click',
        body: json(validBatch('click', 501)),
        expected: bodyRejected('Request body has 501 events: at most 500 are allowed per request'),
      },
      { name: 'a body over 1 MB with 413', kind: 'click', body: overOneMegabyte, expected: tooLarge },
      {
        name: 'a body of 1 MB in characters but over 1 MB in UTF-8 bytes with 413',
        kind: 'click',
        body: overOneMegabyteInBytesOnly,
        expected: tooLarge,
      },
    ];

    it.each(named(cases))('rejects %s', (_name, { kind, body, expected }) => {
      // Prepare: the case table.

      // Act
      const rejection = rejectionOf(kind, body);

      // Assess
      expect(rejection).toStrictEqual(expected);
    });
  });

  describe('rejecting one event that breaks the contract', () => {
    const field = (kind: EventKind, path: string, message: string): Rejection =>
      invalid(`Invalid ${kind} event: 1 error`, { index: null, path, message });
    const cases: { name: string; kind: EventKind; event: unknown; expected: Rejection }[] = [
      // Wrong types
      {
        name: 'a number for the string tx_id',
        kind: 'bid',
        event: { ...validBid(), tx_id: 123 },
        expected: field('bid', 'tx_id', 'must be a string, got an integer'),
      },
      {
        name: 'a fractional number for the string tx_id',
        kind: 'click',
        event: { tx_id: 3.14 },
        expected: field('click', 'tx_id', 'must be a string, got a non-integer number'),
      },
      {
        name: 'a boolean for the string tx_id',
        kind: 'impression',
        event: { ...validImpression(), tx_id: true },
        expected: field('impression', 'tx_id', 'must be a string, got a boolean'),
      },
      {
        name: 'a string for the integer campaign_item_id',
        kind: 'bid',
        event: { ...validBid(), campaign_item_id: '1463517' },
        expected: field('bid', 'campaign_item_id', 'must be an integer, got a string'),
      },
      {
        name: 'a float for the integer campaign_item_id',
        kind: 'bid',
        event: { ...validBid(), campaign_item_id: 1463517.5 },
        expected: field('bid', 'campaign_item_id', 'must be an integer, got a non-integer number'),
      },
      {
        name: 'a float for the integer win_price of an impression',
        kind: 'impression',
        event: { ...validImpression(), win_price: 0.98 },
        expected: field('impression', 'win_price', 'must be an integer, got a non-integer number'),
      },
      {
        name: 'a string for the optional integer win_price of a bid',
        kind: 'bid',
        event: { ...validBid(), win_price: '1250000' },
        expected: field('bid', 'win_price', 'must be an integer, got a string'),
      },
      {
        name: 'null for the required string app_uid',
        kind: 'bid',
        event: { ...validBid(), app_uid: null },
        expected: field('bid', 'app_uid', 'must be a string, got null'),
      },
      {
        name: 'null for the optional string domain',
        kind: 'bid',
        event: { ...validBid(), domain: null },
        expected: field('bid', 'domain', 'must be a string, got null'),
      },
      {
        name: 'null for the required integer win_price',
        kind: 'impression',
        event: { ...validImpression(), win_price: null },
        expected: field('impression', 'win_price', 'must be an integer, got null'),
      },
      {
        name: 'an array for the string creative_id',
        kind: 'bid',
        event: { ...validBid(), creative_id: ['cr-80431'] },
        expected: field('bid', 'creative_id', 'must be a string, got an array'),
      },
      {
        name: 'an object for the string creative_category',
        kind: 'bid',
        event: { ...validBid(), creative_category: { iab: 'IAB3-1' } },
        expected: field('bid', 'creative_category', 'must be a string, got an object'),
      },
      // Missing required fields
      {
        name: 'a bid without campaign_item_id',
        kind: 'bid',
        event: { tx_id: txId(), app_uid: 'a41c4a0e' },
        expected: field('bid', 'campaign_item_id', 'is required'),
      },
      {
        name: 'an impression without win_price',
        kind: 'impression',
        event: { tx_id: txId() },
        expected: field('impression', 'win_price', 'is required'),
      },
      { name: 'a click without tx_id', kind: 'click', event: {}, expected: field('click', 'tx_id', 'is required') },
      {
        name: 'an empty bid object, naming every missing field',
        kind: 'bid',
        event: {},
        expected: invalid(
          'Invalid bid event: 3 errors',
          { index: null, path: 'tx_id', message: 'is required' },
          { index: null, path: 'campaign_item_id', message: 'is required' },
          { index: null, path: 'app_uid', message: 'is required' },
        ),
      },
      // Unknown fields
      {
        name: 'an unknown field on a bid',
        kind: 'bid',
        event: { ...validBid(), price: 1 },
        expected: field('bid', 'price', `is not a field of a bid event (known fields: ${BID_FIELDS})`),
      },
      {
        name: 'a field name in the wrong case',
        kind: 'bid',
        event: { ...validBid(), TX_ID: txId() },
        expected: field('bid', 'TX_ID', `is not a field of a bid event (known fields: ${BID_FIELDS})`),
      },
      {
        name: 'a bid field on a click',
        kind: 'click',
        event: { ...validClick(), win_price: 10 },
        expected: field('click', 'win_price', 'is not a field of a click event (known fields: tx_id, type, timestamp)'),
      },
      {
        name: 'a bid field on an impression',
        kind: 'impression',
        event: { ...validImpression(), domain: 'www.google.com' },
        expected: field(
          'impression',
          'domain',
          'is not a field of a impression event (known fields: tx_id, win_price, type, timestamp)',
        ),
      },
      {
        name: 'an unknown field named like an Object.prototype member (toString)',
        kind: 'click',
        event: { ...validClick(), toString: 'x' },
        expected: field('click', 'toString', 'is not a field of a click event (known fields: tx_id, type, timestamp)'),
      },
      {
        name: 'an unknown field named constructor',
        kind: 'bid',
        event: { ...validBid(), constructor: 1 },
        expected: field('bid', 'constructor', `is not a field of a bid event (known fields: ${BID_FIELDS})`),
      },
      // Server fields
      {
        name: 'a bid whose type says click',
        kind: 'bid',
        event: { ...validBid(), type: 'click' },
        expected: field('bid', 'type', 'must be "bid" on /bid (the server sets it)'),
      },
      {
        name: 'an impression whose type is the route name rather than "imp"',
        kind: 'impression',
        event: { ...validImpression(), type: 'impression' },
        expected: field('impression', 'type', 'must be "imp" on /impression (the server sets it)'),
      },
      {
        name: 'a null type',
        kind: 'click',
        event: { ...validClick(), type: null },
        expected: field('click', 'type', 'must be "click" on /click (the server sets it)'),
      },
      {
        name: 'an ISO string timestamp',
        kind: 'click',
        event: { ...validClick(), timestamp: '2024-06-01T12:00:00Z' },
        expected: field('click', 'timestamp', 'must be a number (the server replaces it)'),
      },
      {
        name: 'a null timestamp',
        kind: 'bid',
        event: { ...validBid(), timestamp: null },
        expected: field('bid', 'timestamp', 'must be a number (the server replaces it)'),
      },
      // Limits
      {
        name: 'a 129-character tx_id',
        kind: 'click',
        event: { tx_id: 'x'.repeat(129) },
        expected: field('click', 'tx_id', 'must be 1 to 128 characters long, got 129'),
      },
      {
        name: 'a tx_id of 129 emoji',
        kind: 'click',
        event: { tx_id: emoji.repeat(129) },
        expected: field('click', 'tx_id', 'must be 1 to 128 characters long, got 129'),
      },
      {
        name: 'an empty tx_id',
        kind: 'impression',
        event: { ...validImpression(), tx_id: '' },
        expected: field('impression', 'tx_id', 'must be 1 to 128 characters long, got 0'),
      },
      {
        name: 'an empty app_uid',
        kind: 'bid',
        event: { ...validBid(), app_uid: '' },
        expected: field('bid', 'app_uid', 'must be 1 to 256 characters long, got 0'),
      },
      {
        name: 'a 257-character domain',
        kind: 'bid',
        event: { ...validBid(), domain: `${'d'.repeat(253)}.com` },
        expected: field('bid', 'domain', 'must be 0 to 256 characters long, got 257'),
      },
      {
        name: 'a negative win_price on a bid',
        kind: 'bid',
        event: { ...validBid(), win_price: -1 },
        expected: field('bid', 'win_price', 'must be between 0 and 9007199254740991, got -1'),
      },
      {
        name: 'a negative win_price on an impression',
        kind: 'impression',
        event: { ...validImpression(), win_price: -980000 },
        expected: field('impression', 'win_price', 'must be between 0 and 9007199254740991, got -980000'),
      },
      {
        name: 'a campaign_item_id of Number.MAX_SAFE_INTEGER + 1',
        kind: 'bid',
        event: { ...validBid(), campaign_item_id: 9007199254740992 },
        expected: field('bid', 'campaign_item_id', 'must be between 0 and 9007199254740991, got 9007199254740992'),
      },
      {
        name: 'a campaign_item_id of 1e20',
        kind: 'bid',
        event: { ...validBid(), campaign_item_id: 1e20 },
        expected: field('bid', 'campaign_item_id', 'must be between 0 and 9007199254740991, got 100000000000000000000'),
      },
    ];

    it.each(named(cases))('rejects %s', (_name, { kind, event, expected }) => {
      // Prepare
      const body = JSON.stringify(event);

      // Act
      const rejection = rejectionOf(kind, body);

      // Assess
      expect(rejection).toStrictEqual(expected);
    });

    it('rejects an unknown field named __proto__', () => {
      // Prepare: JSON.parse makes "__proto__" an own key; an object literal cannot.
      const body = `{"tx_id":"${txId()}","__proto__":{"tx_id":"x"}}`;

      // Act
      const rejection = rejectionOf('click', body);

      // Assess
      expect(rejection).toStrictEqual(
        field('click', '__proto__', 'is not a field of a click event (known fields: tx_id, type, timestamp)'),
      );
    });
  });

  describe('text that no UTF-8 writer or reader can keep', () => {
    const surrogate = 'must be well-formed Unicode, got a lone surrogate (an unpaired \\ud800-\\udfff escape)';
    const replacement =
      'must not contain U+FFFD, the replacement character: the text was not valid UTF-8 before it was sent';
    const cases: { name: string; kind: EventKind; body: string; expected: Rejection }[] = [
      {
        name: 'a lone high surrogate escape as the tx_id',
        kind: 'click',
        body: '{"tx_id":"\\ud800"}',
        expected: invalid('Invalid click event: 1 error', { index: null, path: 'tx_id', message: surrogate }),
      },
      {
        name: 'a lone low surrogate escape inside a domain',
        kind: 'bid',
        body: json(validBid()).replace('www.google.com', 'www.\\udc00.com'),
        expected: invalid('Invalid bid event: 1 error', { index: null, path: 'domain', message: surrogate }),
      },
      {
        name: 'a high surrogate escape followed by another high surrogate',
        kind: 'bid',
        body: json(validBid()).replace('www.google.com', '\\ud83d\\ud83d'),
        expected: invalid('Invalid bid event: 1 error', { index: null, path: 'domain', message: surrogate }),
      },
      {
        name: 'an escaped U+FFFD in an app_uid',
        kind: 'bid',
        body: json(validBid()).replace('"app_uid":"', '"app_uid":"\\ufffd'),
        expected: invalid('Invalid bid event: 1 error', { index: null, path: 'app_uid', message: replacement }),
      },
      {
        name: 'a raw U+FFFD in the second event of a batch',
        kind: 'click',
        body: json([validClick(), { tx_id: 'caf\ufffd' }]),
        expected: invalid('Invalid batch of click events: 1 error', {
          index: 1,
          path: 'tx_id',
          message: replacement,
        }),
      },
    ];

    it.each(named(cases))('rejects %s', (_name, { kind, body, expected }) => {
      // Prepare: the row.

      // Act
      const rejection = rejectionOf(kind, body);

      // Assess
      expect(rejection).toStrictEqual(expected);
    });

    it('accepts an escaped surrogate pair, which is one character', () => {
      // Prepare
      const body = '{"tx_id":"ad-\\ud83d\\ude00"}';

      // Act
      const events = parseEventBody('click', body);

      // Assess
      expect(events).toStrictEqual([{ tx_id: `ad-${emoji}` }]);
    });
  });

  describe('a key given twice in one object', () => {
    it('validates the last value, the one the stored record keeps', () => {
      // Prepare: JSON.parse, like Jackson's tree model on API Gateway, keeps the last of duplicate keys.
      const body = '{"tx_id":"first","tx_id":"second","win_price":-1,"win_price":7}';

      // Act
      const events = parseEventBody('impression', body);

      // Assess
      expect(events).toStrictEqual([{ tx_id: 'second', win_price: 7 }]);
    });

    it('rejects an object whose last value of a key breaks the contract, whatever came first', () => {
      // Prepare
      const body = '{"tx_id":"valid","tx_id":5}';

      // Act
      const rejection = rejectionOf('click', body);

      // Assess
      expect(rejection).toStrictEqual(
        invalid('Invalid click event: 1 error', {
          index: null,
          path: 'tx_id',
          message: 'must be a string, got an integer',
        }),
      );
    });
  });

  describe('rejecting a batch with bad events', () => {
    const cases: { name: string; kind: EventKind; events: unknown[]; expected: Rejection }[] = [
      {
        name: 'a batch holding a number among events',
        kind: 'bid',
        events: [validBid({ tx_id: txId(0) }), 7, validBid({ tx_id: txId(2) })],
        expected: invalid('Invalid batch of bid events: 1 error', {
          index: 1,
          path: '',
          message: 'must be a JSON object (a bid event), got an integer',
        }),
      },
      {
        name: 'a batch holding a nested array',
        kind: 'click',
        events: [validClick(), [validClick()]],
        expected: invalid('Invalid batch of click events: 1 error', {
          index: 1,
          path: '',
          message: 'must be a JSON object (a click event), got an array',
        }),
      },
      {
        name: 'a batch holding null',
        kind: 'impression',
        events: [null, validImpression()],
        expected: invalid('Invalid batch of impression events: 1 error', {
          index: 0,
          path: '',
          message: 'must be a JSON object (a impression event), got null',
        }),
      },
      {
        name: 'a batch with errors in two events, each named by its index',
        kind: 'impression',
        events: [{ ...validImpression(), win_price: -5 }, validImpression(), { tx_id: 42, win_price: 1 }],
        expected: invalid(
          'Invalid batch of impression events: 2 errors',
          { index: 0, path: 'win_price', message: 'must be between 0 and 9007199254740991, got -5' },
          { index: 2, path: 'tx_id', message: 'must be a string, got an integer' },
        ),
      },
      {
        name: 'a batch of 500 whose last event is bad (all or nothing)',
        kind: 'click',
        events: [...validBatch('click', 499), { tx_id: txId(499), type: 'bid' }],
        expected: invalid('Invalid batch of click events: 1 error', {
          index: 499,
          path: 'type',
          message: 'must be "click" on /click (the server sets it)',
        }),
      },
      {
        name: 'a batch of exactly 50 bad events, counting them as 50',
        kind: 'click',
        events: Array.from({ length: 50 }, () => 'x'),
        expected: invalid(
          'Invalid batch of click events: 50 errors',
          ...Array.from({ length: 50 }, (_, index) => ({
            index,
            path: '',
            message: 'must be a JSON object (a click event), got a string',
          })),
        ),
      },
      {
        name: 'a batch of 500 numbers with the first 50 errors only',
        kind: 'bid',
        events: Array.from({ length: 500 }, () => 7),
        expected: invalid(
          'Invalid batch of bid events: 50+ errors',
          ...Array.from({ length: 50 }, (_, index) => ({
            index,
            path: '',
            message: 'must be a JSON object (a bid event), got an integer',
          })),
        ),
      },
      {
        name: 'a batch of 500 empty bids with the first 50 errors only',
        kind: 'bid',
        events: Array.from({ length: 500 }, () => ({})),
        expected: invalid(
          'Invalid batch of bid events: 50+ errors',
          // 3 missing fields per event: events 0 to 15 fill 48 issues, event 16 the last 2.
          ...Array.from({ length: 17 }, (_, index) => [
            { index, path: 'tx_id', message: 'is required' },
            { index, path: 'campaign_item_id', message: 'is required' },
            { index, path: 'app_uid', message: 'is required' },
          ])
            .flat()
            .slice(0, 50),
        ),
      },
    ];

    it.each(named(cases))('rejects %s', (_name, { kind, events, expected }) => {
      // Prepare
      const body = JSON.stringify(events);

      // Act
      const rejection = rejectionOf(kind, body);

      // Assess
      expect(rejection).toStrictEqual(expected);
    });
  });

  it('fails with an EventValidationError named EventValidationError', () => {
    // Prepare
    const body = '[]';

    // Act
    const act = () => parseEventBody('click', body);

    // Assess
    expect(act).toThrow(EventValidationError);
    expect(act).toThrow(expect.objectContaining({ name: 'EventValidationError', statusCode: 400 }));
  });
});
