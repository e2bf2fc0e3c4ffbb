import ajvDraft04 from 'ajv-draft-04';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type BidEvent,
  type ClickEvent,
  EVENT_KINDS,
  EVENT_SPECS,
  type EventKind,
  fieldEntries,
  type ImpressionEvent,
  WELL_FORMED_TEXT,
} from '../../../lambda/domain/events.ts';
import { type JsonSchema4, requestBodyJsonSchema } from '../../../lambda/domain/json-schema.ts';
import { bcnsColumns } from '../../../lambda/domain/lake/lake-tables.ts';
import { parseEventBody } from '../../../lambda/domain/validate-events.ts';
import { putRecordsRequestTemplate } from '../../../lib/ingestion/mapping-templates.ts';
import { renderTemplate } from '../../helpers/api-gateway-vtl.ts';
import {
  RECEIVED_AT,
  requiredOnly,
  txId,
  validBatch,
  validBid,
  validClick,
  validEvent,
  validImpression,
} from '../../helpers/factories.ts';

/*
 * One schema source, no drift: the API Gateway request model (JSON Schema draft 4), the local
 * validator, the lake columns and the mapping template all come from EVENT_SPECS and must agree.
 */

/** Table rows as [name, row], so that `%s` prints the whole name (`$name` truncates it). */
const named = <T extends { name: string }>(rows: T[]): [string, T][] => rows.map((row) => [row.name, row]);

const json = (value: unknown): string => JSON.stringify(value);
const emoji = '😀';

// A CommonJS module: under NodeNext the default import is `module.exports`, whose `default` is the class.
const Ajv = ajvDraft04.default;
const ajv = new Ajv({ strict: true });
const requestModels = Object.fromEntries(
  EVENT_KINDS.map((kind) => [kind, ajv.compile(requestBodyJsonSchema(kind) as object)]),
) as Record<EventKind, ReturnType<typeof ajv.compile>>;

/** Whether the request model accepts a body, as API Gateway's validator would (unparseable bodies fail). */
function requestModelAccepts(kind: EventKind, body: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return false;
  }
  return requestModels[kind](parsed) as boolean;
}

function validatorAccepts(kind: EventKind, body: string): boolean {
  try {
    parseEventBody(kind, body);
    return true;
  } catch {
    return false;
  }
}

/*
 * The shared corpus. Left out on purpose: the 1 MB body cap (413), which JSON Schema cannot
 * express; API Gateway enforces its own payload limit before the request model runs.
 */
