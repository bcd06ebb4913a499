// Deterministic JSON of RFC 8225 §9: no whitespace or line breaks, object keys sorted by Unicode
// code point, recursively; integers only. The PASSporT signer serialises with it, and RFC 9795
// §6.1 digests JSON values (`rcdi`) over the same form.

/** A JSON value as PASSporT claims hold it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * Serialises a JSON value deterministically (RFC 8225 §9).
 * @example canonicalJson({ orig: { tn: '1' }, dest: { tn: ['2'] }, iat: 1 }) // '{"dest":{"tn":["2"]},"iat":1,"orig":{"tn":"1"}}'
 */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    // "JSON numbers ... integers" (RFC 8225 §9): a fraction or exponent would not be canonical.
    if (!Number.isSafeInteger(value)) throw new TypeError(`PASSporT numbers must be integers, got ${value}`);
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort(byCodePoint);
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k]!)}`).join(',')}}`;
}

/** Orders strings by Unicode code point (not UTF-16 code unit, which differs above U+FFFF). */
export function byCodePoint(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}
