// `Authorization: Bearer <key>` on SBI requests: 401 without credentials, 403 with a wrong key.
// The key is compared in constant time.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Http2ServerRequest } from 'node:http2';
import { problem, type Problem } from './problem.ts';

export function checkApiKey(req: Http2ServerRequest, key: string): Problem | undefined {
  const header = req.headers.authorization;
  const m = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!m) return problem(401, 'unauthorized', 'Unauthorized', 'Send the operator API key as "Authorization: Bearer <key>" (printed on the first start, stored in <DATA_DIR>/ims/operator-api-key).');
  if (!timingSafeEqual(digest(m[1]!), keyDigest(key))) return problem(403, 'forbidden', 'Forbidden', 'The API key is not the operator API key of this emulator.');
  return undefined;
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** The operator key's digest, computed once (every SBI request compares against it; the key does not change while the emulator runs). */
let known: { key: string; digest: Buffer } | undefined;
function keyDigest(key: string): Buffer {
  if (known?.key !== key) known = { key, digest: digest(key) };
  return known.digest;
}
