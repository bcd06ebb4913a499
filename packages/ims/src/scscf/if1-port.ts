// What the S-CSCF needs from the EDS over IF1 (the typed client `If1Client` of `src/eds/` is
// adapted to this in `src/core/`). Kept as an interface so the S-CSCF reads as the seed's
// S-CSCF: it asks the EDS, it never looks at tokens or the IdP itself.

/** Stable failure codes of IF1 authentication, one per row of the token matrix. */
export const IF1_FAILURE_CODES = [
  'token_missing',
  'token_malformed',
  'token_expired',
  'token_signature_invalid',
  'token_wrong_audience',
  'token_unknown_issuer',
  'token_inactive',
  'identity_mismatch',
  'number_not_allocated',
  'enterprise_not_provisioned',
  'invalid_request',
  'idp_unavailable',
] as const;
export type If1FailureCode = (typeof IF1_FAILURE_CODES)[number];

/** Temporary IMS user data for an authenticated 3PID (6.X.2.2 step 9). */
export interface If1Authorization {
  /** Implicit registration set, default identity first: `['sip:alice@acme.example', 'tel:+12025550101']`. */
  readonly implicitSet: readonly string[];
  readonly e164: string;
  readonly displayName: string;
  /** Enterprise charged for the calls (its id or name). */
  readonly enterprise: string;
  /** When the token stops being valid (epoch ms): a registration never outlives it. */
  readonly expiresAt: number;
}

export type If1AuthResult = { readonly ok: true; readonly value: If1Authorization } | { readonly ok: false; readonly code: If1FailureCode; readonly message: string };

/** A non-enterprise subscriber (dave): SIP digest credentials, RFC 7616 / RFC 8760 SHA-256. */
export interface SubscriberCredentials {
  readonly impu: string;
  readonly realm: string;
  /** hex SHA-256 of `username:realm:password`. */
  readonly ha1Sha256: string;
  /** Digest username (RFC 3261 §22.4: the IMPI); defaults to the user part of the IMPU. */
  readonly username: string;
  readonly e164: string;
  readonly displayName?: string;
}

/** RFC 8898 §4 challenge parameters for an enterprise domain. */
export interface BearerChallengeParams {
  readonly realm: string;
  readonly scope: string;
  /** The enterprise IdP issuer (https URI in a deployment). */
  readonly authzServer: string;
}

/** A registration as the EDS stores it for restoration (issue 4 item 6). */
export interface StoredRegistration {
  readonly aor: string;
  readonly json: string;
  /** Latest binding expiry (epoch ms): the EDS may forget the record after it. */
  readonly expiresAt: number;
}

export type If1Event = { readonly type: 'deregister'; readonly impu: string; readonly reason: 'rejected' | 'deactivated' };

/** IF1 as seen from the S-CSCF (I-CSCF role folded in). */
export interface If1Port {
  authenticate(request: { impu: string; token: string; purpose: 'register' | 'call'; scscf: string }): Promise<If1AuthResult>;
  /** Digest credentials of a carrier subscriber, or undefined when the IMPU is not one. */
  subscriber(impu: string): Promise<SubscriberCredentials | undefined>;
  /** Bearer challenge for a provisioned enterprise domain, or undefined when none is provisioned. */
  bearerChallenge(domain: string): Promise<BearerChallengeParams | undefined>;
  saveRegistration(registration: StoredRegistration): Promise<void>;
  deleteRegistration(aor: string): Promise<void>;
  listRegistrations(): Promise<readonly StoredRegistration[]>;
  /** Network-initiated de-registrations (data decoupling). Returns a function that stops the stream. */
  events(onEvent: (event: If1Event) => void): () => void;
}
