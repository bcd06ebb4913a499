import { describe, expect, it } from 'vitest';
import { StirErrorCode, buildIdentityHeader, parseIdentityHeader } from '../../src/index.ts';

const JWS = 'eyJhbGciOiJFUzI1NiJ9.eyJpYXQiOjF9.c2lnbmF0dXJlLWJ5dGVz_-';

describe('Identity header (RFC 8224 §4.1)', () => {
  it('is built as <jws>;info=<url>;alg=ES256;ppt=shaken (RFC 8588 §3)', () => {
    expect(buildIdentityHeader(JWS, { info: 'http://localhost:4600/sti/carrier.pem' })).toBe(`${JWS};info=<http://localhost:4600/sti/carrier.pem>;alg=ES256;ppt=shaken`);
  });

  it('refuses an info URL with ";" or "=" (Kamailio/secsipidx split on them) or without http(s)', () => {
    expect(() => buildIdentityHeader(JWS, { info: 'https://sti.example/c.pem?x=1' })).toThrow(TypeError);
    expect(() => buildIdentityHeader(JWS, { info: 'https://sti.example/c.pem;v' })).toThrow(TypeError);
    expect(() => buildIdentityHeader(JWS, { info: 'ftp://sti.example/c.pem' })).toThrow(TypeError);
  });

  it('refuses a value that is not a compact JWS', () => {
    expect(() => buildIdentityHeader('abc', { info: 'https://sti.example/c.pem' })).toThrow(TypeError);
  });

  it('parses info, alg and ppt; ppt quoted or bare', () => {
    const r = parseIdentityHeader(`${JWS};info=<https://sti.example/c.pem>;alg=ES256;ppt="shaken"`);
    expect(r.ok && r.value).toEqual({ passport: JWS, info: 'https://sti.example/c.pem', alg: 'ES256', ppt: 'shaken' });
  });

  it('defaults alg to ES256 when absent', () => {
    const r = parseIdentityHeader(`${JWS};info=<https://sti.example/c.pem>`);
    expect(r.ok && r.value.alg).toBe('ES256');
    expect(r.ok && r.value.ppt).toBeUndefined();
  });

  it('the info parameter is mandatory', () => {
    const r = parseIdentityHeader(`${JWS};alg=ES256;ppt=shaken`);
    expect(!r.ok && r.error.code).toBe(StirErrorCode.MALFORMED);
  });

  it('accepts base64url characters and folded whitespace around parameters', () => {
    const r = parseIdentityHeader(`${JWS} ;info=<https://sti.example/c.pem> ; alg=ES256`);
    expect(r.ok && r.value.passport).toBe(JWS);
  });

  it('keeps ";" and "=" inside <info> as part of the URI', () => {
    const r = parseIdentityHeader(`${JWS};info=<https://sti.example/c.pem?a=1;b>;ppt=shaken`);
    expect(r.ok && r.value.info).toBe('https://sti.example/c.pem?a=1;b');
  });
});
