// SIP/SIPS (RFC 3261 §19.1), tel (RFC 3966) and other URIs; comparison per RFC 3261 §19.1.4.
import { describe, expect, it } from 'vitest';
import { SipErrorCode, escapeUriComponent, formatUri, parseUri, unescapeUriComponent, uriEquals } from '../../src/index.ts';

describe('parseUri', () => {
  it('reads user, password, host, port, parameters and headers of a SIP URI', () => {
    const r = parseUri('sips:alice:secret@Acme.Example:5061;transport=TLS;lr?Subject=hi&Priority=urgent');
    expect(r.ok && r.value).toEqual({
      scheme: 'sips', user: 'alice', password: 'secret', host: 'Acme.Example', port: 5061,
      params: new Map([['transport', 'TLS'], ['lr', null]]), headers: new Map([['Subject', 'hi'], ['Priority', 'urgent']]),
    });
  });

  it('reads an IPv6 reference host', () => {
    const r = parseUri('sip:[2001:db8::1]:5070;transport=tcp');
    expect(r.ok && 'host' in r.value && [r.value.host, r.value.port]).toEqual(['[2001:db8::1]', 5070]);
  });

  it('reads global and local tel URIs with verstat and phone-context (RFC 3966, TS 24.229)', () => {
    const g = parseUri('tel:+1-202-555-0100;verstat=TN-Validation-Passed');
    expect(g.ok && g.value).toEqual({ scheme: 'tel', number: '+1-202-555-0100', global: true, params: new Map([['verstat', 'TN-Validation-Passed']]) });
    const l = parseUri('tel:7042;phone-context=example.com');
    expect(l.ok && 'global' in l.value && l.value.global).toBe(false);
  });

  it('keeps other schemes as absolute URIs and lower-cases the scheme', () => {
    expect(parseUri('URN:uuid:00000000-0000-4000-8000-000000000001')).toEqual({ ok: true, value: { scheme: 'urn', value: 'uuid:00000000-0000-4000-8000-000000000001' } });
  });

  it('rejects bad escapes, bad hosts, bad ports and whitespace', () => {
    for (const bad of ['sip:a%G1@b', 'sip:a@b_c', 'sip:a@b:99999', 'sip:a@-b.example', 'sip:', 'nocolon', 'x: y', 'sip:a@[::1', 'tel:+', 'sip:a@b;=x']) {
      const r = parseUri(bad);
      expect(!r.ok && r.error.code, bad).toBe(SipErrorCode.URI);
    }
  });

  it('formats back to an equivalent URI', () => {
    for (const s of ['sip:alice@acme.example;transport=ws', 'sips:[::1]:5061;lr?Route=%3Csip:x%3E', 'tel:+12025550100;verstat=No-TN-Validation', 'sip:ims.carrier.example']) {
      const r = parseUri(s);
      if (!r.ok) throw r.error;
      expect(formatUri(r.value)).toBe(s);
    }
  });
});

describe('escaping', () => {
  it('unescapes %XX as UTF-8 and keeps a bare %', () => {
    expect(unescapeUriComponent('Zo%C3%AB%20Ng')).toBe('Zoë Ng');
    expect(unescapeUriComponent('100%')).toBe('100%');
    expect(escapeUriComponent('Zoë Ng')).toBe('Zo%C3%AB%20Ng');
  });
});

describe('uriEquals (RFC 3261 §19.1.4)', () => {
  const same: Array<[string, string]> = [
    ['sip:%61lice@atlanta.com;transport=TCP', 'sip:alice@AtLanTa.CoM;Transport=tcp'],
    ['sip:carol@chicago.com', 'sip:carol@chicago.com;newparam=5'],
    ['sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com', 'sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com'],
    ['tel:+1-202-555-0100', 'tel:+12025550100'],
  ];
  const different: Array<[string, string]> = [
    ['SIP:ALICE@AtLanTa.CoM;Transport=udp', 'sip:alice@AtLanTa.CoM;Transport=UDP'],
    ['sip:bob@biloxi.com', 'sip:bob@biloxi.com:5060'],
    ['sip:bob@biloxi.com', 'sip:bob@biloxi.com;transport=udp'],
    ['sip:carol@chicago.com;security=on', 'sip:carol@chicago.com;security=off'],
    ['sip:alice@acme.example', 'sips:alice@acme.example'],
    ['sip:alice@acme.example', 'tel:+12025550100'],
  ];
  it.each(same)('%s equals %s', (a, b) => expect(uriEquals(a, b)).toBe(true));
  it.each(different)('%s differs from %s', (a, b) => expect(uriEquals(a, b)).toBe(false));
});
