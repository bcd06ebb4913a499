// Header access by name (RFC 3261 §7.3: case-insensitive, compact forms, comma lists) and the
// response builder of §8.2.6.
import { describe, expect, it } from 'vitest';
import {
  addHeader, canonicalHeaderName, createRequest, createResponse, getHeader, getHeaders, removeFirstHeaderValue,
  removeHeader, setHeader, type SipRequest,
} from '../../src/index.ts';

function invite(): SipRequest {
  return createRequest({
    method: 'INVITE',
    uri: 'sip:bob@acme.example',
    headers: [
      { name: 'v', value: 'SIP/2.0/TLS edge.example;branch=z9hG4bK-2, SIP/2.0/WSS ue.invalid;branch=z9hG4bK-1' },
      { name: 'VIA', value: 'SIP/2.0/WSS ue0.invalid;branch=z9hG4bK-0' },
      { name: 'Route', value: '<sip:pcscf.example;lr>, <sip:scscf.example;lr>' },
      { name: 'f', value: '"Alice, A." <sip:alice@acme.example>;tag=a1' },
      { name: 't', value: '<sip:bob@acme.example>' },
      { name: 'i', value: 'c1@ue.invalid' },
      { name: 'CSeq', value: '1 INVITE' },
      { name: 'WWW-Authenticate', value: 'Digest realm="a, b", nonce="n"' },
      { name: 'Identity', value: 'a.b.c;info=<https://c.example/x,y.pem>' },
    ],
  });
}

describe('header names', () => {
  it('expands the compact forms of RFC 3261 §7.3.3 and later extensions', () => {
    expect(['v', 'i', 'm', 'e', 'l', 'c', 'f', 's', 'k', 't', 'o', 'u', 'r', 'b', 'x', 'a', 'j', 'd', 'y'].map(canonicalHeaderName)).toEqual([
      'Via', 'Call-ID', 'Contact', 'Content-Encoding', 'Content-Length', 'Content-Type', 'From', 'Subject', 'Supported', 'To',
      'Event', 'Allow-Events', 'Refer-To', 'Referred-By', 'Session-Expires', 'Accept-Contact', 'Reject-Contact', 'Request-Disposition', 'Identity',
    ]);
    expect(canonicalHeaderName('call-id')).toBe('Call-ID');
    expect(canonicalHeaderName('X-Custom')).toBe('X-Custom');
  });
});

describe('getHeader / getHeaders', () => {
  it('find headers case-insensitively and through compact forms', () => {
    const m = invite();
    expect(getHeader(m, 'Call-ID')).toBe('c1@ue.invalid');
    expect(getHeader(m, 'from')).toBe('"Alice, A." <sip:alice@acme.example>;tag=a1');
    expect(getHeader(m, 'Contact')).toBeUndefined();
  });

  it('split list headers at commas outside quotes and <> across all lines, in order', () => {
    const m = invite();
    expect(getHeader(m, 'Via')).toBe('SIP/2.0/TLS edge.example;branch=z9hG4bK-2');
    expect(getHeaders(m, 'via')).toEqual([
      'SIP/2.0/TLS edge.example;branch=z9hG4bK-2', 'SIP/2.0/WSS ue.invalid;branch=z9hG4bK-1', 'SIP/2.0/WSS ue0.invalid;branch=z9hG4bK-0',
    ]);
  });

  it('never split the auth family, Identity or From (RFC 3261 §7.3.1)', () => {
    const m = invite();
    expect(getHeaders(m, 'WWW-Authenticate')).toEqual(['Digest realm="a, b", nonce="n"']);
    expect(getHeaders(m, 'Identity')).toEqual(['a.b.c;info=<https://c.example/x,y.pem>']);
    expect(getHeaders(m, 'From')).toHaveLength(1);
  });
});

