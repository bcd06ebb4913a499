// What the S-CSCF answers for each IF1 failure: policy as data. RFC 8898 §4/§6 has no 403 path:
// every token failure is a 401 re-challenge with error="invalid_token". A token that is valid but
// does not entitle the request (another employee's 3PID, a number outside the enterprise's range,
// an enterprise the carrier does not serve) is 403: "re-authentication will not help" (RFC 3261
// §21.4.4), which stops retry loops.
import type { If1FailureCode } from './if1-port.ts';

export interface FailureAnswer {
  readonly status: 401 | 403 | 503;
  /** RFC 8898 §4 `error` parameter of the Bearer challenge (401 only). */
  readonly error?: 'invalid_token';
  readonly reason: string;
}

export const TOKEN_FAILURE_POLICY: Readonly<Record<If1FailureCode, FailureAnswer>> = {
  token_missing: { status: 401, reason: 'Unauthorized' },
  token_malformed: { status: 401, error: 'invalid_token', reason: 'Unauthorized' },
  token_expired: { status: 401, error: 'invalid_token', reason: 'Unauthorized' },
  token_signature_invalid: { status: 401, error: 'invalid_token', reason: 'Unauthorized' },
  token_wrong_audience: { status: 401, error: 'invalid_token', reason: 'Unauthorized' },
  token_unknown_issuer: { status: 401, error: 'invalid_token', reason: 'Unauthorized' },
  token_inactive: { status: 401, error: 'invalid_token', reason: 'Unauthorized' },
  identity_mismatch: { status: 403, reason: 'Token Not For This Identity' },
  number_not_allocated: { status: 403, reason: 'Number Not Allocated To Enterprise' },
  enterprise_not_provisioned: { status: 403, reason: 'Enterprise Not Provisioned' },
  invalid_request: { status: 401, error: 'invalid_token', reason: 'Unauthorized' },
  // The enterprise IdP did not answer the introspection: try later (RFC 3261 §21.5.4).
  idp_unavailable: { status: 503, reason: 'Enterprise IdP Unavailable' },
};
