// RFC 4475 §3.1.2 invalid messages give the expected typed error; §3.2–§3.4 messages parse to
// the values the application layer needs to answer them as the RFC says.
import { describe, expect, it } from 'vitest';
import {
  SipErrorCode, SipStreamParser, getHeader, getHeaders, isRfc3261Branch, parseContact, parseMaxForwards,
  parseMessage, parseNameAddr, parseUri, parseVia, type SipErrorCode as Code, type SipRequest,
  parseTokenList, parseContentType, parseCredentials,
} from '../../src/index.ts';
import * as bad from './rfc4475-invalid-messages.ts';

function failsWith(bytes: Uint8Array, code: Code, datagram = false): NonNullable<ReturnType<typeof errorOf>> {
  const e = errorOf(bytes, datagram);
  expect(e?.code, e?.message).toBe(code);
  return e!;
}

function errorOf(bytes: Uint8Array, datagram: boolean) {
  const r = parseMessage(bytes, { datagram });
  return r.ok ? undefined : r.error;
}

function request(bytes: Uint8Array): SipRequest {
  const r = parseMessage(bytes);
  if (!r.ok) throw r.error;
  return r.value as SipRequest;
}

function must<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw r.error;
  return r.value;
}

describe('RFC 4475 §3.1.2 invalid messages', () => {
  it('badinv01: empty Via parameters (";;,;,,") are a header error answered with 400 (§3.1.2.1)', () => {
    const e = failsWith(bad.badinv01, SipErrorCode.HEADER);
    expect(e.status).toBe(400);
    expect(e.header).toBe('Via');
  });

  it('clerr: Content-Length larger than the datagram body is rejected (§3.1.2.2, RFC 3261 §18.3)', () => {
    failsWith(bad.clerr, SipErrorCode.CONTENT_LENGTH, true);
    failsWith(bad.clerr, SipErrorCode.CONTENT_LENGTH, false);
  });

  it('ncl: a negative Content-Length is rejected (§3.1.2.3)', () => {
    failsWith(bad.ncl, SipErrorCode.CONTENT_LENGTH);
  });

  it('scalar02: a CSeq number of 2^65 in a request is a scalar error, still answerable with 400 (§3.1.2.4)', () => {
    const e = failsWith(bad.scalar02, SipErrorCode.SCALAR);
    expect(e.partial?.method).toBe('REGISTER');
    expect(e.status).toBe(400);
  });

  it('scalarlg: overlarge scalars in a response are errors (the response is dropped) (§3.1.2.5)', () => {
    const e = failsWith(bad.scalarlg, SipErrorCode.SCALAR);
    expect(e.partial).toBeUndefined();
  });

  it('quotbal: an unterminated quoted display name is a header error (§3.1.2.6)', () => {
    const e = failsWith(bad.quotbal, SipErrorCode.HEADER);
    expect(e.header).toBe('To');
  });

  it('ltgtruri: a Request-URI inside <> is rejected (§3.1.2.7)', () => {
    failsWith(bad.ltgtruri, SipErrorCode.URI);
  });

  it('lwsruri: whitespace inside the Request-URI breaks the Request-Line (§3.1.2.8)', () => {
    failsWith(bad.lwsruri, SipErrorCode.START_LINE);
  });

  it('lwsstart: several SP between Request-Line elements are rejected, not tolerated (decision: strict) (§3.1.2.9)', () => {
    failsWith(bad.lwsstart, SipErrorCode.START_LINE);
  });

  it('trws: trailing SP after SIP/2.0 is rejected, not tolerated (decision: strict) (§3.1.2.10)', () => {
    failsWith(bad.trws, SipErrorCode.START_LINE);
  });

  it('escruri: URI headers in the Request-URI are rejected (decision: strict, RFC 3261 §19.1.1 table) (§3.1.2.11)', () => {
    const e = failsWith(bad.escruri, SipErrorCode.URI);
    expect(e.partial?.uri).toBe('sip:user@example.com?Route=%3Csip:example.com%3E');
  });

  it('baddate: a Date that is not GMT is rejected (decision: strict) (§3.1.2.12)', () => {
    const e = failsWith(bad.baddate, SipErrorCode.HEADER);
    expect(e.header).toBe('Date');
  });

  it('regbadct: a Contact URI with headers but without <> is rejected (decision: strict) (§3.1.2.13)', () => {
    const e = failsWith(bad.regbadct, SipErrorCode.HEADER);
    expect(e.header).toBe('Contact');
  });

  it('badaspec: spaces around the addr-spec inside <> are rejected (decision: strict) (§3.1.2.14)', () => {
    const e = failsWith(bad.badaspec, SipErrorCode.HEADER);
    expect(e.header).toBe('To');
  });

  it('baddn: an unquoted display name with a comma is rejected (§3.1.2.15)', () => {
    const e = failsWith(bad.baddn, SipErrorCode.HEADER);
    expect(e.header).toBe('From');
  });

  it('badvers: SIP/7.0 maps to 505 and still carries the request parts needed to answer (§3.1.2.16)', () => {
    const e = failsWith(bad.badvers, SipErrorCode.VERSION);
    expect(e.status).toBe(505);
    expect(e.partial?.method).toBe('OPTIONS');
    expect(e.partial?.uri).toBe('sip:t.watson@example.org');
    expect(e.partial?.headers.find((h) => h.name === 'Call-ID')?.value).toBe('badvers.31417@c.example.com');
  });

  it('mismatch01: CSeq method INVITE on an OPTIONS request gives 400 (§3.1.2.17)', () => {
    const e = failsWith(bad.mismatch01, SipErrorCode.CSEQ_MISMATCH);
    expect(e.status).toBe(400);
    expect(e.partial?.headers.length).toBe(7);
  });

  it('mismatch02: an unknown method with a mismatched CSeq gives 400, not 501 (§3.1.2.18)', () => {
    const e = failsWith(bad.mismatch02, SipErrorCode.CSEQ_MISMATCH);
    expect(e.partial?.method).toBe('NEWMETHOD');
  });

  it('bigcode: status 4294967301 is an error, never a crash (§3.1.2.19)', () => {
    failsWith(bad.bigcode, SipErrorCode.SCALAR);
  });

  it('a status code of 700 is rejected (RFC 3261 §7.2: 100..699)', () => {
    const s = Buffer.from(bad.bigcode.toString('utf8').replace('4294967301', '700'));
    failsWith(s, SipErrorCode.SCALAR);
  });
});

