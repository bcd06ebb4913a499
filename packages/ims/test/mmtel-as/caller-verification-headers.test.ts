// The header edits of caller verification (TS 24.229 §7.2A.20 verstat placement, RFC 8224 Identity,
// RFC 9796 Call-Info), on parsed SIP requests.
import { describe, expect, it } from 'vitest';
import { getHeader, getHeaders, parseMessage, type SipRequest } from '@eims/sip';
import {
  addSupported, applyVerstat, calleesOf, callerOf, setCardCallInfo, stripCallerAssertions, withoutVerstat,
} from '../../src/mmtel-as/caller-verification-headers.ts';

function invite(...headers: string[]): SipRequest {
  const text = [
    'INVITE sip:+12025550102@ims.example;user=phone SIP/2.0',
    'Via: SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bK-1',
    'From: "Alice" <sip:+12025550101@ims.example;user=phone>;tag=a1',
    'To: <sip:bob@acme.example>',
    'Call-ID: c1',
    'CSeq: 1 INVITE',
    'Max-Forwards: 70',
    ...headers,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  const m = parseMessage(new TextEncoder().encode(text));
  if (!m.ok || m.value.type !== 'request') throw new Error('bad test message');
  return m.value;
}

describe('verstat placement', () => {
  it('goes in the user part of a user=phone SIP URI and as a tel parameter; not on a non-number SIP URI (TS 24.229 §7.2A.20)', () => {
    const r = invite('P-Asserted-Identity: "Alice" <sip:alice@acme.example>, <tel:+12025550101>');
    applyVerstat(r, 'TN-Validation-Passed');
    expect(getHeader(r, 'From')).toBe('"Alice" <sip:+12025550101;verstat=TN-Validation-Passed@ims.example;user=phone>;tag=a1');
    expect(getHeaders(r, 'P-Asserted-Identity')).toEqual(['"Alice" <sip:alice@acme.example>', '<tel:+12025550101;verstat=TN-Validation-Passed>']);
  });

  it('replaces any verstat already there, in either placement', () => {
    const r = invite('P-Asserted-Identity: <sip:+12025550101@ims.example;user=phone;verstat=TN-Validation-Passed-A>');
    applyVerstat(r, 'TN-Validation-Failed');
    expect(getHeaders(r, 'P-Asserted-Identity')).toEqual(['<sip:+12025550101;verstat=TN-Validation-Failed@ims.example;user=phone>']);
    expect(withoutVerstat('sip:+1;verstat=X@h;user=phone;verstat=Y')).toBe('sip:+1@h;user=phone');
    expect(withoutVerstat('tel:+1;verstat=X;phone-context=y')).toBe('tel:+1;phone-context=y');
  });
});

describe('what a device may not assert', () => {
  it('Identity (also compact y), verstat in From / P-Asserted-Identity (also as a header parameter) and card Call-Info are removed; other Call-Info stays', () => {
    const r = invite(
      'Identity: aaa.bbb.ccc;info=<http://x/y.pem>',
      'y: ddd.eee.fff;info=<http://x/z.pem>',
      'P-Asserted-Identity: <tel:+12025550100;verstat=TN-Validation-Passed>;verstat=TN-Validation-Passed',
      'Call-Info: <data:application/json;base64,e30=>;purpose=jcard;verified="true", <https://acme.example/info>;purpose=info',
      'Call-Info: <https://acme.example/logo.png>;purpose=icon',
    );
    stripCallerAssertions(r);
    expect(getHeaders(r, 'Identity')).toEqual([]);
    expect(getHeaders(r, 'P-Asserted-Identity')).toEqual(['<tel:+12025550100>']);
    expect(getHeaders(r, 'Call-Info')).toEqual(['<https://acme.example/info>;purpose=info']);
  });

  it('setCardCallInfo puts only the given cards; addSupported does not repeat an option', () => {
    const r = invite('Supported: timer, early-media-verification-with-shaken');
    setCardCallInfo(r, [{ uri: 'data:', purpose: 'jcard', verified: true, params: new Map() }]);
    expect(getHeaders(r, 'Call-Info')).toEqual(['<data:>;purpose=jcard;verified="true"']);
    addSupported(r, 'early-media-verification-with-shaken');
    addSupported(r, 'path');
    expect(getHeaders(r, 'Supported')).toEqual(['timer', 'early-media-verification-with-shaken', 'path']);
  });
});

describe('what the verifier compares (RFC 8224 §6.2)', () => {
  it('the caller is the P-Asserted-Identity tel URI first, else a number SIP URI, else From; the callees are To and the Request-URI', () => {
    expect(callerOf(invite('P-Asserted-Identity: <sip:alice@acme.example>, <tel:+12025550101>'))).toBe('tel:+12025550101');
    expect(callerOf(invite('P-Asserted-Identity: <sip:alice@acme.example>'))).toBe('sip:+12025550101@ims.example;user=phone');
    expect(callerOf(invite())).toBe('sip:+12025550101@ims.example;user=phone');
    expect(calleesOf(invite())).toEqual(['sip:bob@acme.example', 'sip:+12025550102@ims.example;user=phone']);
  });
});
