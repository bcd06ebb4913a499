// Public keys of the enterprises' IdPs, discovered from their metadata and cached by jose:
// access-token keys from `/.well-known/openid-configuration` `jwks_uri` (RFC 8414), SET keys
// from `/.well-known/ssf-configuration` `jwks_uri` (OpenID SSF 1.0 §7.1).
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';

type Purpose = 'access-token' | 'ssf';

export class IssuerKeys {
  readonly #sets = new Map<string, Promise<JWTVerifyGetKey>>();

  /** A key resolver for `compactVerify`; rejects when the metadata cannot be fetched. */
  keys(issuer: string, purpose: Purpose): Promise<JWTVerifyGetKey> {
    const id = `${purpose} ${issuer}`;
    let set = this.#sets.get(id);
    if (!set) {
      set = discover(issuer, purpose);
      this.#sets.set(id, set);
      // A failed discovery is retried on the next use rather than cached.
      set.catch(() => this.#sets.delete(id));
    }
    return set;
  }
}

async function discover(issuer: string, purpose: Purpose): Promise<JWTVerifyGetKey> {
  const path = purpose === 'ssf' ? '/.well-known/ssf-configuration' : '/.well-known/openid-configuration';
  const response = await fetch(`${issuer}${path}`, { signal: AbortSignal.timeout(3000), headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`${issuer}${path} answered ${response.status}`);
  const metadata = (await response.json()) as { jwks_uri?: unknown };
  if (typeof metadata.jwks_uri !== 'string') throw new Error(`${issuer}${path} names no jwks_uri`);
  return createRemoteJWKSet(new URL(metadata.jwks_uri), { timeoutDuration: 3000, cooldownDuration: 1000 });
}
