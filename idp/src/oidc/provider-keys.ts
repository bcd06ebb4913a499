// The IdP's persistent keys in `<dataDir>/keys/`: the ES256 signing key set (ID tokens, JWT access
// tokens) and the cookie signing keys. Generated on first start; reused after restarts so tokens
// and sessions issued before a restart stay valid.
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';

export interface ProviderKeys {
  /** Private signing keys (JWK), newest first. */
  signing: JWK[];
  /** Public halves, for verifying our own tokens. */
  publicJwks: { keys: JWK[] };
  cookieKeys: string[];
}

export async function ensureProviderKeys(dataDir: string): Promise<ProviderKeys> {
  const dir = join(dataDir, 'keys');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const jwksFile = join(dir, 'jwks.json');
  const cookieFile = join(dir, 'cookie-keys.json');
  if (!existsSync(jwksFile)) {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: 'ES256', use: 'sig' };
    writeFileSync(jwksFile, JSON.stringify({ keys: [jwk] }, null, 2), { mode: 0o600 });
  }
  if (!existsSync(cookieFile)) {
    writeFileSync(cookieFile, JSON.stringify([randomBytes(32).toString('base64url')]), { mode: 0o600 });
  }
  const signing = (JSON.parse(readFileSync(jwksFile, 'utf8')) as { keys: JWK[] }).keys;
  const cookieKeys = JSON.parse(readFileSync(cookieFile, 'utf8')) as string[];
  const publicJwks = {
    keys: signing.map(({ kty, crv, x, y, kid, alg, use }) => ({ kty, crv, x, y, kid, alg, use }) as JWK),
  };
  return { signing, publicJwks, cookieKeys };
}
