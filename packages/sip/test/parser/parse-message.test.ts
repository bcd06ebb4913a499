// parseMessage on whole messages (WebSocket, RFC 7118; UDP, RFC 3261 §18.3) and its limits.
import { describe, expect, it } from 'vitest';
import { SipErrorCode, getHeader, parseMessage } from '../../src/index.ts';

const register = (extra: string[] = [], body = ''): Buffer => Buffer.from([
  'REGISTER sip:ims.carrier.example SIP/2.0',
  'Via: SIP/2.0/WSS r8v2kq.invalid;branch=z9hG4bK-1',
  'Max-Forwards: 70',
  'From: <sip:alice@acme.example>;tag=f1',
  'To: <sip:alice@acme.example>',
  'Call-ID: reg-1',
  'CSeq: 1 REGISTER',
  ...extra,
  '',
  body,
].join('\r\n'));

describe('parseMessage', () => {
  it('accepts a WebSocket message without Content-Length; the body runs to the end (RFC 7118 §5)', () => {
    const r = parseMessage(register(['Content-Type: text/plain'], 'hi there'));
    expect(r.ok && Buffer.from(r.value.body).toString()).toBe('hi there');
  });

  it('ignores CRLFs before the start line (RFC 3261 §7.5)', () => {
    const r = parseMessage(Buffer.concat([Buffer.from('\r\n\r\n'), register(['Content-Length: 0'])]));
    expect(r.ok && r.value.type === 'request' && r.value.method).toBe('REGISTER');
  });

  it('rejects a message larger than maxMessageBytes with a LIMIT error suggesting 513', () => {
    const r = parseMessage(register([`X-Pad: ${'p'.repeat(2000)}`]), { limits: { maxMessageBytes: 1000 } });
    expect(!r.ok && [r.error.code, r.error.status]).toEqual([SipErrorCode.LIMIT, 513]);
  });

  it('rejects more than maxHeaderCount header lines and over-long lines', () => {
    const many = parseMessage(register(Array.from({ length: 20 }, (_, i) => `X-${i}: v`)), { limits: { maxHeaderCount: 10 } });
    expect(!many.ok && many.error.code).toBe(SipErrorCode.LIMIT);
    const long = parseMessage(register([`X-Long: ${'l'.repeat(300)}`]), { limits: { maxLineBytes: 200 } });
    expect(!long.ok && long.error.code).toBe(SipErrorCode.LIMIT);
  });

  it('rejects a header line without a colon', () => {
    const r = parseMessage(register(['NotAHeader']));
    expect(!r.ok && r.error.code).toBe(SipErrorCode.HEADER);
  });

  it('rejects a message without the empty line after the headers', () => {
    const r = parseMessage(Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n'));
    expect(!r.ok && r.error.code).toBe(SipErrorCode.PARSE);
  });

  it('tolerates a missing Max-Forwards (RFC 2543 compatibility) but not a missing Via', () => {
    expect(parseMessage(Buffer.from(register().toString().replace('Max-Forwards: 70\r\n', ''))).ok).toBe(true);
    const r = parseMessage(Buffer.from(register().toString().replace(/Via: .*\r\n/, '')));
    expect(!r.ok && r.error.code).toBe(SipErrorCode.MISSING_HEADER);
  });

  it('rejects Max-Forwards above 255 and a CSeq of 2^31', () => {
    const mf = parseMessage(Buffer.from(register().toString().replace('Max-Forwards: 70', 'Max-Forwards: 256')));
    expect(!mf.ok && mf.error.code).toBe(SipErrorCode.SCALAR);
    const cs = parseMessage(Buffer.from(register().toString().replace('CSeq: 1 REGISTER', 'CSeq: 2147483648 REGISTER')));
    expect(!cs.ok && cs.error.code).toBe(SipErrorCode.SCALAR);
    const okSeq = parseMessage(Buffer.from(register().toString().replace('CSeq: 1 REGISTER', 'CSeq: 2147483647 REGISTER')));
    expect(okSeq.ok).toBe(true);
  });

  it('reads a UTF-8 display name', () => {
    const r = parseMessage(Buffer.from(register().toString().replace('From: <sip:', 'From: "Zoë Ng" <sip:')));
    expect(r.ok && getHeader(r.value, 'From')).toBe('"Zoë Ng" <sip:alice@acme.example>;tag=f1');
  });

  it('accepts a plain Uint8Array, not only a Buffer', () => {
    const r = parseMessage(new Uint8Array(register(['Content-Length: 0'])));
    expect(r.ok).toBe(true);
  });
});