const corpus: { name: string; kind: EventKind; body: string; valid: boolean }[] = [
  // Valid bodies
  { name: 'a bid with every field', kind: 'bid', body: json(validBid()), valid: true },
  { name: 'a bid with only required fields', kind: 'bid', body: json(requiredOnly('bid', validBid())), valid: true },
  { name: 'an impression', kind: 'impression', body: json(validImpression()), valid: true },
  { name: 'a click', kind: 'click', body: json(validClick()), valid: true },
  { name: 'a batch of 3 bids', kind: 'bid', body: json(validBatch('bid', 3)), valid: true },
  { name: 'a batch of 500 clicks', kind: 'click', body: json(validBatch('click', 500)), valid: true },
  {
    name: 'a click with its own type and a timestamp',
    kind: 'click',
    body: json({ ...validClick(), type: 'click', timestamp: RECEIVED_AT }),
    valid: true,
  },
  {
    name: 'an impression typed "imp"',
    kind: 'impression',
    body: json({ type: 'imp', ...validImpression() }),
    valid: true,
  },
  { name: 'a fractional timestamp', kind: 'bid', body: json({ ...validBid(), timestamp: 1717243200.5 }), valid: true },
  { name: 'a 128-character tx_id', kind: 'click', body: json({ tx_id: 'x'.repeat(128) }), valid: true },
  { name: 'a tx_id of 128 emoji', kind: 'click', body: json({ tx_id: emoji.repeat(128) }), valid: true },
  {
    name: 'a campaign_item_id of Number.MAX_SAFE_INTEGER',
    kind: 'bid',
    body: json(validBid({ campaign_item_id: Number.MAX_SAFE_INTEGER })),
    valid: true,
  },
  { name: 'a win_price of 0', kind: 'impression', body: json(validImpression({ win_price: 0 })), valid: true },
  { name: 'an empty optional domain', kind: 'bid', body: json(validBid({ domain: '' })), valid: true },
  {
    name: 'an escaped surrogate pair (an emoji) in a domain',
    kind: 'bid',
    body: json(validBid()).replace('www.google.com', 'ad-\\ud83d\\ude00.example'),
    valid: true,
  },
  {
    name: 'an integer written as 1463517.0',
    kind: 'bid',
    body: json(validBid()).replace('1463517', '1463517.0'),
    valid: true,
  },
  {
    name: 'a pretty-printed batch with leading whitespace',
    kind: 'impression',
    body: `\n\t ${JSON.stringify(validBatch('impression', 2), null, 2)}`,
    valid: true,
  },
  // Invalid bodies
  { name: 'text that is not JSON', kind: 'click', body: '<event/>', valid: false },
  { name: 'a JSON integer', kind: 'bid', body: '42', valid: false },
  { name: 'a JSON string', kind: 'impression', body: '"hello"', valid: false },
  { name: 'JSON null', kind: 'click', body: 'null', valid: false },
  { name: 'an empty array', kind: 'bid', body: '[]', valid: false },
  { name: 'a batch of 501 clicks', kind: 'click', body: json(validBatch('click', 501)), valid: false },
  { name: 'a number for tx_id', kind: 'bid', body: json({ ...validBid(), tx_id: 123 }), valid: false },
  {
    name: 'a string for campaign_item_id',
    kind: 'bid',
    body: json({ ...validBid(), campaign_item_id: '1463517' }),
    valid: false,
  },
  {
    name: 'a float for campaign_item_id',
    kind: 'bid',
    body: json({ ...validBid(), campaign_item_id: 1.5 }),
    valid: false,
  },
  {
    name: 'a float for win_price',
    kind: 'impression',
    body: json({ ...validImpression(), win_price: 0.98 }),
    valid: false,
  },
  { name: 'null for app_uid', kind: 'bid', body: json({ ...validBid(), app_uid: null }), valid: false },
  { name: 'null for an optional domain', kind: 'bid', body: json({ ...validBid(), domain: null }), valid: false },
  { name: 'a bid without app_uid', kind: 'bid', body: json({ tx_id: txId(), campaign_item_id: 1 }), valid: false },
  { name: 'an impression without win_price', kind: 'impression', body: json({ tx_id: txId() }), valid: false },
  { name: 'an empty click', kind: 'click', body: '{}', valid: false },
  { name: 'an unknown field', kind: 'bid', body: json({ ...validBid(), price: 1 }), valid: false },
  {
    name: 'an impression field on a click',
    kind: 'click',
    body: json({ ...validClick(), win_price: 1 }),
    valid: false,
  },
  {
    name: 'an unknown field named toString',
    kind: 'click',
    body: json({ ...validClick(), toString: 'x' }),
    valid: false,
  },
  { name: 'an unknown field named __proto__', kind: 'click', body: `{"tx_id":"x","__proto__":{}}`, valid: false },
  { name: 'a bid typed click', kind: 'bid', body: json({ ...validBid(), type: 'click' }), valid: false },
  {
    name: 'an impression typed "impression"',
    kind: 'impression',
    body: json({ ...validImpression(), type: 'impression' }),
    valid: false,
  },
  { name: 'a null type', kind: 'click', body: json({ ...validClick(), type: null }), valid: false },
  { name: 'a string timestamp', kind: 'click', body: json({ ...validClick(), timestamp: '2024-06-01' }), valid: false },
  { name: 'a null timestamp', kind: 'bid', body: json({ ...validBid(), timestamp: null }), valid: false },
  { name: 'a 129-character tx_id', kind: 'click', body: json({ tx_id: 'x'.repeat(129) }), valid: false },
  { name: 'a tx_id of 129 emoji', kind: 'click', body: json({ tx_id: emoji.repeat(129) }), valid: false },
  { name: 'an empty tx_id', kind: 'impression', body: json({ ...validImpression(), tx_id: '' }), valid: false },
  { name: 'a lone high surrogate escape as tx_id', kind: 'click', body: '{"tx_id":"\\ud800"}', valid: false },
  { name: 'a lone low surrogate escape in a tx_id', kind: 'click', body: '{"tx_id":"a\\udc00b"}', valid: false },
  {
    name: 'two high surrogate escapes in a row in a domain',
    kind: 'bid',
    body: json(validBid()).replace('www.google.com', '\\ud83d\\ud83d'),
    valid: false,
  },
  { name: 'U+FFFD (escaped) in a tx_id', kind: 'click', body: '{"tx_id":"caf\\ufffd"}', valid: false },
  { name: 'U+FFFD (raw) in an app_uid', kind: 'bid', body: json(validBid({ app_uid: 'app-\ufffd' })), valid: false },
  { name: 'a 257-character domain', kind: 'bid', body: json({ ...validBid(), domain: 'd'.repeat(257) }), valid: false },
  { name: 'a negative win_price', kind: 'bid', body: json({ ...validBid(), win_price: -1 }), valid: false },
  {
    name: 'a campaign_item_id of Number.MAX_SAFE_INTEGER + 1',
    kind: 'bid',
    body: json(validBid()).replace('1463517', '9007199254740992'),
    valid: false,
  },
  { name: 'a batch holding a number', kind: 'bid', body: json([validBid(), 7]), valid: false },
  { name: 'a batch holding a nested array', kind: 'click', body: json([[validClick()]]), valid: false },
  {
    name: 'a batch with one bad event',
    kind: 'impression',
    body: json([validImpression(), { ...validImpression(), win_price: -5 }]),
    valid: false,
  },
];

