// SipStreamParser: Content-Length framing on TCP/TLS (RFC 3261 §18.3), CRLF keep-alives
// (RFC 5626 §4.4.1) and fatal framing errors.
import { describe, expect, it } from 'vitest';
import { SipErrorCode, SipStreamParser, getHeader, type StreamEvent } from '../../src/index.ts';

const options = (n: number, body = ''): Buffer => Buffer.from([
  `OPTIONS sip:bob@acme.example SIP/2.0`,
  `Via: SIP/2.0/TCP client.acme.example;branch=z9hG4bK-${n}`,
  'Max-Forwards: 70',
  'From: <sip:alice@acme.example>;tag=a1',
  'To: <sip:bob@acme.example>',
  `Call-ID: call-${n}@acme.example`,
  `CSeq: ${n} OPTIONS`,
  `Content-Length: ${Buffer.byteLength(body)}`,
  '',
  body,
].join('\r\n'));

const messages = (events: StreamEvent[]): string[] =>
  events.flatMap((e) => (e.type === 'message' ? [getHeader(e.message, 'Call-ID') ?? '?'] : []));

describe('SipStreamParser framing', () => {
  const stream = Buffer.concat([options(1, 'hello'), Buffer.from('\r\n\r\n'), options(2), options(3, 'x'.repeat(300))]);

  it('returns several messages pushed in one chunk, with their bodies', () => {
    const events = new SipStreamParser().push(stream);
    expect(messages(events)).toEqual(['call-1@acme.example', 'call-2@acme.example', 'call-3@acme.example']);
    const first = events[0];
    expect(first?.type === 'message' && Buffer.from(first.message.body).toString()).toBe('hello');
    expect(events[1]).toEqual({ type: 'keepalive', pong: true });
  });

  it('gives the same messages when the stream is split at every byte boundary', () => {
    for (let i = 0; i <= stream.length; i++) {
      const p = new SipStreamParser();
      const events = [...p.push(stream.subarray(0, i)), ...p.push(stream.subarray(i))];
      expect(messages(events), `split at ${i}`).toEqual(['call-1@acme.example', 'call-2@acme.example', 'call-3@acme.example']);
    }
  });

  it('gives the same messages when fed one byte at a time', () => {
    const p = new SipStreamParser();
    const events: StreamEvent[] = [];
    for (const b of stream) events.push(...p.push(Uint8Array.of(b)));
    expect(messages(events)).toHaveLength(3);
  });

  it('waits for the whole body announced by Content-Length', () => {
    const p = new SipStreamParser();
    const m = options(7, 'abcdef');
    expect(p.push(m.subarray(0, m.length - 3))).toEqual([]);
    expect(messages(p.push(m.subarray(m.length - 3)))).toEqual(['call-7@acme.example']);
  });
});

describe('SipStreamParser keep-alives (RFC 5626 §4.4.1)', () => {
  it('reports a double-CRLF ping as pong: true so the transport answers with one CRLF', () => {
    expect(new SipStreamParser().push(Buffer.from('\r\n\r\n'))).toEqual([{ type: 'keepalive', pong: true }]);
  });

  it('reports a single CRLF (a pong) as pong: false', () => {
    expect(new SipStreamParser().push(Buffer.from('\r\n'))).toEqual([{ type: 'keepalive', pong: false }]);
  });

  it('still asks for a pong when a ping is split between its two CRLFs', () => {
    const p = new SipStreamParser();
    const events = [...p.push(Buffer.from('\r\n')), ...p.push(Buffer.from('\r\n'))];
    expect(events.some((e) => e.type === 'keepalive' && e.pong)).toBe(true);
  });
});

describe('SipStreamParser errors', () => {
  it('closes on a message without Content-Length: framing is lost (RFC 3261 §18.3)', () => {
    const p = new SipStreamParser();
    const noLength = Buffer.from(options(1).toString().replace('Content-Length: 0\r\n', ''));
    const events = p.push(noLength);
    expect(events).toEqual([{ type: 'error', fatal: true, error: expect.objectContaining({ code: SipErrorCode.CONTENT_LENGTH }) }]);
    expect(p.isClosed).toBe(true);
    expect(p.push(options(2))).toEqual([]);
  });

  it('closes on an invalid Content-Length', () => {
    const bad = Buffer.from(options(1).toString().replace('Content-Length: 0', 'Content-Length: ten'));
    const [e] = new SipStreamParser().push(bad);
    expect(e).toMatchObject({ type: 'error', fatal: true, error: { code: SipErrorCode.CONTENT_LENGTH } });
  });

  it('closes when a header section exceeds maxMessageBytes without ending', () => {
    const p = new SipStreamParser({ maxMessageBytes: 512 });
    expect(p.push(Buffer.from('INVITE sip:a@b SIP/2.0\r\n'))).toEqual([]);
    const [e] = p.push(Buffer.from(`X-Long: ${'a'.repeat(600)}`));
    expect(e).toMatchObject({ type: 'error', fatal: true, error: { code: SipErrorCode.LIMIT } });
  });

  it('keeps the connection after a well-framed but invalid message (non-fatal, with the parts to answer 400)', () => {
    const bad = Buffer.from(options(1).toString().replace('CSeq: 1 OPTIONS', 'CSeq: 1 INVITE'));
    const events = new SipStreamParser().push(Buffer.concat([bad, options(2)]));
    expect(events[0]).toMatchObject({ type: 'error', fatal: false, error: { code: SipErrorCode.CSEQ_MISMATCH, partial: { method: 'OPTIONS' } } });
    expect(messages(events)).toEqual(['call-2@acme.example']);
  });
});

describe('SipStreamParser cost', () => {
  it('handles a 300 kB header section arriving one byte at a time without quadratic copying', () => {
    const p = new SipStreamParser({ maxLineBytes: 400_000, maxMessageBytes: 400_000 });
    const plain = options(9).toString();
    const m = Buffer.from(plain.replace('Max-Forwards: 70\r\n', `Max-Forwards: 70\r\nX-Pad: ${'p'.repeat(300_000)}\r\n`));
    const started = performance.now();
    const events: StreamEvent[] = [];
    for (let i = 0; i < m.length; i++) events.push(...p.push(m.subarray(i, i + 1)));
    expect(messages(events)).toEqual(['call-9@acme.example']);
    // Quadratic copying of 300 kB byte by byte would move ~45 GB; linear work takes well under a second.
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe('SipStreamParser cost of a slow body', () => {
  it('reads the header section once while a 300 kB body arrives one byte at a time', () => {
    const p = new SipStreamParser({ maxLineBytes: 400_000, maxMessageBytes: 800_000, maxBodyBytes: 400_000 });
    // A large header section makes re-reading it for every body byte very visible.
    const body = 'b'.repeat(300_000);
    const m = Buffer.from(options(5, body).toString().replace('Max-Forwards: 70\r\n', `Max-Forwards: 70\r\nX-Pad: ${'p'.repeat(300_000)}\r\n`));
    const started = performance.now();
    const events: StreamEvent[] = [];
    for (let i = 0; i < m.length; i++) events.push(...p.push(m.subarray(i, i + 1)));
    expect(messages(events)).toEqual(['call-5@acme.example']);
    // Re-decoding a 300 kB header section for each of 300k body bytes would take minutes.
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
