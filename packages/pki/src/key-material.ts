// What every certificate this package makes shares: @peculiar/x509 bound to node:crypto's
// webcrypto, ECDSA P-256 keys with SHA-256 signatures, PKCS#8 PEM export and random serials.
// @peculiar/x509 uses tsyringe, which needs the Reflect metadata API loaded first.
import 'reflect-metadata';
import { webcrypto, randomBytes } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export { x509 };
export type CryptoKey = webcrypto.CryptoKey;
export type CryptoKeyPair = webcrypto.CryptoKeyPair;

export const EC: webcrypto.EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };
export const SIGN: webcrypto.EcdsaParams = { name: 'ECDSA', hash: 'SHA-256' };
export const DAY = 24 * 60 * 60 * 1000;

/** A new extractable ECDSA P-256 key pair. */
export async function newKeys(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as CryptoKeyPair;
}

/** The private key as PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`). */
export async function keyPem(key: CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

/** A random positive 128-bit serial number, hex (RFC 5280 §4.1.2.2). */
export function serial(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  return bytes.toString('hex');
}

/** Imports a PKCS#8 PEM P-256 private key for signing certificates. */
export async function importSigningKey(pem: string, extractable = false): Promise<CryptoKey> {
  return webcrypto.subtle.importKey('pkcs8', x509.PemConverter.decodeFirst(pem), EC, extractable, ['sign']);
}