describe('one schema source, no drift', () => {
  describe('the request model and the local validator', () => {
    it.each(named(corpus))('agree on %s', (_name, { kind, body, valid }) => {
      // Prepare: the corpus row.

      // Act
      const verdicts = { requestModel: requestModelAccepts(kind, body), validator: validatorAccepts(kind, body) };

      // Assess
      expect(verdicts).toStrictEqual({ requestModel: valid, validator: valid });
    });
  });

  describe.each(EVENT_KINDS)('the %s request model', (kind) => {
    it('has exactly the spec fields, then type and timestamp, as properties', () => {
      // Prepare
      const spec = EVENT_SPECS[kind];
      const properties: Record<string, JsonSchema4> = {};
      for (const [name, field] of fieldEntries(kind)) {
        properties[name] =
          field.type === 'string'
            ? {
                type: 'string',
                minLength: field.minLength,
                maxLength: field.maxLength,
                pattern: WELL_FORMED_TEXT,
                description: field.description,
              }
            : { type: 'integer', minimum: field.minimum, maximum: field.maximum, description: field.description };
      }
      properties.type = { type: 'string', enum: [spec.type], description: 'Optional; the server sets it.' };
      properties.timestamp = { type: 'number', description: 'Optional; the server replaces it with the receive time.' };
      const event: JsonSchema4 = {
        title: `${kind} event`,
        type: 'object',
        additionalProperties: false,
        required: fieldEntries(kind)
          .filter(([, field]) => field.required)
          .map(([name]) => name),
        properties,
      };

      // Act
      const schema = requestBodyJsonSchema(kind);

      // Assess
      expect(schema).toStrictEqual({
        $schema: 'http://json-schema.org/draft-04/schema#',
        title: `${kind} request`,
        description: `One ${kind} event or an array of 1 to 500.`,
        oneOf: [event, { type: 'array', minItems: 1, maxItems: 500, items: event }],
      });
    });

    it('lists the properties in schema order', () => {
      // Prepare
      const expected = [...Object.keys(EVENT_SPECS[kind].fields), 'type', 'timestamp'];

      // Act
      const [event] = requestBodyJsonSchema(kind).oneOf ?? [];

      // Assess
      expect(Object.keys(event?.properties ?? {})).toStrictEqual(expected);
    });
  });

  describe('the string pattern', () => {
    // API Gateway's validator runs on the JVM, whose regexes read code points; an ECMAScript engine without the
    // `u` flag reads UTF-16 units. The pattern must not depend on which one the service uses.
    it.each([
      ['ASCII', 'www.google.com', true],
      ['accents and CJK', 'café 广告', true],
      ['an emoji (a surrogate pair)', `ad ${emoji} 👨‍👩‍👧`, true],
      ['the empty string', '', true],
      ['a lone high surrogate', 'a\ud800b', false],
      ['a lone low surrogate', '\udc00', false],
      ['a high surrogate at the end', `${emoji}\ud83d`, false],
      ['two high surrogates', '\ud83d\ud83d', false],
      ['U+FFFD', 'caf\ufffd', false],
    ])('gives one verdict on %s under code point and UTF-16 regex semantics', (_name, text, expected) => {
      // Prepare
      const codePoints = new RegExp(WELL_FORMED_TEXT, 'u');
      const utf16Units = new RegExp(WELL_FORMED_TEXT);

      // Act
      const verdicts = { codePoints: codePoints.test(text), utf16Units: utf16Units.test(text) };

      // Assess
      expect(verdicts).toStrictEqual({ codePoints: expected, utf16Units: expected });
    });
  });

  describe('the lake columns', () => {
    it('are the union of the spec fields in order, then type and timestamp, integer as bigint', () => {
      // Prepare
      const expected: { name: string; type: string }[] = [];
      for (const kind of EVENT_KINDS) {
        for (const [name, field] of fieldEntries(kind)) {
          if (expected.some((column) => column.name === name)) continue;
          expected.push({ name, type: field.type === 'integer' ? 'bigint' : 'string' });
        }
      }
      expected.push({ name: 'type', type: 'string' }, { name: 'timestamp', type: 'bigint' });

      // Act
      const columns = bcnsColumns().map(({ name, type }) => ({ name, type }));

      // Assess
      expect(columns).toStrictEqual(expected);
    });

    it('give a field shared by several kinds one type in every kind', () => {
      // Prepare
      const typesByName = new Map<string, Set<string>>();
      for (const kind of EVENT_KINDS) {
        for (const [name, field] of fieldEntries(kind)) {
          typesByName.set(name, (typesByName.get(name) ?? new Set()).add(field.type));
        }
      }

      // Act
      const conflicting = [...typesByName].filter(([, types]) => types.size > 1).map(([name]) => name);

      // Assess
      expect(conflicting).toStrictEqual([]);
    });
  });

  describe.each(EVENT_KINDS)('the %s request template', (kind) => {
    it('writes every spec field, then type and timestamp, into the record', () => {
      // Prepare
      const event = validEvent(kind) as Record<string, unknown>;
      const fieldNames = Object.keys(EVENT_SPECS[kind].fields);
      expect(Object.keys(event)).toStrictEqual(fieldNames); // the factory sets every field

      // Act
      const { output } = renderTemplate(putRecordsRequestTemplate(kind, 'bcns'), {
        body: JSON.stringify(event),
        requestTimeEpoch: RECEIVED_AT,
      });

      // Assess
      const [record] = (JSON.parse(output) as { Records: { Data: string }[] }).Records;
      const data = JSON.parse(Buffer.from(record?.Data ?? '', 'base64').toString('utf8')) as Record<string, unknown>;
      expect(Object.keys(data)).toStrictEqual([...fieldNames, 'type', 'timestamp']);
      expect(data).toStrictEqual({ ...event, type: EVENT_SPECS[kind].type, timestamp: RECEIVED_AT });
    });
  });
});

describe('TypeScript types derived from the schema', () => {
  it('make exactly the required fields non-optional', () => {
    // tsc (npm run typecheck) checks these; the runtime assertion only keeps the test honest.
    expectTypeOf<ImpressionEvent>().toEqualTypeOf<{ tx_id: string; win_price: number }>();
    expectTypeOf<ClickEvent>().toEqualTypeOf<{ tx_id: string }>();
    expectTypeOf<BidEvent>().toEqualTypeOf<{
      tx_id: string;
      campaign_item_id: number;
      app_uid: string;
      domain?: string;
      creative_id?: string;
      creative_category?: string;
      win_price?: number;
    }>();
    expect(Object.keys(EVENT_SPECS)).toStrictEqual(['bid', 'impression', 'click']);
  });
});
