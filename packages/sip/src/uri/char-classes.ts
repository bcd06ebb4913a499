// Character classes of the RFC 3261 §25.1 URI grammar: lookup tables, and equivalent native
// regular expressions for the common case without %-escapes (much faster than per-character loops).

function table(chars: string, alnum = true): Uint8Array {
  const t = new Uint8Array(128);
  if (alnum) {
    for (let c = 0x30; c <= 0x39; c++) t[c] = 1;
    for (let c = 0x41; c <= 0x5a; c++) t[c] = 1;
    for (let c = 0x61; c <= 0x7a; c++) t[c] = 1;
  }
  for (const ch of chars) t[ch.charCodeAt(0)] = 1;
  return t;
}

const MARK = "-_.!~*'()";
/** user = 1*( unreserved / escaped / user-unreserved ); '%' allowed, escapes checked apart. */
export const USER_CHARS = table(`${MARK}%&=+$,;?/`);
/** password = *( unreserved / escaped / "&" / "=" / "+" / "$" / "," ) */
export const PASSWORD_CHARS = table(`${MARK}%&=+$,`);
/** paramchar = param-unreserved / unreserved / escaped */
export const PARAM_CHARS = table(`${MARK}%[]/:&+$`);
/** hnv-unreserved / unreserved / escaped */
export const HEADER_CHARS = table(`${MARK}%[]/?:+$`);

const UPPER = /[A-Z]/;
const FAST = new Map<Uint8Array, RegExp>();

/** Registers a regular expression equivalent to a table (minus '%'), for the native fast path. */
function fast(t: Uint8Array): void {
  let cls = '';
  for (let c = 0x20; c < 0x7f; c++) if (t[c] === 1 && c !== 0x25) cls += `\\x${c.toString(16).padStart(2, '0')}`;
  FAST.set(t, new RegExp(`^[${cls}]*$`));
}
fast(USER_CHARS);
fast(PASSWORD_CHARS);
fast(PARAM_CHARS);
fast(HEADER_CHARS);

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/**
 * One pass over s[start, end): every character in the table and every '%' starting a valid
 * `%XX` escape. Returns -1 when invalid, 1 when valid and containing upper-case letters, else 0.
 */
export function checkRun(t: Uint8Array, s: string, start: number, end: number): number {
  const re = FAST.get(t);
  if (re !== undefined) {
    // Native fast path: no '%' to verify and only allowed characters.
    const sub = start === 0 && end === s.length ? s : s.slice(start, end);
    if (sub.indexOf('%') < 0) {
      if (!re.test(sub)) return -1;
      return UPPER.test(sub) ? 1 : 0;
    }
  }
  let upper = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || t[c] !== 1) return -1;
    if (c === 0x25) {
      const h1 = s.charCodeAt(i + 1);
      const h2 = s.charCodeAt(i + 2);
      if (i + 2 >= end || !isHex(h1) || !isHex(h2)) return -1;
      if (h1 >= 0x41 && h1 <= 0x46) upper = 1;
      if (h2 >= 0x41 && h2 <= 0x46) upper = 1;
      i += 2;
    } else if (c >= 0x41 && c <= 0x5a) upper = 1;
  }
  return upper;
}
