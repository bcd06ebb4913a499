import { describe, expect, it } from 'vitest';
import { StirErrorCode, checkRcdIntegrity, computeRcdi, integrityDigest, matchesDigest, referencedUris, resolvePointer, type Rcd } from '../../src/index.ts';

const LOGO = 'https://cdn.acme.example/logo-256x256.png';
const PHOTO = 'https://cdn.acme.example/alice-128x128.png';
const rcd: Rcd = {
  nam: 'Alice Avery',
  icn: LOGO,
  jcd: ['vcard', [['version', {}, 'text', '4.0'], ['fn', {}, 'text', 'Alice Avery'], ['photo', {}, 'uri', PHOTO], ['photo', {}, 'uri', 'data:image/png;base64,AA=='], ['url', {}, 'uri', 'https://acme.example/']]],
};
const resources = new Map([[LOGO, Buffer.from('logo')], [PHOTO, Buffer.from('photo')]]);

describe('rcdi digests (RFC 9795 §6)', () => {
  it('are SRI-style "<alg>-<base64>" without padding: SHA-256 of nothing is 47DEQpj8...', () => {
    expect(integrityDigest('')).toBe('sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU');
    expect(integrityDigest('', 'sha384')).toMatch(/^sha384-[A-Za-z0-9+/]{64}$/);
  });

  it('compare equal with or without "=" padding, and never for an unknown algorithm', () => {
    expect(matchesDigest('', 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=')).toBe(true);
    expect(matchesDigest('', 'md5-1B2M2Y8AsgTpgAmY7PhCfg')).toBe(false);
  });

  it('digest a JSON string with its quotes (RFC 9795 §6.1)', () => {
    const r = computeRcdi({ nam: 'x', jcd: ['vcard', []] });
    expect(r['/jcd']).toBe(integrityDigest('["vcard",[]]'));
  });

  it('cover /icn and each http(s) photo/logo/sound URI of the jCard, not data: URIs or url properties', () => {
    expect(referencedUris(rcd).map((r) => r.pointer)).toEqual(['/icn', '/jcd/1/2/3']);
    const rcdi = computeRcdi(rcd, resources);
    expect(rcdi).toEqual({ '/jcd': expect.any(String), '/icn': integrityDigest('logo'), '/jcd/1/2/3': integrityDigest('photo') });
  });

  it('need the bytes of every referenced URI to be computed', () => {
    expect(() => computeRcdi(rcd)).toThrow(TypeError);
  });
});

describe('checkRcdIntegrity (RFC 9795 §8)', () => {
  const rcdi = computeRcdi(rcd, resources);

  it('verifies JSON digests and leaves URI content pending when not fetched', () => {
    const r = checkRcdIntegrity(rcd, rcdi);
    expect(r.ok && r.value.verified).toEqual(['/jcd']);
    expect(r.ok && r.value.pending.map((p) => p.pointer).sort()).toEqual(['/icn', '/jcd/1/2/3']);
  });

  it('verifies fetched URI content', () => {
    const r = checkRcdIntegrity(rcd, rcdi, resources);
    expect(r.ok && r.value.verified.sort()).toEqual(['/icn', '/jcd', '/jcd/1/2/3']);
  });

  it('fails when fetched content differs', () => {
    const r = checkRcdIntegrity(rcd, rcdi, new Map([[LOGO, Buffer.from('other')]]));
    expect(!r.ok && r.error.code).toBe(StirErrorCode.RCD_INTEGRITY);
  });

  it('fails when a referenced URI has no digest, or when there is no rcdi at all', () => {
    const { '/jcd/1/2/3': _dropped, ...partial } = rcdi;
    expect(checkRcdIntegrity(rcd, partial).ok).toBe(false);
    expect(checkRcdIntegrity(rcd, undefined).ok).toBe(false);
  });

  it('needs no rcdi when nothing is referenced (mode 1)', () => {
    expect(checkRcdIntegrity({ nam: 'Alice', jcd: ['vcard', [['fn', {}, 'text', 'Alice']]] }, undefined).ok).toBe(true);
  });

  it('fails on a pointer into nothing, or an unsupported algorithm', () => {
    expect(checkRcdIntegrity({ nam: 'a' }, { '/apn': integrityDigest('"1"') }).ok).toBe(false);
    expect(checkRcdIntegrity({ nam: 'a' }, { '/nam': `md5-${'A'.repeat(22)}` }).ok).toBe(false);
    expect(checkRcdIntegrity({ nam: 'a' }, { '/nam': integrityDigest('"a"') }).ok).toBe(true);
  });
});

describe('JSON Pointer (RFC 6901)', () => {
  it('resolves objects, array indexes and ~0/~1 escapes', () => {
    const doc = { 'a/b': { 'c~d': [10, 20] } };
    expect(resolvePointer(doc, '/a~1b/c~0d/1')).toBe(20);
    expect(resolvePointer(doc, '/a~1b/c~0d/01')).toBeUndefined();
    expect(resolvePointer(doc, '/missing')).toBeUndefined();
  });
});
