// A small cursor over an (unfolded) header value with the RFC 3261 §25.1 lexical rules:
// token, quoted-string, LWS around separators. Linear time, no regular-expression backtracking.
import { SipError, SipErrorCode } from '../errors.ts';

// token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~")
const TOKEN = new Uint8Array(128);
for (let c = 0x30; c <= 0x39; c++) TOKEN[c] = 1;
for (let c = 0x41; c <= 0x5a; c++) TOKEN[c] = 1;
for (let c = 0x61; c <= 0x7a; c++) TOKEN[c] = 1;
for (const ch of "-.!%*_+`'~") TOKEN[ch.charCodeAt(0)] = 1;

// Native regular expressions scan much faster than per-character JavaScript loops; these have
// disjoint alternatives only, so they run in linear time.
const TOKEN_STICKY = /[A-Za-z0-9\-.!%*_+`'~]+/y;
const TOKEN_FULL = /^[A-Za-z0-9\-.!%*_+`'~]+$/;
const QUOTED_STICKY = /"(?:[^"\\]|\\[\s\S])*"/y;

/** End of the token starting at `i` in `s` (`i` itself when there is none). */
export function tokenEnd(s: string, i: number): number {
  TOKEN_STICKY.lastIndex = i;
  return TOKEN_STICKY.test(s) ? TOKEN_STICKY.lastIndex : i;
}

export function isTokenChar(c: number): boolean {
  return c < 128 && TOKEN[c] === 1;
}

/** Whether `s` is a non-empty RFC 3261 token. */
export function isToken(s: string): boolean {
  return TOKEN_FULL.test(s);
}

export class Scanner {
  i = 0;
  readonly n: number;
  constructor(readonly s: string, readonly header: string) {
    this.n = s.length;
  }

  get done(): boolean {
    return this.i >= this.n;
  }

  peek(): number {
    return this.i < this.s.length ? this.s.charCodeAt(this.i) : -1;
  }

  /** Skips spaces and tabs (the value is already unfolded). */
  ws(): void {
    const s = this.s;
    let i = this.i;
    while (i < this.n) {
      const c = s.charCodeAt(i);
      if (c !== 0x20 && c !== 0x09) break;
      i++;
    }
    this.i = i;
  }

  /** Consumes `c` surrounded by optional whitespace; false (nothing consumed) if absent. */
  sep(c: number): boolean {
    const start = this.i;
    this.ws();
    if (this.peek() === c) {
      this.i++;
      this.ws();
      return true;
    }
    this.i = start;
    return false;
  }

  token(): string {
    const start = this.i;
    TOKEN_STICKY.lastIndex = start;
    if (!TOKEN_STICKY.test(this.s)) return '';
    this.i = TOKEN_STICKY.lastIndex;
    return this.s.slice(start, this.i);
  }

  /** Reads while `pred` holds. */
  while(pred: (c: number) => boolean): string {
    const start = this.i;
    while (this.i < this.s.length && pred(this.s.charCodeAt(this.i))) this.i++;
    return this.s.slice(start, this.i);
  }

  /** Reads a quoted-string at the cursor; returns it raw (with quotes) or undefined if unterminated. */
  quotedRaw(): string | undefined {
    const start = this.i;
    QUOTED_STICKY.lastIndex = start;
    if (!QUOTED_STICKY.test(this.s)) return undefined;
    this.i = QUOTED_STICKY.lastIndex;
    return this.s.slice(start, this.i);
  }

  fail(message: string): SipError {
    return new SipError(SipErrorCode.HEADER, `${this.header}: ${message} at offset ${this.i} in ${JSON.stringify(this.s.length > 200 ? `${this.s.slice(0, 200)}…` : this.s)}`, { header: this.header });
  }
}

/** Removes the quotes and backslash escapes of a quoted-string (RFC 3261 §25.1 quoted-pair). */
export function unquote(raw: string): string {
  if (raw.length < 2 || raw.charCodeAt(0) !== 0x22) return raw;
  const inner = raw.slice(1, -1);
  return inner.indexOf('\\') < 0 ? inner : inner.replace(/\\(.)/gs, '$1');
}

/** Quotes a string, escaping `"` and `\`. */
export function quote(s: string): string {
  return `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/** A generic parameter value: token, host (IPv6 reference) or quoted-string, returned raw. */
export function genValue(sc: Scanner): string | undefined {
  if (sc.peek() === 0x22) return sc.quotedRaw();
  if (sc.peek() === 0x5b) {
    const v = sc.while((c) => c !== 0x5d && c !== 0x3b && c !== 0x2c && c !== 0x20);
    if (sc.peek() !== 0x5d) return undefined;
    sc.i++;
    return `${v}]`;
  }
  const t = sc.token();
  if (t !== '') return t;
  // Hosts such as IPv4 literals are tokens; anything else is not a gen-value.
  return undefined;
}

/**
 * Reads `*( SEMI generic-param )` up to the end of the value. Names are lower-cased; values raw
 * (quoted strings keep their quotes), `null` when a parameter has no value.
 */
export function readParams(sc: Scanner, into: Map<string, string | null>): SipError | undefined {
  for (;;) {
    sc.ws();
    if (sc.done) return undefined;
    if (!sc.sep(0x3b)) return sc.fail('expected ";"');
    const name = sc.token();
    if (name === '') return sc.fail('empty parameter');
    if (sc.sep(0x3d)) {
      const v = genValue(sc);
      if (v === undefined) return sc.fail(`invalid value of parameter "${name}"`);
      into.set(name.toLowerCase(), v);
    } else into.set(name.toLowerCase(), null);
  }
}

/** Writes a parameter map back (`;name=value`, `;flag`). */
export function formatParams(params: ReadonlyMap<string, string | null>): string {
  let out = '';
  for (const [k, v] of params) out += v === null ? `;${k}` : `;${k}=${v}`;
  return out;
}
