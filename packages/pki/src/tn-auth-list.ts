// The TNAuthList certificate extension of STIR certificates (RFC 8226 §9, id-pe-TNAuthList), DER in
// and out. The ASN.1 module uses EXPLICIT tags, so each CHOICE arm wraps its value:
//   TNAuthorizationList ::= SEQUENCE SIZE (1..MAX) OF TNEntry
//   TNEntry ::= CHOICE { spc [0] ServiceProviderCode, range [1] TelephoneNumberRange, one [2] TelephoneNumber }
//   TelephoneNumberRange ::= SEQUENCE { start TelephoneNumber, count INTEGER (2..MAX), ... }
// Hand-written (a few tags) rather than decorator-based, so it needs no experimental decorators.

/** OID of the TNAuthList extension, `id-pe 26` (RFC 8226 §9). */
export const TN_AUTH_LIST_OID = '1.3.6.1.5.5.7.1.26';

/** One TNAuthList entry: a service provider code (SHAKEN), a number range or a single number. */
export type TnEntry =
  | { spc: string }
  | { range: { start: string; count: number } }
  | { one: string };

const SEQUENCE = 0x30;
const IA5STRING = 0x16;
const INTEGER = 0x02;
const TN_CHARS = /^[0-9#*]{1,15}$/; // TelephoneNumber ::= IA5String (SIZE (1..15)) (FROM ("0123456789#*"))

/**
 * DER encoding of a TNAuthorizationList, the `extnValue` of the extension.
 * @example encodeTnAuthList([{ spc: '709J' }]) // 30 08 a0 06 16 04 37 30 39 4a
 */
export function encodeTnAuthList(entries: readonly TnEntry[]): Uint8Array {
  if (entries.length === 0) throw new TypeError('TNAuthorizationList needs at least one entry (RFC 8226 §9)');
  return tlv(SEQUENCE, concat(entries.map(encodeEntry)));
}

function encodeEntry(entry: TnEntry): Uint8Array {
  if ('spc' in entry) {
    if (!/^[\x20-\x7e]+$/.test(entry.spc)) throw new TypeError(`invalid service provider code ${JSON.stringify(entry.spc)}`);
    return tlv(0xa0, ia5(entry.spc));
  }
  if ('range' in entry) {
    const { start, count } = entry.range;
    if (!TN_CHARS.test(start)) throw new TypeError(`invalid range start ${JSON.stringify(start)}`);
    if (!Number.isInteger(count) || count < 2 || count > 0x7fffffff) throw new TypeError('range count must be an integer >= 2');
    return tlv(0xa1, tlv(SEQUENCE, concat([ia5(start), integer(count)])));
  }
  if (!TN_CHARS.test(entry.one)) throw new TypeError(`invalid telephone number ${JSON.stringify(entry.one)}`);
  return tlv(0xa2, ia5(entry.one));
}

/**
 * Decodes the DER `extnValue` of a TNAuthList extension; `undefined` when it is not well formed.
 * Unknown trailing fields of a range (the `...` extension marker) are skipped.
 */
export function decodeTnAuthList(der: Uint8Array): TnEntry[] | undefined {
  const outer = readTlv(der, 0);
  if (!outer || outer.tag !== SEQUENCE || outer.end !== der.length) return undefined;
  const entries: TnEntry[] = [];
  for (let i = outer.start; i < outer.end; ) {
    const arm = readTlv(der, i, outer.end);
    if (!arm) return undefined;
    const inner = readTlv(der, arm.start, arm.end);
    if (!inner || inner.end !== arm.end) return undefined;
    if (arm.tag === 0xa0 && inner.tag === IA5STRING) {
      entries.push({ spc: ascii(der, inner) });
    } else if (arm.tag === 0xa2 && inner.tag === IA5STRING) {
      entries.push({ one: ascii(der, inner) });
    } else if (arm.tag === 0xa1 && inner.tag === SEQUENCE) {
      const start = readTlv(der, inner.start, inner.end);
      const count = start && readTlv(der, start.end, inner.end);
      if (!start || !count || start.tag !== IA5STRING || count.tag !== INTEGER || count.end - count.start > 4) return undefined;
      let n = 0;
      for (let k = count.start; k < count.end; k++) n = n * 256 + der[k]!;
      entries.push({ range: { start: ascii(der, start), count: n } });
    } else {
      return undefined;
    }
    i = arm.end;
  }
  return entries.length > 0 ? entries : undefined;
}

interface Tlv {
  tag: number;
  start: number;
  end: number;
}

function readTlv(b: Uint8Array, at: number, limit = b.length): Tlv | undefined {
  if (at + 2 > limit) return undefined;
  const tag = b[at]!;
  let len = b[at + 1]!;
  let start = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 3 || start + n > limit) return undefined;
    len = 0;
    for (let k = 0; k < n; k++) len = len * 256 + b[start + k]!;
    start += n;
  }
  const end = start + len;
  return end <= limit ? { tag, start, end } : undefined;
}

function tlv(tag: number, body: Uint8Array): Uint8Array {
  const n = body.length;
  const head = n < 0x80 ? [tag, n] : n < 0x100 ? [tag, 0x81, n] : [tag, 0x82, n >> 8, n & 0xff];
  return concat([Uint8Array.from(head), body]);
}

function ia5(s: string): Uint8Array {
  return tlv(IA5STRING, Uint8Array.from(s, (c) => c.charCodeAt(0)));
}

function integer(n: number): Uint8Array {
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  if ((bytes[0] ?? 0x80) & 0x80) bytes.unshift(0); // positive, so no leading 1 bit
  return tlv(INTEGER, Uint8Array.from(bytes));
}

function ascii(b: Uint8Array, t: Tlv): string {
  return String.fromCharCode(...b.subarray(t.start, t.end));
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let i = 0;
  for (const p of parts) {
    out.set(p, i);
    i += p.length;
  }
  return out;
}
