// Properties of SipStreamParser: random splits frame the same messages; random mutations and
// splits never throw and finish with a bounded number of events (RFC 3261 §18.3 framing).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SipStreamParser, serialize, type StreamEvent } from '../../src/index.ts';
import { sipMessage } from './arbitraries.ts';

function feed(parser: SipStreamParser, bytes: Uint8Array, cuts: number[]): StreamEvent[] {
  const events: StreamEvent[] = [];
  let last = 0;
  for (const c of [...cuts].sort((a, b) => a - b)) {
    events.push(...parser.push(bytes.subarray(last, c)));
    last = c;
  }
  events.push(...parser.push(bytes.subarray(last)));
  return events;
}

const stream = fc.array(sipMessage, { minLength: 1, maxLength: 4 }).map((ms) => ({
  messages: ms,
  bytes: Buffer.concat(ms.flatMap((m, i) => (i % 2 === 1 ? [Buffer.from('\r\n\r\n'), serialize(m)] : [serialize(m)]))),
}));

describe('SipStreamParser', () => {
  it('frames the same messages however a stream of several messages is split', () => {
    fc.assert(
      fc.property(stream, fc.array(fc.nat(), { maxLength: 6 }), ({ messages, bytes }, rawCuts) => {
        const whole = new SipStreamParser().push(bytes).filter((e) => e.type === 'message');
        expect(whole).toHaveLength(messages.length);
        const cuts = rawCuts.map((c) => c % (bytes.length + 1));
        const split = feed(new SipStreamParser(), bytes, cuts).filter((e) => e.type === 'message');
        expect(split).toEqual(whole);
      }),
      { numRuns: 150 },
    );
  });

  it('never throws and stays bounded on randomly mutated bytes split at random points', () => {
    fc.assert(
      fc.property(
        stream,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        ({ bytes }, mutations, rawCuts) => {
          const b = Buffer.from(bytes);
          for (const [at, v] of mutations) b[at % b.length] = v;
          const parser = new SipStreamParser({ maxMessageBytes: 4096 });
          const events = feed(parser, b, rawCuts.map((c) => c % (b.length + 1)));
          expect(events.length).toBeLessThanOrEqual(b.length + 1);
          const fatal = events.findIndex((e) => e.type === 'error' && e.fatal);
          if (fatal >= 0) {
            expect(fatal).toBe(events.length - 1);
            expect(parser.push(Buffer.from('OPTIONS sip:x SIP/2.0\r\n\r\n'))).toEqual([]);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 5 }), (chunks) => {
        const p = new SipStreamParser({ maxMessageBytes: 1024 });
        for (const c of chunks) p.push(c);
      }),
      { numRuns: 300 },
    );
  });
});
