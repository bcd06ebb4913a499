// Checks one of our own JWT access tokens (RFC 9068) the way introspection must: signature,
// `typ: at+jwt`, issuer, expiry, then state oidc-provider does not keep for JWTs: not revoked
// (RFC 7009), its grant still alive (refresh-token reuse or revocation destroys the grant), and the
// employee still active in the directory at this moment.
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JWK, type JWTPayload } from 'jose';
import type { Directory, Employee } from '../directory/employee.ts';
import { EMPLOYEE_STATUS } from '../directory/employee.ts';
import type { OidcStore } from './sqlite-adapter.ts';
import type { TokenRegistry } from './token-registry.ts';

export type AccessTokenCheck =
  | { active: true; payload: JWTPayload & { client_id: string; scope?: string }; employee: Employee }
  | { active: false; reason: 'malformed' | 'invalid' | 'expired' | 'unknown' | 'revoked' | 'grant-revoked' | 'employee-inactive' };

export interface AccessTokenCheckerDeps {
  issuer: string;
  publicJwks: { keys: JWK[] };
  registry: TokenRegistry;
  store: OidcStore;
  directory: Directory;
  now: () => number;
}

/** True when the string is a JWS compact serialization (what our access tokens look like). */
export function looksLikeJwt(token: string): boolean {
  if (token.split('.').length !== 3) return false;
  try {
    decodeProtectedHeader(token);
    return true;
  } catch {
    return false;
  }
}

export class AccessTokenChecker {
  readonly #deps: AccessTokenCheckerDeps;
  readonly #jwks: ReturnType<typeof createLocalJWKSet>;

  constructor(deps: AccessTokenCheckerDeps) {
    this.#deps = deps;
    this.#jwks = createLocalJWKSet(deps.publicJwks);
  }

  /** Full check; `audience` restricts to one resource when given. */
  async check(token: string, audience?: string): Promise<AccessTokenCheck> {
    if (!looksLikeJwt(token)) return { active: false, reason: 'malformed' };
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.#jwks, {
        issuer: this.#deps.issuer,
        typ: 'at+jwt',
        algorithms: ['ES256'],
        currentDate: new Date(this.#deps.now()),
        ...(audience ? { audience } : {}),
      }));
    } catch (error) {
      return { active: false, reason: (error as { code?: string }).code === 'ERR_JWT_EXPIRED' ? 'expired' : 'invalid' };
    }
    if (typeof payload.jti !== 'string' || typeof payload.sub !== 'string' || typeof payload['client_id'] !== 'string') {
      return { active: false, reason: 'invalid' };
    }
    const record = this.#deps.registry.find(payload.jti);
    if (!record) return { active: false, reason: 'unknown' };
    if (record.revoked) return { active: false, reason: 'revoked' };
    if (record.grantId && !this.#deps.store.grantAlive(record.grantId)) return { active: false, reason: 'grant-revoked' };
    const employee = this.#deps.directory.get(payload.sub);
    if (!employee || employee.status !== EMPLOYEE_STATUS.active) return { active: false, reason: 'employee-inactive' };
    return { active: true, payload: payload as JWTPayload & { client_id: string; scope?: string }, employee };
  }

  /** Signature and issuer only (expired tokens pass): what revocation needs to find the `jti`. */
  async verifySignature(token: string): Promise<JWTPayload | undefined> {
    if (!looksLikeJwt(token)) return undefined;
    try {
      const { payload } = await jwtVerify(token, this.#jwks, {
        issuer: this.#deps.issuer,
        typ: 'at+jwt',
        algorithms: ['ES256'],
        currentDate: new Date(0),
        clockTolerance: Number.MAX_SAFE_INTEGER,
      });
      return payload;
    } catch {
      return undefined;
    }
  }
}
