// %-escaping of URI components (RFC 3261 §19.1.2, RFC 3986 §2.1).

function hexVal(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** Whether every `%` in `s` starts a valid `%XX` escape. */
export function hasValidEscapes(s: string): boolean {
  for (let i = s.indexOf('%'); i >= 0; i = s.indexOf('%', i + 1)) {
    if (i + 2 >= s.length) return false;
    if (hexVal(s.charCodeAt(i + 1)) < 0 || hexVal(s.charCodeAt(i + 2)) < 0) return false;
  }
  return true;
}

/**
 * Decodes `%XX` escapes into the bytes they stand for, read as UTF-8 (invalid sequences become
 * U+FFFD); `%00` gives a NUL character (RFC 4475 escnull). A `%` that is not an escape is kept.
 * @example unescapeUriComponent('sips%3Auser%40example.com') === 'sips:user@example.com'
 */
export function unescapeUriComponent(s: string): string {
  if (s.indexOf('%') < 0) return s;
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25 && i + 2 < s.length && hexVal(s.charCodeAt(i + 1)) >= 0 && hexVal(s.charCodeAt(i + 2)) >= 0) {
      bytes.push(hexVal(s.charCodeAt(i + 1)) * 16 + hexVal(s.charCodeAt(i + 2)));
      i += 2;
    } else {
      for (const b of new TextEncoder().encode(s[i]!)) bytes.push(b);
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/**
 * Escapes every character outside `allowed` (plus unreserved) as `%XX` of its UTF-8 bytes.
 * @example escapeUriComponent('a b', '') === 'a%20b'
 */
export function escapeUriComponent(s: string, allowed = ''): string {
  let out = '';
  for (const ch of s) {
    if (/^[A-Za-z0-9\-_.!~*'()]$/.test(ch) || allowed.includes(ch)) out += ch;
    else for (const b of new TextEncoder().encode(ch)) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Characters allowed unescaped in the user part of a SIP URI (unreserved + user-unreserved). */
export const USER_UNRESERVED = '&=+$,;?/';
