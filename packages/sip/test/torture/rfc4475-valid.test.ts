// RFC 4475 §3.1.1: valid messages parse, with the values the RFC says they carry.
import { describe, expect, it } from 'vitest';
import {
  SipErrorCode, getHeader, getHeaders, parseCSeq, parseContact, parseMaxForwards, parseMessage,
  parseNameAddr, parseUri, parseVia, unescapeUriComponent, type SipMessage, type SipRequest,
  type SipResponse, isRfc3261Branch, parseContentType,
} from '../../src/index.ts';
import * as m from './rfc4475-messages.ts';

function request(bytes: Uint8Array, datagram = false): SipRequest {
  const r = parseMessage(bytes, { datagram });
  if (!r.ok) throw r.error;
  expect(r.value.type).toBe('request');
  return r.value as SipRequest;
}

function response(bytes: Uint8Array): SipResponse {
  const r = parseMessage(bytes);
  if (!r.ok) throw r.error;
  expect(r.value.type).toBe('response');
  return r.value as SipResponse;
}

function must<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw r.error;
  return r.value;
}

function text(msg: SipMessage): string {
  return Buffer.from(msg.body).toString('utf8');
}

describe('RFC 4475 §3.1.1 valid messages', () => {
  it('wsinv: the short tortuous INVITE unfolds, expands compact forms and keeps its pre-3261 top branch (valid, §3.1.1.1)', () => {
    const r = request(m.wsinv);
    expect(r.method).toBe('INVITE');
    expect(r.uri).toBe('sip:vivekg@chair-dnrc.example.com;unknownparam');
    const to = must(parseNameAddr(getHeader(r, 'To')!));
    expect(to.uri).toBe('sip:vivekg@chair-dnrc.example.com');
    expect(to.tag).toBe('1918181833n');
    const from = must(parseNameAddr(getHeader(r, 'From')!));
    expect(from.displayName).toBe('J Rosenberg \\"');
    expect(from.tag).toBe('98asjd8');
    expect(must(parseMaxForwards(getHeader(r, 'Max-Forwards')!))).toBe(68);
    expect(must(parseCSeq(getHeader(r, 'CSeq')!))).toEqual({ seq: 9, method: 'INVITE' });
    const vias = getHeaders(r, 'Via').map((v) => must(parseVia(v)));
    expect(vias.map((v) => [v.transport, v.host, v.branch])).toEqual([
      ['UDP', '192.0.2.2', '390skdjuw'],
      ['TCP', 'spindle.example.com', 'z9hG4bK9ikj8'],
      ['UDP', '192.168.255.111', 'z9hG4bK30239'],
    ]);
    expect(isRfc3261Branch(vias[0]!.branch)).toBe(false);
    expect(getHeader(r, 'Subject')).toBe('');
    expect(getHeader(r, 'NewFangledHeader')).toBe('newfangled value continued newfangled value');
    expect(getHeader(r, 'UnknownHeaderWithUnusualValue')).toBe(';;,,;;,;');
    expect(getHeader(r, 'Route')).toBe('<sip:services.example.com;lr;unknownwith=value;unknown-no-value>');
    const contact = must(parseContact(getHeader(r, 'Contact')!));
    if (contact.wildcard) throw new Error('not a wildcard');
    expect(contact.displayName).toBe('Quoted string ""');
    expect(contact.q).toBe(0.33);
    expect(contact.params.get('newparam')).toBe('newvalue');
    expect(contact.params.has('secondparam')).toBe(true);
    expect(r.body.length).toBe(150);
    expect(text(r)).toMatch(/^v=0\r\n/);
  });

  it('intmeth: every token character in method, URI user and password, NUL/BEL/DEL in quotes, UTF-8 values (§3.1.1.2)', () => {
    const r = request(m.intmeth);
    expect(r.method).toBe(m.INTMETH_METHOD);
    expect(r.uri).toBe(m.INTMETH_URI);
    const uri = must(parseUri(r.uri));
    if (uri.scheme !== 'sip') throw new Error('sip URI expected');
    expect('user' in uri && uri.user).toBe("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
    expect('password' in uri && uri.password).toBe("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)");
    const to = must(parseNameAddr(getHeader(r, 'To')!));
    expect(to.displayName).toBe('BEL:\u0007 NUL:\u0000 DEL:\u007f');
    const from = must(parseNameAddr(getHeader(r, 'From')!));
    expect(from.displayName).toBe("token1~` token2'+_ token3*%!.-");
    expect(from.tag).toBe("_token~1'+`*%!-.");
    expect(from.params.get("fromparam''~+*_!.-%")).toBe('"работающий"');
    expect(getHeader(r, 'Call-ID')).toBe("intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{");
    expect(must(parseCSeq(getHeader(r, 'CSeq')!))).toEqual({ seq: 139122385, method: m.INTMETH_METHOD });
    expect(getHeader(r, "extensionHeader-!.%*+_`'~")).toBe('\ufeff大停電');
    expect(must(parseVia(getHeader(r, 'Via')!)).branch).toBe("z9hG4bK-.!%66*_+`'~");
  });

  it('esc01: %-escapes in the Request-URI, To, From and Contact are valid and unescape (§3.1.1.3)', () => {
    const r = request(m.esc01);
    const ruri = must(parseUri(r.uri));
    if (!('user' in ruri) || ruri.user === undefined) throw new Error('user expected');
    expect(ruri.user).toBe('sips%3Auser%40example.com');
    expect(unescapeUriComponent(ruri.user)).toBe('sips:user@example.com');
    expect(ruri.host).toBe('example.net');
    expect(getHeader(r, 'Call-ID')).toBe('esc01.239409asdfakjkn23onasd0-3234');
    expect(must(parseContentType(getHeader(r, 'Content-Type')!)).mediaType).toBe('application/sdp');
    const contact = must(parseNameAddr(getHeader(r, 'm')!));
    const curi = must(parseUri(contact.uri));
    if (!('params' in curi) || !('host' in curi)) throw new Error('sip URI expected');
    expect(curi.params.get('%6c%72')).toBe(null);
    expect(unescapeUriComponent(curi.params.get('n%61me') ?? '')).toBe('value%41');
    expect(r.body.length).toBe(150);
  });

  it('escnull: escaped NULs in URIs are kept and unescape to U+0000 (§3.1.1.4)', () => {
    const r = request(m.escnull);
    const to = must(parseUri(must(parseNameAddr(getHeader(r, 'To')!)).uri));
    if (!('user' in to) || to.user === undefined) throw new Error('user expected');
    expect(unescapeUriComponent(to.user)).toBe('null-\u0000-null');
    expect(getHeaders(r, 'Contact')).toEqual(['<sip:%00@host5.example.com>', '<sip:%00%00@host5.example.com>']);
    expect(r.body.length).toBe(0);
  });

  it('esc02: a % that is not an escape is a plain token character; RE%47IST%45R is not REGISTER (§3.1.1.5)', () => {
    const r = request(m.esc02);
    expect(r.method).toBe('RE%47IST%45R');
    expect(must(parseNameAddr(getHeader(r, 'To')!)).displayName).toBe('%Z%45');
    expect(must(parseVia(getHeader(r, 'Via')!)).branch).toBe('z9hG4bK209%fzsnel234');
    expect(getHeaders(r, 'Contact')).toEqual(['<sip:alias1@host1.example.com>', '<sip:alias3@host3.example.com>']);
    expect(getHeader(r, 'C%6Fntact')).toBe('<sip:alias2@host2.example.com>');
  });

  it('lwsdisp: no whitespace between display name and < (§3.1.1.6)', () => {
    const r = request(m.lwsdisp);
    const from = must(parseNameAddr(getHeader(r, 'From')!));
    expect(from.displayName).toBe('caller');
    expect(from.uri).toBe('sip:caller@example.com');
    expect(from.tag).toBe('323');
  });

  it('longreq: very long values and 34 Via lines in every spelling; valid despite pre-3261 branches (§3.1.1.7)', () => {
    const r = request(m.longreq);
    const vias = getHeaders(r, 'Via');
    expect(vias).toHaveLength(34);
    expect(must(parseVia(vias[0]!)).host).toBe('sip33.example.com');
    const last = must(parseVia(vias[33]!));
    expect(last.received).toBe('192.0.2.5');
    expect(last.branch).toBe(`very${'long'.repeat(50)}branchvalue`);
    const from = must(parseNameAddr(getHeader(r, 'f')!));
    expect(from.uri).toBe(`sip:${m.LONGREQ_CALLER}@example.net`);
    expect(from.tag).toBe(`12${'982'.repeat(50)}424`);
    const to = must(parseNameAddr(getHeader(r, 'To')!));
    const toUri = must(parseUri(to.uri));
    expect('port' in toUri && toUri.port).toBe(6000);
    expect(r.body.length).toBe(150);
  });

  it('dblreq: octets after Content-Length in a datagram are discarded (§3.1.1.8)', () => {
    const r = request(m.dblreq, true);
    expect(r.method).toBe('REGISTER');
    expect(r.body.length).toBe(0);
    expect(getHeader(r, 'Call-ID')).toBe('dblreq.0ha0isndaksdj99sdfafnl3lk233412');
  });

  it('semiuri: ";" parameters in the user part belong to the user, not the URI (§3.1.1.9)', () => {
    const r = request(m.semiuri);
    const u = must(parseUri(r.uri));
    if (!('user' in u) || !('params' in u)) throw new Error('sip URI expected');
    expect(u.user).toBe('user;par=u%40example.net');
    expect(u.host).toBe('example.com');
    expect(u.params.size).toBe(0);
    expect(getHeaders(r, 'Accept')).toEqual([
      'application/sdp', 'application/pkcs7-mime', 'multipart/mixed', 'multipart/signed', 'message/sip', 'message/sipfrag',
    ]);
  });

  it('transports: varied and unknown Via transports are kept (§3.1.1.10)', () => {
    const r = request(m.transports);
    expect(getHeaders(r, 'Via').map((v) => must(parseVia(v)).transport)).toEqual(['UDP', 'SCTP', 'TLS', 'UNKNOWN', 'TCP']);
    expect(getHeader(r, 'Call-ID')).toBe('transports.kijh4akdnaqjkwendsasfdj');
  });

  it('mpart01: a multipart body with a binary part comes through byte for byte (§3.1.1.11)', () => {
    const r = request(m.mpart01);
    expect(r.method).toBe('MESSAGE');
    expect(Buffer.from(r.body).equals(m.MPART01_BODY)).toBe(true);
    const ct = must(parseContentType(getHeader(r, 'Content-Type')!));
    expect(ct.params.get('boundary')).toBe('7a9cbec02ceef655');
  });

  it('unreason: a UTF-8 reason phrase is kept (§3.1.1.12)', () => {
    const r = response(m.unreason);
    expect(r.status).toBe(200);
    expect(r.reason).toBe(m.UNREASON_PHRASE);
    expect(r.body.length).toBe(154);
  });

  it('noreason: an empty reason phrase is valid (§3.1.1.13)', () => {
    const r = response(m.noreason);
    expect(r.status).toBe(100);
    expect(r.reason).toBe('');
  });

  it('none of the valid messages is rejected in datagram mode either', () => {
    for (const [name, bytes] of Object.entries(m)) {
      if (!(bytes instanceof Buffer) || name === 'MPART01_BODY') continue;
      const r = parseMessage(bytes, { datagram: true });
      expect(r.ok ? 'ok' : `${r.error.code}: ${r.error.message}`, name).toBe('ok');
    }
    expect(SipErrorCode.PARSE).toBe('ERR_SIP_PARSE');
  });
});
