// Property: for the typed header parsers, format(parse(x)) parses back to the same value.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatContact, formatNameAddr, formatUri, formatVia, parseContact, parseNameAddr, parseUri, parseVia, uriEquals } from '../../src/index.ts';
import { nameAddr, requestUri, via } from './arbitraries.ts';

function must<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw r.error;
  return r.value;
}

describe('formatters invert parsers', () => {
  it('Via', () => {
    fc.assert(fc.property(via, (v) => {
      const parsed = must(parseVia(v));
      expect(must(parseVia(formatVia(parsed)))).toEqual(parsed);
    }), { numRuns: 300 });
  });

  it('name-addr and Contact', () => {
    fc.assert(fc.property(nameAddr(true), (v) => {
      const parsed = must(parseNameAddr(v));
      expect(must(parseNameAddr(formatNameAddr(parsed)))).toEqual(parsed);
      const c = must(parseContact(v));
      expect(must(parseContact(formatContact(c)))).toEqual(c);
    }), { numRuns: 300 });
  });

  it('URIs, which also compare equal to themselves (RFC 3261 §19.1.4)', () => {
    fc.assert(fc.property(requestUri, (u) => {
      const parsed = must(parseUri(u));
      const again = formatUri(parsed);
      expect(must(parseUri(again))).toEqual(parsed);
      expect(uriEquals(u, again)).toBe(true);
    }), { numRuns: 300 });
  });
});
