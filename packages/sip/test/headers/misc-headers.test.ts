// Identity (RFC 8224 §4.1), Call-Info RCD parameters (RFC 9796), CSeq, scalars, token lists,
// Event / Subscription-State (RFC 6665), Content-Type.
import { describe, expect, it } from 'vitest';
import {
  SipErrorCode, formatCallInfo, formatIdentity, parseCSeq, parseCallInfo, parseContentLength, parseContentType,
  parseEvent, parseExpires, parseIdentity, parseMaxForwards, parseSubscriptionState, parseTokenList, formatCSeq,
  formatEvent, formatSubscriptionState, formatContentType, formatTokenList,
} from '../../src/index.ts';

describe('Identity (RFC 8224)', () => {
  const jws = 'eyJhbGciOiJFUzI1NiJ9.eyJhdHRlc3QiOiJBIn0.MEUCIQ-_abc';
  it('reads a base64url PASSporT, info, alg and a bare or quoted ppt', () => {
    const r = parseIdentity(`${jws};info=<https://certs.carrier.example/sp-2025.pem>;alg=ES256;ppt=shaken`);
    expect(r.ok && [r.value.token, r.value.info, r.value.alg, r.value.ppt]).toEqual([jws, 'https://certs.carrier.example/sp-2025.pem', 'ES256', 'shaken']);
    const q = parseIdentity(`${jws};info=<https://c.example/a.pem>;ppt="rcd"`);
    expect(q.ok && [q.value.alg, q.value.ppt]).toEqual(['ES256', 'rcd']);
  });

  it('accepts a compact-form PASSporT (..signature) (RFC 8225 §7)', () => {
    const r = parseIdentity('..MEUCIQabc;info=<https://c.example/a.pem>');
    expect(r.ok && r.value.token).toBe('..MEUCIQabc');
  });

  it('requires the info parameter (RFC 8224 §4.1 grammar)', () => {
    const r = parseIdentity(`${jws};alg=ES256`);
    expect(!r.ok && r.error.code).toBe(SipErrorCode.HEADER);
  });

  it('formats an equivalent value', () => {
    const s = formatIdentity({ token: jws, info: 'https://c.example/a.pem', alg: 'ES256', ppt: 'shaken' });
    expect(s).toBe(`${jws};info=<https://c.example/a.pem>;alg=ES256;ppt=shaken`);
    const r = parseIdentity(s);
    expect(r.ok && r.value.info).toBe('https://c.example/a.pem');
  });
});

describe('Call-Info (RFC 9796)', () => {
  it('reads purpose, call-reason, verified and integrity', () => {
    const r = parseCallInfo('<https://cdn.acme.example/logo-256x256.png>;purpose=icon;verified="true";integrity="sha256-3q2+7wV9m0q8Wc2yq8m2O9b6n5o8v3z0K1m3c4d5e6Q"');
    expect(r.ok && [r.value.uri, r.value.purpose, r.value.verified, r.value.integrity]).toEqual(['https://cdn.acme.example/logo-256x256.png', 'icon', true, 'sha256-3q2+7wV9m0q8Wc2yq8m2O9b6n5o8v3z0K1m3c4d5e6Q']);
    const j = parseCallInfo('<data:>;purpose=jcard;call-reason="Quarterly review";verified="true"');
    expect(j.ok && [j.value.uri, j.value.purpose, j.value.callReason]).toEqual(['data:', 'jcard', 'Quarterly review']);
  });

  it('treats an absent verified as unverified and formats back', () => {
    const r = parseCallInfo('<data:>;purpose=jcard');
    if (!r.ok) throw r.error;
    expect(r.value.verified).toBeUndefined();
    const s = formatCallInfo({ ...r.value, verified: true, callReason: 'Say "hi"' });
    expect(s).toBe('<data:>;purpose=jcard;call-reason="Say \\"hi\\"";verified="true"');
    const back = parseCallInfo(s);
    expect(back.ok && back.value.callReason).toBe('Say "hi"');
  });
});

describe('scalar and list headers', () => {
  it('CSeq: number below 2^31 and a method (RFC 3261 §8.1.1.5)', () => {
    expect(parseCSeq('  4711   INVITE ')).toEqual({ ok: true, value: { seq: 4711, method: 'INVITE' } });
    expect(formatCSeq({ seq: 2, method: 'BYE' })).toBe('2 BYE');
    for (const bad of ['INVITE', '1', '1INVITE', '2147483648 INVITE', '-1 INVITE']) expect(parseCSeq(bad).ok, bad).toBe(false);
  });

  it('Max-Forwards 0..255, Expires 0..2^32-1, Content-Length >= 0', () => {
    expect(parseMaxForwards('0068')).toEqual({ ok: true, value: 68 });
    expect(parseMaxForwards('256').ok).toBe(false);
    expect(parseExpires('4294967295')).toEqual({ ok: true, value: 4294967295 });
    expect(!parseExpires('4294967296').ok).toBe(true);
    const ncl = parseContentLength('-1');
    expect(!ncl.ok && ncl.error.code).toBe(SipErrorCode.CONTENT_LENGTH);
  });

  it('token lists: Supported may be empty (RFC 3261 §20.37)', () => {
    expect(parseTokenList('outbound, path,gruu')).toEqual({ ok: true, value: ['outbound', 'path', 'gruu'] });
    expect(parseTokenList('  ')).toEqual({ ok: true, value: [] });
    expect(parseTokenList('a b').ok).toBe(false);
    expect(formatTokenList(['timer', '100rel'])).toBe('timer, 100rel');
  });

  it('Event and Subscription-State (RFC 6665 §8.2)', () => {
    const e = parseEvent('reg;id=7');
    expect(e.ok && [e.value.event, e.value.id]).toEqual(['reg', '7']);
    expect(e.ok && formatEvent(e.value)).toBe('reg;id=7');
    const s = parseSubscriptionState('terminated;reason=rejected;retry-after=30');
    expect(s.ok && [s.value.state, s.value.reason, s.value.retryAfter]).toEqual(['terminated', 'rejected', 30]);
    const a = parseSubscriptionState('active;expires=3761');
    expect(a.ok && a.value.expires).toBe(3761);
    expect(a.ok && formatSubscriptionState(a.value)).toBe('active;expires=3761');
    expect(parseSubscriptionState('active;expires=soon').ok).toBe(false);
  });

  it('Content-Type: lower-cased media type with parameters', () => {
    const r = parseContentType('Application/REGINFO+xml ; charset=utf-8');
    expect(r.ok && [r.value.mediaType, r.value.params.get('charset')]).toEqual(['application/reginfo+xml', 'utf-8']);
    expect(r.ok && formatContentType(r.value)).toBe('application/reginfo+xml;charset=utf-8');
    expect(parseContentType('text').ok).toBe(false);
  });
});
