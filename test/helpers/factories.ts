import {
  type BidEvent,
  type ClickEvent,
  type ClientEvent,
  EVENT_SPECS,
  type EventKind,
  fieldEntries,
  type ImpressionEvent,
} from '../../lambda/domain/events.ts';

/*
 * Realistic client events, one factory per kind. Every factory fills every field of its kind
 * (required and optional); use {@link requiredOnly} to drop the optional ones and `overrides`
 * to set any field. Invalid events are built by spreading a valid one: `{ ...validBid(), tx_id: 7 }`.
 */

/** A receive time (epoch ms) for tests that need one: 2024-06-01T12:00:00.000Z. */
export const RECEIVED_AT = 1_717_243_200_000;

/** A deterministic, uuid-shaped transaction id; different seeds give different ids. */
export function txId(seed = 0): string {
  return `3f9c2b7e-5d1a-4c8e-9b6f-${seed.toString(16).padStart(12, '0')}`;
}

export function validBid(overrides: Partial<BidEvent> = {}): BidEvent {
  return {
    tx_id: txId(),
    campaign_item_id: 1463517,
    app_uid: 'a41c4a0e-7c2d-4f0b-8d4e-2b1f6c9e8d70',
    domain: 'www.google.com',
    creative_id: 'cr-80431',
    creative_category: 'IAB3-1',
    win_price: 1_250_000,
    ...overrides,
  };
}

export function validImpression(overrides: Partial<ImpressionEvent> = {}): ImpressionEvent {
  return { tx_id: txId(), win_price: 980_000, ...overrides };
}

export function validClick(overrides: Partial<ClickEvent> = {}): ClickEvent {
  return { tx_id: txId(), ...overrides };
}

/** A valid event of any kind, with every field set. */
export function validEvent<K extends EventKind>(kind: K, overrides: Partial<ClientEvent<K>> = {}): ClientEvent<K> {
  const factories: { [P in EventKind]: (overrides: Partial<ClientEvent<P>>) => ClientEvent<P> } = {
    bid: validBid,
    impression: validImpression,
    click: validClick,
  };
  return (factories[kind] as (overrides: Partial<ClientEvent<K>>) => ClientEvent<K>)(overrides);
}

/** `count` valid events of one kind with distinct transaction ids (seeds `0` to `count - 1`). */
export function validBatch<K extends EventKind>(kind: K, count: number): ClientEvent<K>[] {
  return Array.from({ length: count }, (_, i) => ({ ...validEvent(kind), tx_id: txId(i) }));
}

/** The event without its kind's optional fields. */
export function requiredOnly<K extends EventKind>(kind: K, event: ClientEvent<K>): ClientEvent<K> {
  const values = event as Record<string, unknown>;
  const required = fieldEntries(kind).filter(([name, field]) => field.required && Object.hasOwn(values, name));
  return Object.fromEntries(required.map(([name]) => [name, values[name]])) as ClientEvent<K>;
}

/** The server's `type` value for a kind (`bid`, `imp`, `click`). */
export function serverType(kind: EventKind): string {
  return EVENT_SPECS[kind].type;
}
