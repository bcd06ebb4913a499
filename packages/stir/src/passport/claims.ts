// PASSporT header and claims (RFC 8225 §4–§5), the SHAKEN extension (RFC 8588) and the Rich Call
// Data claims (RFC 9795): types, shape checks for untrusted input, and telephone-number
// canonicalisation (RFC 8224 §8.3).
import type { JsonValue } from './canonical-json.ts';

/** PASSporT JOSE header, full form (RFC 8225 §4). */
export interface PassportHeader {
  alg: string;
  /** Extension name; `"shaken"` for SHAKEN (RFC 8588 §3), `"rcd"` for an RCD PASSporT (RFC 9795 §8). */
  ppt?: string;
  typ: string;
  /** URL of the signer's certificate chain; string-equal to the Identity `info` (RFC 8224 §4.1). */
  x5u: string;
}

/** `orig`: exactly one of `tn` or `uri` (RFC 8225 §5.2.1). */
export type PassportOrig = { tn: string } | { uri: string };

/** `dest`: arrays of `tn` and/or `uri` (RFC 8225 §5.2.1). */
export interface PassportDest {
  tn?: string[];
  uri?: string[];
}

/** SHAKEN attestation level (RFC 8588 §4): A full, B partial, C gateway. */
export type Attestation = 'A' | 'B' | 'C';

/** The `rcd` claim object (RFC 9795 §5.1). `nam` is mandatory, `jcd` and `jcl` exclusive. */
export interface Rcd {
  nam: string;
  apn?: string;
  icn?: string;
  jcd?: JsonValue[];
  jcl?: string;
}

/** `rcdi`: JSON Pointer into `rcd` → `<alg>-<base64 digest>` (RFC 9795 §6). */
export type Rcdi = Record<string, string>;

/** Claims of a SHAKEN PASSporT, optionally with Rich Call Data in claims-only mode (RFC 9795 §13). */
export interface PassportClaims {
  attest?: Attestation;
  dest: PassportDest;
  iat: number;
  orig: PassportOrig;
  origid?: string;
  rcd?: Rcd;
  rcdi?: Rcdi;
  /** Call reason, top level (not inside `rcd`) (RFC 9795 §7). */
  crn?: string;
}

/**
 * Canonical telephone number (RFC 8224 §8.3): every character but digits, `#` and `*` removed.
 * Numbers are expected in E.164 already (the demo network's numbers are).
 * @example canonicalTn('+1 (202) 555-0100') // '12025550100'
 */
