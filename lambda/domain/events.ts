/**
 * The one source of the event contract (SPEC.md §4). Validation, TypeScript types, API Gateway
 * request models, mapping templates and lake columns are all derived from these definitions.
 */

/** Largest integer that JSON parsers in every runtime of the platform (JS, Java, Athena) keep exact. */
export const MAX_SAFE_ID = Number.MAX_SAFE_INTEGER;
/** Longest string accepted in any free-text field; keeps a 500-event batch under the 1 MB body cap. */
export const MAX_TEXT = 256;
export const MAX_TX_ID = 128;
export const MAX_BATCH = 500;
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * What every string field must match (a JSON Schema `pattern`, so API Gateway's request model applies it too):
 * no lone surrogate (`"\ud800"` parses, but no UTF-8 writer can encode it, and one such record made `raw_bcns`
 * unreadable) and no U+FFFD, the replacement character a decoder leaves where bytes were not UTF-8. A surrogate
 * pair is spelled out as an alternative so the verdict is the same whether the regex engine reads code points
 * (Java, JavaScript's `u` flag) or UTF-16 units.
 */
export const WELL_FORMED_TEXT = '^(?:[^\\ud800-\\udfff\\ufffd]|[\\ud800-\\udbff][\\udc00-\\udfff])*$';

export interface StringField {
  readonly type: 'string';
  readonly required: boolean;
  readonly minLength: number;
  readonly maxLength: number;
  readonly description: string;
}

export interface IntegerField {
  readonly type: 'integer';
  readonly required: boolean;
  readonly minimum: number;
  readonly maximum: number;
  readonly description: string;
}

export type FieldSpec = StringField | IntegerField;

const txId = {
  type: 'string',
  required: true,
  minLength: 1,
  maxLength: MAX_TX_ID,
  description: 'Transaction id shared by a bid and its impression and click; the Kinesis partition key.',
} as const;

const text = (description: string) =>
  ({ type: 'string', required: false, minLength: 0, maxLength: MAX_TEXT, description }) as const;

// Generic so that `required` stays a literal: the derived types make a required price non-optional.
const price = <Required extends boolean>(required: Required, description: string) =>
  ({ type: 'integer', required, minimum: 0, maximum: MAX_SAFE_ID, description }) as const;

/** Field order here is the order of fields in every stream record, template and lake column list. */
export const EVENT_SPECS = {
  bid: {
    type: 'bid',
    route: '/bid',
    fields: {
      tx_id: txId,
      campaign_item_id: {
        type: 'integer',
        required: true,
        minimum: 0,
        maximum: MAX_SAFE_ID,
        description: 'Campaign line item the bid belongs to.',
      },
      app_uid: {
        type: 'string',
        required: true,
        minLength: 1,
        maxLength: MAX_TEXT,
        description: 'Id of the app or user the ad is shown to.',
      },
      domain: text('Publisher domain, e.g. www.example.com.'),
      creative_id: text('Creative (ad) id.'),
      creative_category: text('Creative category.'),
      win_price: price(false, 'The price offered by the bid, in micro-units of the account currency.'),
    },
  },
  impression: {
    type: 'imp',
    route: '/impression',
    fields: {
      tx_id: txId,
      win_price: price(true, 'The clearing price paid for the impression, in micro-units of the account currency.'),
    },
  },
  click: {
    type: 'click',
    route: '/click',
    fields: {
      tx_id: txId,
    },
  },
} as const satisfies Record<string, { type: string; route: string; fields: Record<string, FieldSpec> }>;

export type EventKind = keyof typeof EVENT_SPECS;
export const EVENT_KINDS = Object.keys(EVENT_SPECS) as EventKind[];
export type EventType = (typeof EVENT_SPECS)[EventKind]['type'];

/** Fields a client may send but the server always overwrites (the original accepted `type`). */
export const SERVER_FIELDS = ['type', 'timestamp'] as const;

type FieldsOf<K extends EventKind> = (typeof EVENT_SPECS)[K]['fields'];
type ValueOf<F> = F extends { type: 'integer' } ? number : string;
type RequiredKeys<F> = { [N in keyof F]: F[N] extends { required: true } ? N : never }[keyof F];
type OptionalKeys<F> = Exclude<keyof F, RequiredKeys<F>>;
type Simplify<T> = { [K in keyof T]: T[K] };
type EventOf<F> = Simplify<{ [N in RequiredKeys<F>]: ValueOf<F[N]> } & { [N in OptionalKeys<F>]?: ValueOf<F[N]> }>;

/** A client event as accepted by the API, typed straight from {@link EVENT_SPECS}. */
export type BidEvent = EventOf<FieldsOf<'bid'>>;
export type ImpressionEvent = EventOf<FieldsOf<'impression'>>;
export type ClickEvent = EventOf<FieldsOf<'click'>>;
export type ClientEvent<K extends EventKind = EventKind> = EventOf<FieldsOf<K>>;

/** What lands on the `bcns` stream: the client event plus the server's `type` and receive time. */
export type StreamEvent =
  | (BidEvent & { type: 'bid'; timestamp: number })
  | (ImpressionEvent & { type: 'imp'; timestamp: number })
  | (ClickEvent & { type: 'click'; timestamp: number });

export function fieldEntries(kind: EventKind): [string, FieldSpec][] {
  return Object.entries(EVENT_SPECS[kind].fields);
}

export function kindOfRoute(route: string): EventKind | undefined {
  return EVENT_KINDS.find((kind) => EVENT_SPECS[kind].route === route);
}
