// Property: parsed header values are remembered per text (message/value-memo.ts), yet every caller
// gets its own mutable copy, and a bad value gets the same error every time (RFC 3261 §20.42, §19.1).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMessage, parseUri, parseVia } from '../../src/index.ts';
import { headerParam } from '../../src/transaction/header-param.ts';
import { requestUri, via } from './arbitraries.ts';

function must<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw r.error;
  return r.value;
}

// The split-based reader headerParam had before it scanned in place: the two must agree.
function referenceHeaderParam(value: string, name: string): string | undefined {
  const close = value.lastIndexOf('>');
  const tail = close >= 0 ? value.slice(close + 1) : value.slice(Math.max(0, value.indexOf(';')));
  for (const part of tail.split(';').slice(1)) {
    const eq = part.indexOf('=');
    const key = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
    if (key === name.toLowerCase()) return eq < 0 ? '' : part.slice(eq + 1).trim();
  }
  return undefined;
}

describe('memoised parsers hand out independent copies', () => {
  it('a Via changed by one caller (received, rport, params) is parsed unchanged by the next (RFC 3581 §4)', () => {
    fc.assert(fc.property(via, (v) => {
      const first = must(parseVia(v));
      const snapshot = structuredClone(first);
      first.received = '192.0.2.1';
      first.rport = 5060;
      first.params.set('received', '192.0.2.1');
      first.params.delete('branch');
      expect(must(parseVia(v))).toEqual(snapshot);
    }), { numRuns: 200 });
  });

  it('a URI whose parameters one caller edits is parsed unchanged by the next (RFC 3261 §19.1.1)', () => {
    fc.assert(fc.property(requestUri, (u) => {
      const first = must(parseUri(u));
      const snapshot = structuredClone(first);
      if ('params' in first) first.params.set('lr', null);
      if ('headers' in first) first.headers.set('x', 'y');
      expect(must(parseUri(u))).toEqual(snapshot);
    }), { numRuns: 200 });
  });

  it('a bad Via is rejected with the same error each time it arrives (RFC 3261 §20.42)', () => {
    const bytes = Buffer.from('OPTIONS sip:a@x.example SIP/2.0\r\nVia: SIP/2.0/TCP h.example;branch\r\nFrom: <sip:a@x.example>;tag=1\r\nTo: <sip:b@x.example>\r\nCall-ID: c1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n');
    const a = parseMessage(bytes);
    const b = parseMessage(bytes);
    expect(a.ok).toBe(false);
    expect(b.ok).toBe(false);
    if (!a.ok && !b.ok) expect(b.error.message).toBe(a.error.message);
  });

  it('a CSeq remembered from a request does not excuse a method mismatch in the next (RFC 4475 mismatch01)', () => {
    const msg = (method: string) => Buffer.from(`${method} sip:a@x.example SIP/2.0\r\nVia: SIP/2.0/TCP h.example;branch=z9hG4bKm1\r\nFrom: <sip:a@x.example>;tag=1\r\nTo: <sip:b@x.example>\r\nCall-ID: c2\r\nCSeq: 7 OPTIONS\r\nContent-Length: 0\r\n\r\n`);
    expect(parseMessage(msg('OPTIONS')).ok).toBe(true);
    const r = parseMessage(msg('INFO'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('ERR_SIP_CSEQ_MISMATCH');
  });
});

describe('headerParam reads tags in place', () => {
  it('agrees with the split-based reading on any From/To-like text (RFC 3261 §20.20, §20.39)', () => {
    const piece = fc.constantFrom(';', '=', '>', '<', ' ', 'tag', 'TAG', 'x', '1', 'sip:a@b', '"', ',');
    fc.assert(fc.property(fc.array(piece, { maxLength: 12 }).map((p) => p.join('')), fc.constantFrom('tag', 'Tag', 'x'), (value, name) => {
      expect(headerParam(value, name)).toBe(referenceHeaderParam(value, name));
    }), { numRuns: 2000 });
  });
});