export function canonicalTn(tn: string): string {
  return tn.replace(/[^0-9#*]/g, '');
}

/**
 * The identity of a SIP URI, tel URI or bare number as PASSporT compares it: `{ tn }` for a
 * telephone number (tel URI, `user=phone`, or a user part that is a number), else `{ uri }` as
 * `sip:user@host` (RFC 8224 §8.1, §8.5, simplified: lower-cased, parameters dropped).
 */
export function identityOf(value: string): PassportOrig {
  const v = value.trim().replace(/^<|>$/g, '');
  const tel = /^tel:([^;]+)/i.exec(v);
  if (tel) return { tn: canonicalTn(tel[1]!) };
  const sip = /^(sips?):([^@;]+)@([^;:?>]+)/i.exec(v);
  if (sip) {
    const user = sip[2]!;
    if (/^\+?[0-9().-]+$/.test(user) || /;user=phone/i.test(v)) return { tn: canonicalTn(user) };
    return { uri: `${sip[1]!.toLowerCase()}:${user.toLowerCase()}@${sip[3]!.toLowerCase()}` };
  }
  return { tn: canonicalTn(v) };
}

type Check<T> = { ok: true; value: T } | { ok: false; reason: string };

const isString = (x: unknown): x is string => typeof x === 'string';
const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Shape of a decoded PASSporT header (RFC 8225 §4): strings where present, `x5u` required. */
export function checkHeaderShape(h: unknown): Check<PassportHeader> {
  if (!isObject(h)) return { ok: false, reason: 'the PASSporT header is not a JSON object' };
  if (!isString(h['alg'])) return { ok: false, reason: 'the PASSporT header has no alg' };
  if (!isString(h['typ'])) return { ok: false, reason: 'the PASSporT header has no typ' };
  if (!isString(h['x5u'])) return { ok: false, reason: 'the PASSporT header has no x5u (RFC 8224 §4.1)' };
  if (h['ppt'] !== undefined && !isString(h['ppt'])) return { ok: false, reason: 'the PASSporT header ppt is not a string' };
  return { ok: true, value: h as unknown as PassportHeader };
}

/** Shape of decoded claims: RFC 8225 §5 base claims, RFC 8588 and RFC 9795 claim types. */
export function checkClaimsShape(c: unknown): Check<PassportClaims> {
  if (!isObject(c)) return { ok: false, reason: 'the PASSporT payload is not a JSON object' };
  // "iat" is a NumericDate integer (RFC 8225 §5.1.1; RFC 8588's example string form is an erratum).
  if (!Number.isSafeInteger(c['iat'])) return { ok: false, reason: 'iat must be an integer NumericDate' };
  const orig = c['orig'];
  if (!isObject(orig) || Object.keys(orig).length !== 1 || !(isString(orig['tn']) || isString(orig['uri']))) {
    return { ok: false, reason: 'orig must hold exactly one of tn or uri (RFC 8225 §5.2.1)' };
  }
  const dest = c['dest'];
  const arrays = isObject(dest) ? (['tn', 'uri'] as const).filter((k) => dest[k] !== undefined) : [];
  if (!isObject(dest) || arrays.length === 0 || !arrays.every((k) => Array.isArray(dest[k]) && (dest[k] as unknown[]).every(isString))) {
    return { ok: false, reason: 'dest must hold tn and/or uri arrays of strings (RFC 8225 §5.2.1)' };
  }
  if (c['attest'] !== undefined && !['A', 'B', 'C'].includes(c['attest'] as string)) return { ok: false, reason: 'attest must be A, B or C (RFC 8588 §4)' };
  if (c['origid'] !== undefined && !isString(c['origid'])) return { ok: false, reason: 'origid must be a string (RFC 8588 §5)' };
  if (c['crn'] !== undefined && !isString(c['crn'])) return { ok: false, reason: 'crn must be a string (RFC 9795 §7)' };
  if (c['rcd'] !== undefined) {
    const why = rcdProblem(c['rcd']);
    if (why) return { ok: false, reason: why };
  }
  const rcdi = c['rcdi'];
  if (rcdi !== undefined) {
    if (c['rcd'] === undefined) return { ok: false, reason: 'rcdi requires rcd (RFC 9795 §6)' };
    if (!isObject(rcdi) || !Object.values(rcdi).every(isString)) return { ok: false, reason: 'rcdi must map JSON pointers to digest strings' };
  }
  return { ok: true, value: c as unknown as PassportClaims };
}

function rcdProblem(rcd: unknown): string | undefined {
  if (!isObject(rcd)) return 'rcd must be a JSON object (RFC 9795 §5.1)';
  if (!isString(rcd['nam'])) return 'rcd.nam is mandatory (RFC 9795 §5.1.1)';
  for (const k of ['apn', 'icn', 'jcl'] as const) if (rcd[k] !== undefined && !isString(rcd[k])) return `rcd.${k} must be a string`;
  if (rcd['jcd'] !== undefined && !Array.isArray(rcd['jcd'])) return 'rcd.jcd must be a jCard array (RFC 9795 §5.1.4)';
  if (rcd['jcd'] !== undefined && rcd['jcl'] !== undefined) return 'rcd.jcd and rcd.jcl are mutually exclusive (RFC 9795 §5.1.5)';
  return undefined;
}
