// Property: the in-place readers of comma lists (RFC 3261 §7.3.1) give what splitting the whole
// list gives: the top value for getHeader, the rest for removeFirstHeaderValue (a proxy popping
// its Route, RFC 3261 §16.4).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRequest, getHeader, removeFirstHeaderValue } from '../../src/index.ts';
import { firstListValue, splitHeaderList } from '../../src/message/header-names.ts';

const piece = fc.constantFrom(',', ', ', ' ', '"', '\\', '<', '>', 'sip:a@b', ';lr', 'x', '"q,r"');
const listText = fc.array(piece, { maxLength: 14 }).map((p) => p.join(''));

describe('comma lists read in place', () => {
  it('the first value equals the first element of the split list', () => {
    fc.assert(fc.property(listText, (v) => {
      expect(firstListValue(v)).toBe(splitHeaderList(v)[0]);
    }), { numRuns: 3000 });
  });

  it('popping the top Route leaves exactly the other values, in place (RFC 3261 §16.4)', () => {
    fc.assert(fc.property(listText, (v) => {
      const m = createRequest({ method: 'INVITE', uri: 'sip:b@x.example', headers: [{ name: 'Route', value: v }, { name: 'Max-Forwards', value: '70' }] });
      expect(getHeader(m, 'Route')).toBe(splitHeaderList(v)[0]);
      removeFirstHeaderValue(m, 'Route');
      const parts = splitHeaderList(v);
      if (parts.length <= 1) {
        expect(m.headers).toEqual([{ name: 'Max-Forwards', value: '70' }]);
        return;
      }
      // The line keeps the rest of the list as written: same values, same position.
      expect(m.headers.map((h) => h.name)).toEqual(['Route', 'Max-Forwards']);
      expect(splitHeaderList(m.headers[0]!.value)).toEqual(parts.slice(1));
    }), { numRuns: 3000 });
  });
});
