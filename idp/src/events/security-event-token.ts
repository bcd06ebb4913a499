// The claims of the Security Event Tokens the IdP sends (RFC 8417 profiled by OpenID SSF 1.0,
// CAEP 1.0 and RISC 1.0). Pure: time and the token id are inputs.
import type { Employee } from '../directory/employee.ts';
import { assertNever } from '../errors.ts';

/** Event type URIs (SSF 1.0 names them by URI; CAEP 1.0 §3.1, RISC 1.0 §2.3–2.6). */
export const SECURITY_EVENT_TYPE = {
  sessionRevoked: 'https://schemas.openid.net/secevent/caep/event-type/session-revoked',
  accountDisabled: 'https://schemas.openid.net/secevent/risc/event-type/account-disabled',
  accountPurged: 'https://schemas.openid.net/secevent/risc/event-type/account-purged',
} as const;
export type SecurityEventType = (typeof SECURITY_EVENT_TYPE)[keyof typeof SECURITY_EVENT_TYPE];

/** The JOSE `typ` of a SET under SSF 1.0 (RFC 8417 §2.3). */
export const SET_TYP = 'secevent+jwt';

/** RFC 9493 subject identifiers as the IdP emits them. */
export type SubjectIdentifier =
  | { format: 'iss_sub'; iss: string; sub: string }
  | { format: 'uri'; uri: string }
  | { format: 'phone_number'; phone_number: string };

/**
 * The subject of every SET this IdP sends: an RFC 9493 `aliases` identifier whose first member is
 * always `iss_sub` (issuer + the employee's stable id, the OIDC `sub` of their tokens), followed by
 * the employee's 3PID as a `uri` (`sip:alice@acme.example`, when a SIP domain is configured) and
 * their E.164 as `phone_number` (when they have one). Receivers match on whichever they index.
 */
export interface SetSubject {
  format: 'aliases';
  identifiers: SubjectIdentifier[];
}

export interface SetClaims {
  iss: string;
  iat: number;
  jti: string;
  aud: string;
  /** Time of event (RFC 8417 §2.2), NumericDate: when the IdP recorded the change. */
  toe: number;
  sub_id: SetSubject;
  events: Partial<Record<SecurityEventType, Record<string, unknown>>>;
}

export type SecurityEventInitiator = 'admin' | 'user' | 'policy' | 'system';

/** What happened, independent of who receives it. */
export type SecurityEventOccurrence =
  | { type: typeof SECURITY_EVENT_TYPE.accountDisabled }
  | { type: typeof SECURITY_EVENT_TYPE.accountPurged }
  | { type: typeof SECURITY_EVENT_TYPE.sessionRevoked; initiator: SecurityEventInitiator };

export function subjectOf(e: Pick<Employee, 'id' | 'username' | 'e164'>, issuer: string, sipDomain?: string): SetSubject {
  const identifiers: SubjectIdentifier[] = [{ format: 'iss_sub', iss: issuer, sub: e.id }];
  if (sipDomain !== undefined && sipDomain !== '') identifiers.push({ format: 'uri', uri: `sip:${e.username}@${sipDomain}` });
  if (e.e164 !== null) identifiers.push({ format: 'phone_number', phone_number: e.e164 });
  return { format: 'aliases', identifiers };
}

/**
 * Builds one SET's claims. SSF 1.0: one event per SET, the subject in top-level `sub_id`, and no
 * `sub` nor `exp` claim (a SET is a statement of fact, not an access credential).
 */
export function buildSetClaims(input: {
  issuer: string;
  audience: string;
  jti: string;
  /** Milliseconds since the epoch. */
  now: number;
  subject: SetSubject;
  occurrence: SecurityEventOccurrence;
}): SetClaims {
  const iat = Math.floor(input.now / 1000);
  return {
    iss: input.issuer,
    iat,
    jti: input.jti,
    aud: input.audience,
    toe: iat,
    sub_id: input.subject,
    events: { [input.occurrence.type]: eventPayload(input.occurrence, iat) },
  };
}

function eventPayload(o: SecurityEventOccurrence, iat: number): Record<string, unknown> {
  switch (o.type) {
    case SECURITY_EVENT_TYPE.sessionRevoked:
      // CAEP 1.0 §3.1: optional event_timestamp (NumericDate) and initiating_entity.
      return { event_timestamp: iat, initiating_entity: o.initiator };
    case SECURITY_EVENT_TYPE.accountDisabled:
      // RISC 1.0: `reason` is only for hijacking / bulk-account; an admin decision carries none.
      return {};
    case SECURITY_EVENT_TYPE.accountPurged:
      return {};
    default:
      return assertNever(o);
  }
}
