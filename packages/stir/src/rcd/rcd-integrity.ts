// Rich Call Data integrity (RFC 9795 §6): the `rcdi` claim maps JSON Pointers (RFC 6901) into
// `rcd` to SRI-style digests `sha256-<base64>`. A JSON value is digested over its RFC 8225 §9
// serialisation (a string with its quotes); URI-referenced content (`/icn`, `/jcl`, photo/logo/sound
// URIs inside the jCard) over the bytes of the HTTP response body.
import { createHash } from 'node:crypto';
import { err, ok, type Result } from '@eims/sip';
import { StirError, StirErrorCode } from '../errors.ts';
import { canonicalJson, type JsonValue } from '../passport/canonical-json.ts';
import type { Rcd, Rcdi } from '../passport/claims.ts';

/** Hash algorithms every RCD implementation supports (RFC 9795 §6). */
export type RcdiAlgorithm = 'sha256' | 'sha384' | 'sha512';
const ALGS: readonly string[] = ['sha256', 'sha384', 'sha512'];

/** A URI inside `rcd` whose content is referenced, with the JSON Pointer that names it. */
export interface ReferencedUri {
  pointer: string;
  uri: string;
}

/** Bytes of referenced resources by URI (what an HTTP GET of each returned). */
export type RcdResources = ReadonlyMap<string, Uint8Array>;

// jCard properties whose "uri" values point at content a client would fetch and render.
const CONTENT_PROPERTIES = new Set(['photo', 'logo', 'sound']);

/**
 * SRI-style digest string (RFC 9795 §6): `<alg>-<base64>`, standard alphabet, no `=` padding
 * (as the RFC's examples are written).
 * @example integrityDigest('"Alice"') // 'sha256-...'
 */
export function integrityDigest(content: Uint8Array | string, alg: RcdiAlgorithm = 'sha256'): string {
  return `${alg}-${createHash(alg).update(content).digest('base64').replace(/=+$/, '')}`;
}

/** True when `content` matches a digest string of any supported algorithm (padding ignored). */
export function matchesDigest(content: Uint8Array | string, digest: string): boolean {
  const dash = digest.indexOf('-');
  const alg = digest.slice(0, dash);
  if (dash < 0 || !ALGS.includes(alg)) return false;
  return integrityDigest(content, alg as RcdiAlgorithm) === `${alg}-${digest.slice(dash + 1).replace(/=+$/, '')}`;
}

/**
 * The URIs in `rcd` whose content must be covered by `rcdi` (RFC 9795 §6.1.2–§6.1.4): `/icn`,
 * `/jcl`, and http(s) values of jCard photo/logo/sound properties (`/jcd/1/<i>/3`). `data:` URIs
 * are inline content, covered by the `/jcd` digest and the signature. For `jcl`, pass the fetched
 * jCard to list the URIs inside it (`/jcl/1/<i>/3`).
 */
export function referencedUris(rcd: Rcd, jclCard?: JsonValue): ReferencedUri[] {
  const out: ReferencedUri[] = [];
  if (rcd.icn !== undefined) out.push({ pointer: '/icn', uri: rcd.icn });
  if (rcd.jcl !== undefined) out.push({ pointer: '/jcl', uri: rcd.jcl });
  if (rcd.jcd !== undefined) out.push(...jcardUris(rcd.jcd, '/jcd'));
  if (jclCard !== undefined) out.push(...jcardUris(jclCard, '/jcl'));
  return out;
}

function jcardUris(card: JsonValue, base: string): ReferencedUri[] {
  const props = Array.isArray(card) ? card[1] : undefined;
  if (!Array.isArray(props)) return [];
  const out: ReferencedUri[] = [];
  props.forEach((p, i) => {
    if (Array.isArray(p) && typeof p[0] === 'string' && CONTENT_PROPERTIES.has(p[0].toLowerCase()) && p[2] === 'uri' && typeof p[3] === 'string' && /^https?:/i.test(p[3])) {
      out.push({ pointer: `${base}/1/${i}/3`, uri: p[3] });
    }
  });
  return out;
}

/**
 * Builds `rcdi` for a signer that is authoritative for its RCD (RFC 9795 §4 mode 2): a digest of
 * the whole `/jcd` when present, and one per referenced URI, over `resources`.
 * @throws TypeError when a referenced URI's bytes are missing from `resources`.
 */
