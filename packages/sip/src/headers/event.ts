// Event (RFC 6665 §8.2.1) and Subscription-State (RFC 6665 §8.2.3).
import { SipError } from '../errors.ts';
import { err, ok, type Result } from '../result.ts';
import { Scanner, formatParams, readParams, unquote } from './scanner.ts';

export interface EventHeader {
  /** event-type, e.g. `reg`, `presence`, `refer`, `dialog.winfo`. */
  event: string;
  id?: string;
  params: Map<string, string | null>;
}

/** @example parseEvent('reg').value.event === 'reg' */
export function parseEvent(value: string): Result<EventHeader, SipError> {
  const sc = new Scanner(value, 'Event');
  sc.ws();
  const event = sc.token();
  if (event === '') return err(sc.fail('missing event type'));
  const params = new Map<string, string | null>();
  const e = readParams(sc, params);
  if (e) return err(e);
  const out: EventHeader = { event, params };
  const id = params.get('id');
  if (id !== undefined && id !== null) out.id = unquote(id);
  return ok(out);
}

export function formatEvent(e: EventHeader): string {
  const params = new Map(e.params);
  if (e.id !== undefined) params.set('id', e.id);
  return `${e.event}${formatParams(params)}`;
}

export interface SubscriptionState {
  /** `active`, `pending`, `terminated` or an extension value, lower-cased. */
  state: string;
  expires?: number;
  reason?: string;
  retryAfter?: number;
  params: Map<string, string | null>;
}

/** @example parseSubscriptionState('terminated;reason=deactivated').value.reason === 'deactivated' */
export function parseSubscriptionState(value: string): Result<SubscriptionState, SipError> {
  const sc = new Scanner(value, 'Subscription-State');
  sc.ws();
  const state = sc.token().toLowerCase();
  if (state === '') return err(sc.fail('missing substate value'));
  const params = new Map<string, string | null>();
  const e = readParams(sc, params);
  if (e) return err(e);
  const out: SubscriptionState = { state, params };
  for (const [name, key] of [['expires', 'expires'], ['retry-after', 'retryAfter']] as const) {
    const v = params.get(name);
    if (v === undefined) continue;
    if (v === null || !/^[0-9]{1,10}$/.test(v)) return err(sc.fail(`invalid ${name}`));
    out[key] = Number(v);
  }
  const reason = params.get('reason');
  if (reason !== undefined && reason !== null) out.reason = reason;
  return ok(out);
}

export function formatSubscriptionState(s: SubscriptionState): string {
  const params = new Map(s.params);
  if (s.expires !== undefined) params.set('expires', String(s.expires));
  if (s.reason !== undefined) params.set('reason', s.reason);
  if (s.retryAfter !== undefined) params.set('retry-after', String(s.retryAfter));
  return `${s.state}${formatParams(params)}`;
}
