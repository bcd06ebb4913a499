// The IF1 error catalogue: one stable code per case of the token matrix, with the HTTP status of
// the IF1 answer (which the S-CSCF maps to its SIP answer) and the RFC 8898 `error` parameter.
import { problem, type Problem } from '../sbi/problem.ts';

export const IF1_ERRORS = {
  token_missing: { status: 401, title: 'No access token' },
  token_malformed: { status: 401, title: 'Malformed access token' },
  token_expired: { status: 401, title: 'Access token expired' },
  token_signature_invalid: { status: 401, title: 'Access token signature invalid' },
  token_wrong_audience: { status: 401, title: 'Access token for another audience' },
  token_unknown_issuer: { status: 401, title: 'Access token from an unknown issuer' },
  token_inactive: { status: 401, title: 'Access token revoked or employee disabled' },
  identity_mismatch: { status: 403, title: 'Token of another identity' },
  number_not_allocated: { status: 403, title: 'Number not allocated to the enterprise' },
  enterprise_not_provisioned: { status: 403, title: 'Enterprise not provisioned' },
  invalid_request: { status: 400, title: 'Invalid request' },
  idp_unavailable: { status: 503, title: 'Enterprise IdP unavailable' },
} as const;

export type If1ErrorCode = keyof typeof IF1_ERRORS;

export interface If1Error {
  code: If1ErrorCode;
  detail: string;
}

/**
 * 401 answers (but token_missing) carry `bearerError: "invalid_token"` for the S-CSCF's `WWW-Authenticate: Bearer`
 * challenge (RFC 8898 §4: every token failure is a 401 re-challenge). 403s are local policy:
 * re-authentication will not help (RFC 3261 §21.4.4).
 */
export function if1Problem(error: If1Error): Problem {
  const entry = IF1_ERRORS[error.code];
  // RFC 6750 §3.1: a request without any token gets a challenge with no error code.
  const bearer = entry.status === 401 && error.code !== 'token_missing' ? { bearerError: 'invalid_token' } : {};
  return problem(entry.status, error.code, entry.title, error.detail, bearer);
}
