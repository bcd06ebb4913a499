// The transmitter's ES256 signing key, kept as a private JWK in a file so that a restart signs
// with the same key (and receivers holding the cached JWKS keep verifying).
import { createHash, createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { JWK } from 'jose';
import { IdpError } from '../errors.ts';

export const SET_SIGNING_ALG = 'ES256';
/** The error code of an unreadable or malformed keys file. */
export const KEYS_FILE_ERROR = 'ERR_IDP_SET_KEYS_FILE';

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  /** The public half as published in the JWKS (`kid`, `alg`, `use: sig`). */
  publicJwk: JWK;
}

interface EcPrivateJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
  d: string;
  kid?: string;
}

/** Loads the key from `file`, creating it (mode 0600) on first use. Synchronous on purpose: a bad file fails the start. */
export function loadOrCreateSigningKey(file: string): SigningKey {
  let jwk: EcPrivateJwk | undefined;
  let text: string | undefined;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (!isNotFound(err)) {
      throw new IdpError(KEYS_FILE_ERROR, `Cannot read the security event signing key ${file}: check its permissions.`, { cause: err, details: { file } });
    }
  }
  if (text !== undefined) {
    jwk = parsePrivateJwk(text, file);
  } else {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const exported = privateKey.export({ format: 'jwk' }) as EcPrivateJwk;
    jwk = { kty: 'EC', crv: 'P-256', x: exported.x, y: exported.y, d: exported.d };
    jwk.kid = thumbprint(jwk);
    mkdirSync(dirname(file), { recursive: true });
    // Write then rename, so a crash never leaves a half-written key behind.
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(jwk, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, file);
  }
  const kid = jwk.kid ?? thumbprint(jwk);
  const privateKey = createPrivateKey({ key: { ...jwk }, format: 'jwk' });
  const publicJwk: JWK = { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, kid, alg: SET_SIGNING_ALG, use: 'sig' };
  return { kid, privateKey, publicJwk };
}

function parsePrivateJwk(text: string, file: string): EcPrivateJwk {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new IdpError(KEYS_FILE_ERROR, `${file} is not JSON; remove it to have a new key created.`, { cause: err, details: { file } });
  }
  const j = parsed as Partial<EcPrivateJwk> | null;
  if (j === null || typeof j !== 'object' || j.kty !== 'EC' || j.crv !== 'P-256' || typeof j.x !== 'string' || typeof j.y !== 'string' || typeof j.d !== 'string') {
    throw new IdpError(KEYS_FILE_ERROR, `${file} does not hold a private P-256 JWK; remove it to have a new key created.`);
  }
  const out: EcPrivateJwk = { kty: 'EC', crv: 'P-256', x: j.x, y: j.y, d: j.d };
  if (typeof j.kid === 'string') out.kid = j.kid;
  return out;
}

/** RFC 7638 JWK thumbprint (SHA-256, base64url) of the public key. */
function thumbprint(j: { crv: string; kty: string; x: string; y: string }): string {
  const canonical = JSON.stringify({ crv: j.crv, kty: j.kty, x: j.x, y: j.y });
  return createHash('sha256').update(canonical).digest('base64url');
}

function isNotFound(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'ENOENT';
}