describe('editing headers', () => {
  it('removeFirstHeaderValue pops the top Via and Route even inside a comma-joined line', () => {
    const m = invite();
    removeFirstHeaderValue(m, 'Via');
    expect(getHeaders(m, 'Via')).toHaveLength(2);
    expect(getHeader(m, 'Via')).toBe('SIP/2.0/WSS ue.invalid;branch=z9hG4bK-1');
    removeFirstHeaderValue(m, 'Route');
    expect(getHeaders(m, 'Route')).toEqual(['<sip:scscf.example;lr>']);
    removeFirstHeaderValue(m, 'Route');
    expect(getHeader(m, 'Route')).toBeUndefined();
  });

  it('addHeader "first" puts a new top Via above the others; "last" appends after the last line of that header', () => {
    const m = invite();
    addHeader(m, 'Via', 'SIP/2.0/TLS proxy.example;branch=z9hG4bK-new', 'first');
    expect(getHeader(m, 'v')).toBe('SIP/2.0/TLS proxy.example;branch=z9hG4bK-new');
    expect(m.headers[0]).toEqual({ name: 'Via', value: 'SIP/2.0/TLS proxy.example;branch=z9hG4bK-new' });
    addHeader(m, 'Record-Route', '<sip:proxy.example;lr>');
    expect(m.headers.at(-1)).toEqual({ name: 'Record-Route', value: '<sip:proxy.example;lr>' });
    addHeader(m, 'Via', 'SIP/2.0/UDP last.example;branch=z9hG4bK-l');
    expect(getHeaders(m, 'Via').at(-1)).toBe('SIP/2.0/UDP last.example;branch=z9hG4bK-l');
    expect(m.headers.findIndex((h) => h.value.includes('last.example'))).toBe(3);
  });

  it('setHeader replaces every line at the position of the first one', () => {
    const m = invite();
    setHeader(m, 'via', ['SIP/2.0/UDP a;branch=z9hG4bKa', 'SIP/2.0/UDP b;branch=z9hG4bKb']);
    expect(m.headers.slice(0, 3).map((h) => h.value)).toEqual(['SIP/2.0/UDP a;branch=z9hG4bKa', 'SIP/2.0/UDP b;branch=z9hG4bKb', '<sip:pcscf.example;lr>, <sip:scscf.example;lr>']);
    setHeader(m, 'Max-Forwards', '69');
    expect(m.headers.at(-1)).toEqual({ name: 'Max-Forwards', value: '69' });
    removeHeader(m, 'VIA');
    expect(getHeaders(m, 'Via')).toEqual([]);
  });
});

describe('createResponse (RFC 3261 §8.2.6)', () => {
  it('copies all Vias in order, From, To with the new tag, Call-ID, CSeq, and sets Content-Length', () => {
    const r = createResponse(invite(), 180, undefined, { toTag: 'b7' });
    expect(r.reason).toBe('Ringing');
    expect(r.headers).toEqual([
      { name: 'Via', value: 'SIP/2.0/TLS edge.example;branch=z9hG4bK-2, SIP/2.0/WSS ue.invalid;branch=z9hG4bK-1' },
      { name: 'Via', value: 'SIP/2.0/WSS ue0.invalid;branch=z9hG4bK-0' },
      { name: 'From', value: '"Alice, A." <sip:alice@acme.example>;tag=a1' },
      { name: 'To', value: '<sip:bob@acme.example>;tag=b7' },
      { name: 'Call-ID', value: 'c1@ue.invalid' },
      { name: 'CSeq', value: '1 INVITE' },
      { name: 'Content-Length', value: '0' },
    ]);
  });

  it('keeps an existing To tag, adds extra headers and a body with its type', () => {
    const req = invite();
    setHeader(req, 'To', '<sip:bob@acme.example>;tag=old');
    const body = new TextEncoder().encode('v=0\r\n');
    const r = createResponse(req, 200, 'OK', { toTag: 'new', headers: [{ name: 'Contact', value: '<sip:bob@h7k2p9.invalid>' }], body, contentType: 'application/sdp' });
    expect(getHeader(r, 'To')).toBe('<sip:bob@acme.example>;tag=old');
    expect(getHeader(r, 'Contact')).toBe('<sip:bob@h7k2p9.invalid>');
    expect(getHeader(r, 'Content-Type')).toBe('application/sdp');
    expect(getHeader(r, 'Content-Length')).toBe('5');
    expect(createResponse(req, 438).reason).toBe('Invalid Identity Header');
  });

  it('refuses status codes outside 100..699', () => {
    expect(() => createResponse(invite(), 700)).toThrow(TypeError);
  });
});