export function computeRcdi(rcd: Rcd, resources: RcdResources = new Map(), alg: RcdiAlgorithm = 'sha256'): Rcdi {
  const rcdi: Rcdi = {};
  if (rcd.jcd !== undefined) rcdi['/jcd'] = integrityDigest(canonicalJson(rcd.jcd), alg);
  const jclBytes = rcd.jcl !== undefined ? resources.get(rcd.jcl) : undefined;
  const jclCard = jclBytes ? (JSON.parse(Buffer.from(jclBytes).toString('utf8')) as JsonValue) : undefined;
  for (const { pointer, uri } of referencedUris(rcd, jclCard)) {
    const bytes = resources.get(uri);
    if (!bytes) throw new TypeError(`rcdi needs the content of ${uri} (RFC 9795 §6.1)`);
    rcdi[pointer] = integrityDigest(bytes, alg);
  }
  return rcdi;
}

/** Outcome of checking `rcdi` against the signed `rcd`. */
export interface RcdIntegrity {
  /** Pointers whose digest was recomputed and matched. */
  verified: string[];
  /** Referenced URIs not fetched here, with the digest their content must match (for Call-Info `integrity`). */
  pending: Array<ReferencedUri & { digest: string }>;
}

/**
 * Checks `rcdi` against `rcd` (RFC 9795 §8): every referenced URI must have a digest; every
 * digest over a JSON value must match; digests over URI content are checked when `resources`
 * holds that content, else returned as `pending` for whoever fetches it (don't fetch only to verify).
 */
export function checkRcdIntegrity(rcd: Rcd, rcdi: Rcdi | undefined, resources: RcdResources = new Map()): Result<RcdIntegrity, StirError> {
  const fail = (m: string): Result<RcdIntegrity, StirError> => err(new StirError(StirErrorCode.RCD_INTEGRITY, m));
  const jclBytes = rcd.jcl !== undefined ? resources.get(rcd.jcl) : undefined;
  let jclCard: JsonValue | undefined;
  if (jclBytes) {
    try {
      jclCard = JSON.parse(Buffer.from(jclBytes).toString('utf8')) as JsonValue;
    } catch (e) {
      return fail(`the jCard at ${rcd.jcl!} is not JSON: ${(e as Error).message}`);
    }
  }
  const refs = referencedUris(rcd, jclCard);
  if (refs.length > 0 && rcdi === undefined) return fail('rcd references external content but carries no rcdi (RFC 9795 §4, mode 2)');
  const out: RcdIntegrity = { verified: [], pending: [] };
  for (const ref of refs) if (rcdi![ref.pointer] === undefined) return fail(`rcdi has no digest for ${ref.pointer} (${ref.uri}) (RFC 9795 §6.1)`);
  const byPointer = new Map(refs.map((r) => [r.pointer, r]));
  for (const [pointer, digest] of Object.entries(rcdi ?? {})) {
    const alg = digest.slice(0, digest.indexOf('-'));
    if (!ALGS.includes(alg)) return fail(`rcdi ${pointer}: unsupported digest algorithm in ${JSON.stringify(digest)}`);
    const ref = byPointer.get(pointer);
    if (ref) {
      const bytes = resources.get(ref.uri);
      if (!bytes) out.pending.push({ ...ref, digest });
      else if (matchesDigest(bytes, digest)) out.verified.push(pointer);
      else return fail(`content of ${ref.uri} does not match rcdi ${pointer}`);
      continue;
    }
    if (pointer.startsWith('/jcl/')) {
      if (jclCard === undefined) continue; // inside a jCard not fetched here
      return fail(`rcdi ${pointer} does not name a URI of the jCard`);
    }
    const value = resolvePointer(rcd as unknown as JsonValue, pointer);
    if (value === undefined) return fail(`rcdi ${pointer} does not point into rcd`);
    if (!matchesDigest(canonicalJson(value), digest)) return fail(`rcd${pointer} does not match its rcdi digest`);
    out.verified.push(pointer);
  }
  return ok(out);
}

/** Resolves an RFC 6901 JSON Pointer; `undefined` when it names nothing. */
export function resolvePointer(doc: JsonValue, pointer: string): JsonValue | undefined {
  if (pointer === '') return doc;
  if (!pointer.startsWith('/')) return undefined;
  let cur: JsonValue | undefined = doc;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) {
      if (!/^(0|[1-9][0-9]*)$/.test(key)) return undefined;
      cur = cur[Number(key)];
    } else if (cur !== null && typeof cur === 'object') {
      cur = Object.hasOwn(cur, key) ? cur[key] : undefined;
    } else {
      return undefined;
    }
    if (cur === undefined) return undefined;
  }
  return cur;
}