describe('RFC 4475 §3.2–§3.4 transaction and application layer messages', () => {
  it('badbranch: a branch of only "z9hG4bK" parses but is not an RFC 3261 branch (§3.2.1)', () => {
    const r = request(bad.badbranch);
    const via = must(parseVia(getHeader(r, 'Via')!));
    expect(via.branch).toBe('z9hG4bK');
    expect(isRfc3261Branch(via.branch)).toBe(false);
    expect(isRfc3261Branch('z9hG4bK-74bf9')).toBe(true);
  });

  it('insuf: missing Call-ID, From and To give a 400-class error naming them (§3.3.1)', () => {
    const e = failsWith(bad.insuf, SipErrorCode.MISSING_HEADER);
    expect(e.message).toContain('from, to, call-id');
    expect(e.status).toBe(400);
  });

  it('unkscm: an unknown Request-URI scheme parses as an absolute URI so a UAS can answer 416 (§3.3.2)', () => {
    const r = request(bad.unkscm);
    expect(r.uri).toBe('nobodyKnowsThisScheme:totallyopaquecontent');
    expect(must(parseUri(r.uri))).toEqual({ scheme: 'nobodyknowsthisscheme', value: 'totallyopaquecontent' });
  });

  it('novelsc: soap.beep: is kept as an absolute URI (416 or 404 is the application choice) (§3.3.3)', () => {
    const r = request(bad.novelsc);
    expect(must(parseUri(r.uri))).toEqual({ scheme: 'soap.beep', value: '//192.0.2.103:3002' });
  });

  it('unksm2: unknown schemes in To, From and Contact parse, so a registrar can answer 400 and a proxy forward (§3.3.4)', () => {
    const r = request(bad.unksm2);
    expect(must(parseNameAddr(getHeader(r, 'To')!)).uri).toBe('isbn:2983792873');
    expect(must(parseNameAddr(getHeader(r, 'From')!)).uri).toBe('http://www.example.com');
    expect(must(parseUri(must(parseNameAddr(getHeader(r, 'Contact')!)).uri)).scheme).toBe('name');
  });

  it('multi01: repeated single-value headers (CSeq, Call-ID, To, From, Max-Forwards) give 400 (§3.3.8)', () => {
    const e = failsWith(bad.multi01, SipErrorCode.DUPLICATE_HEADER);
    expect(e.status).toBe(400);
  });

  it('mcl01: two Content-Lengths are an error; on a stream the connection must close (§3.3.9)', () => {
    failsWith(bad.mcl01, SipErrorCode.CONTENT_LENGTH);
    const events = new SipStreamParser().push(bad.mcl01);
    expect(events).toEqual([{ type: 'error', error: expect.objectContaining({ code: SipErrorCode.CONTENT_LENGTH }), fatal: true }]);
  });

  it('zeromf: Max-Forwards 0 parses (a proxy answers 483, an endpoint processes) (§3.3.11)', () => {
    const r = request(bad.zeromf);
    expect(must(parseMaxForwards(getHeader(r, 'Max-Forwards')!))).toBe(0);
  });

  it('cparam01: an unbracketed Contact parameter belongs to the header, not the URI (§3.3.12)', () => {
    const r = request(bad.cparam01);
    const c = must(parseContact(getHeader(r, 'Contact')!));
    if (c.wildcard) throw new Error('binding expected');
    expect(c.uri).toBe('sip:+19725552222@gw1.example.net');
    expect(c.params.has('unknownparam')).toBe(true);
  });

  it('cparam02: a bracketed Contact parameter is a URI parameter and is returned intact (§3.3.13)', () => {
    const r = request(bad.cparam02);
    const c = must(parseContact(getHeader(r, 'Contact')!));
    if (c.wildcard) throw new Error('binding expected');
    expect(c.uri).toBe('sip:+19725552222@gw1.example.net;unknownparam');
    expect(c.params.size).toBe(0);
  });

  it('regescrt: an escaped Route header in a Contact URI is stored and returned intact (§3.3.14)', () => {
    const r = request(bad.regescrt);
    const c = must(parseNameAddr(getHeader(r, 'Contact')!));
    expect(c.uri).toBe('sip:user@example.com?Route=%3Csip:sip.example.com%3E');
    const u = must(parseUri(c.uri));
    expect('headers' in u && u.headers.get('Route')).toBe('%3Csip:sip.example.com%3E');
  });

  it('bext01: unknown Require / Proxy-Require tokens parse as lists, so the UAS can answer 420 with Unsupported (§3.3.5)', () => {
    const r = request(bad.bext01);
    expect(getHeaders(r, 'Require').map((v) => must(parseTokenList(v)))).toEqual([['nothingSupportedHere']]);
    expect(getHeaders(r, 'Proxy-Require')).toEqual(['noProxiesSupportThis', 'nothingSupportedHere', 'noProxiesSupportThisEither']);
  });

  it('invut: an unknown Content-Type parses, so a UAS can answer 415 and a proxy forward (§3.3.6)', () => {
    const r = request(bad.invut);
    expect(must(parseContentType(getHeader(r, 'Content-Type')!)).mediaType).toBe('application/unknownformat');
    expect(Buffer.from(r.body).toString()).toContain('<pcmu port="443"/>');
  });

  it('regaut01: an unknown Authorization scheme parses with its scheme, so a registrar can challenge with a known one (§3.3.7)', () => {
    const r = request(bad.regaut01);
    const c = must(parseCredentials(getHeader(r, 'Authorization')!));
    expect([c.scheme, c.params.get('opaque-data')]).toEqual(['NoOneKnowsThisScheme', 'here']);
  });

  it('bcast: a 200 OK whose second Via is 255.255.255.255 parses; the broadcast address is visible for the drop decision (§3.3.10)', () => {
    const r = parseMessage(bad.bcast);
    if (!r.ok) throw r.error;
    expect(getHeaders(r.value, 'Via').map((v) => must(parseVia(v)).host)).toEqual(['192.0.2.198', '255.255.255.255']);
  });

  it('sdp01: an Accept without application/sdp parses, so the UAS can answer 406 (§3.3.15)', () => {
    const r = request(bad.sdp01);
    expect(getHeaders(r, 'Accept')).toEqual(['text/nobodyKnowsThis']);
    expect(r.body.length).toBe(150);
  });

  it('inv2543: an RFC 2543 INVITE (no branch, no From tag, no Max-Forwards, no Content-Length) is accepted for compatibility (§3.4.1)', () => {
    const r = request(bad.inv2543);
    expect(getHeader(r, 'Max-Forwards')).toBeUndefined();
    expect(must(parseVia(getHeader(r, 'Via')!)).branch).toBeUndefined();
    expect(must(parseNameAddr(getHeader(r, 'From')!)).tag).toBeUndefined();
    expect(must(parseNameAddr(getHeader(r, 'To')!)).params.get('user')).toBe('phone');
    expect(Buffer.from(r.body).toString()).toBe(bad.INV2543_BODY);
    expect(getHeaders(r, 'Record-Route')).toEqual(['<sip:UserB@example.com;maddr=ss1.example.com>']);
  });
});
