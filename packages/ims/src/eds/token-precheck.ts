// Cheap local checks of a JWT access token before introspection (RFC 9068 §4), so each failure
// of the token matrix gets its own code. Pure: decodes only; the signature is checked elsewhere.
import { decodeJwt, decodeProtectedHeader, type JWTPayload } from 'jose';
import type { Result } from '../errors.ts';
import type { If1Error } from './if1-errors.ts';

export interface PrecheckedToken {
  claims: JWTPayload;
  /** `exp` in ms since the epoch. */
  expiresAt: number;
}

/** RFC 9068 §4: "typ" MUST be "at+jwt" (or "application/at+jwt"). */
const ACCESS_TOKEN_TYP = /^(?:application\/)?at\+jwt$/i;

export function precheckToken(token: string, expected: { issuer: string; resource: string; now: number }): Result<PrecheckedToken, If1Error> {
  let claims: JWTPayload;
  let typ: unknown;
  try {
    typ = decodeProtectedHeader(token).typ;
    claims = decodeJwt(token);
  } catch (cause) {
    return fail('token_malformed', `The token is not a JWT (${(cause as Error).message}).`);
  }
  if (token.split('.').length !== 3) return fail('token_malformed', 'The token is not a signed JWT (JWS compact form).');
  if (typeof typ !== 'string' || !ACCESS_TOKEN_TYP.test(typ)) return fail('token_malformed', `The token's "typ" is ${JSON.stringify(typ)}, not "at+jwt" (RFC 9068 §4).`);
  if (typeof claims.exp !== 'number') return fail('token_malformed', 'The token has no "exp".');
  if (claims.iss !== expected.issuer) return fail('token_unknown_issuer', `The token was issued by ${JSON.stringify(claims.iss)}, not by the enterprise's IdP ${expected.issuer}.`);
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(expected.resource)) return fail('token_wrong_audience', `The token's audience ${JSON.stringify(claims.aud)} is not the IMS resource ${expected.resource} (RFC 8707).`);
  const expiresAt = claims.exp * 1000;
  if (expiresAt <= expected.now) return fail('token_expired', `The token expired at ${new Date(expiresAt).toISOString()}.`);
  return { ok: true, value: { claims, expiresAt } };
}

function fail(code: If1Error['code'], detail: string): { ok: false; error: If1Error } {
  return { ok: false, error: { code, detail } };
}
