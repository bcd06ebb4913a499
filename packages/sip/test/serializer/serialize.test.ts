// serialize: headers in order and spelling, Content-Length recomputed (RFC 3261 §20.14).
import { describe, expect, it } from 'vitest';
import { createRequest, parseMessage, serialize } from '../../src/index.ts';

describe('serialize', () => {
  it('writes headers in order and as named, replacing a stale Content-Length in place', () => {
    const m = createRequest({
      method: 'MESSAGE',
      uri: 'sip:bob@acme.example',
      headers: [
        { name: 'v', value: 'SIP/2.0/WSS ue.invalid;branch=z9hG4bK-1' },
        { name: 'l', value: '999' },
        { name: 'X-Odd', value: ';;,,' },
      ],
      body: new TextEncoder().encode('héllo'),
    });
    expect(serialize(m).toString('utf8')).toBe('MESSAGE sip:bob@acme.example SIP/2.0\r\nv: SIP/2.0/WSS ue.invalid;branch=z9hG4bK-1\r\nl: 6\r\nX-Odd: ;;,,\r\n\r\nhéllo');
  });

  it('appends Content-Length when absent and writes one only once', () => {
    const m = createRequest({ method: 'OPTIONS', uri: 'sip:a@b', headers: [{ name: 'Content-Length', value: '1' }, { name: 'content-length', value: '2' }] });
    expect(serialize(m).toString()).toBe('OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 0\r\n\r\n');
    const n = createRequest({ method: 'OPTIONS', uri: 'sip:a@b', headers: [] });
    expect(serialize(n).toString()).toBe('OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 0\r\n\r\n');
  });

  it('keeps binary bodies byte for byte through a parse', () => {
    const body = Uint8Array.from({ length: 256 }, (_, i) => i);
    const m = createRequest({
      method: 'MESSAGE', uri: 'sip:bob@acme.example', body,
      headers: [
        { name: 'Via', value: 'SIP/2.0/TCP h;branch=z9hG4bK1' }, { name: 'From', value: '<sip:a@b>;tag=1' }, { name: 'To', value: '<sip:c@d>' },
        { name: 'Call-ID', value: 'x' }, { name: 'CSeq', value: '1 MESSAGE' },
      ],
    });
    const r = parseMessage(serialize(m));
    expect(r.ok && Buffer.from(r.value.body).equals(Buffer.from(body))).toBe(true);
  });
});
