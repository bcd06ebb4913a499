// Via branch parameters (RFC 3261 §8.1.1.7): the magic cookie plus a unique part. Randomness is
// an input so that this stays pure and tests stay deterministic.
import { BRANCH_MAGIC_COOKIE } from '../headers/via.ts';

/**
 * A new branch from at least 8 random bytes (hex encoded after the cookie z9hG4bK).
 * @example generateBranch(crypto.getRandomValues(new Uint8Array(12)))
 */
export function generateBranch(random: Uint8Array): string {
  if (random.length < 8) throw new TypeError('generateBranch needs at least 8 random bytes');
  let hex = '';
  for (const byte of random) hex += byte.toString(16).padStart(2, '0');
  return BRANCH_MAGIC_COOKIE + hex;
}
