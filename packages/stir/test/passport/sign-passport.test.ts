import { describe, expect, it } from 'vitest';
import { generateKeyPairSync, verify } from 'node:crypto';
import { byCodePoint, canonicalJson } from '../../src/passport/canonical-json.ts';
import { canonicalTn, decodePassport, identityOf, signPassport } from '../../src/index.ts';

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });

describe('canonical JSON (RFC 8225 §9)', () => {
  it('sorts keys recursively by code point and leaves no whitespace', () => {
    expect(canonicalJson({ orig: { tn: '1' }, iat: 5, dest: { uri: ['sip:b@x'], tn: ['2'] }, attest: 'A' })).toBe(
      '{"attest":"A","dest":{"tn":["2"],"uri":["sip:b@x"]},"iat":5,"orig":{"tn":"1"}}',
    );
    expect(canonicalJson([{ b: null, a: true }, 'x'])).toBe('[{"a":true,"b":null},"x"]');
  });

  it('orders by Unicode code point, not UTF-16 code unit', () => {
    // U+FF61 sorts before U+1F600 by code point, but after its surrogate pair by code unit.
    expect(['\u{1F600}', '\uFF61'].sort(byCodePoint)).toEqual(['\uFF61', '\u{1F600}']);
    expect(['\u{1F600}', '\uFF61'].sort()).toEqual(['\u{1F600}', '\uFF61']);
  });

  it('refuses non-integer numbers', () => {
    expect(() => canonicalJson({ iat: 1.5 })).toThrow(TypeError);
  });
});

describe('signPassport (RFC 8225, RFC 8588)', () => {
  const jws = signPassport({ orig: '+1 202 555 0101', dest: ['+12025550199', '+12025550102'], attest: 'B', origid: 'f81d4fae-7dec-11d0-a765-00a0c91e6bf6', iat: 1767225600, x5u: 'https://sti.example/c.pem', rcd: { nam: 'Alice' }, crn: 'Support call', key: privateKey });
  const [h, p, s] = jws.split('.') as [string, string, string];

  it('header and claims are serialised in canonical order: alg, ppt, typ, x5u; attest, crn, dest, iat, orig, origid, rcd', () => {
    expect(Buffer.from(h, 'base64url').toString()).toBe('{"alg":"ES256","ppt":"shaken","typ":"passport","x5u":"https://sti.example/c.pem"}');
    expect(Buffer.from(p, 'base64url').toString()).toBe(
      '{"attest":"B","crn":"Support call","dest":{"tn":["12025550102","12025550199"]},"iat":1767225600,"orig":{"tn":"12025550101"},"origid":"f81d4fae-7dec-11d0-a765-00a0c91e6bf6","rcd":{"nam":"Alice"}}',
    );
  });

  it('is full form, base64url without padding, with a 64-byte raw R‖S ES256 signature', () => {
    expect(jws).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{86}$/);
    const sig = Buffer.from(s, 'base64url');
    expect(sig.length).toBe(64);
    expect(verify('sha256', Buffer.from(`${h}.${p}`), { key: publicKey, dsaEncoding: 'ieee-p1363' }, sig)).toBe(true);
  });

  it('decodes back to the same claims', () => {
    const d = decodePassport(jws);
    expect(d.ok && d.value.claims.orig).toEqual({ tn: '12025550101' });
  });

  it('refuses a non-integer iat', () => {
    expect(() => signPassport({ orig: '1', dest: '2', attest: 'A', origid: 'x', iat: 1.5, x5u: 'https://a/b', key: privateKey })).toThrow(TypeError);
  });
});

describe('telephone numbers (RFC 8224 §8.3) and identities', () => {
  it('canonicalises visual separators away and keeps # and *', () => {
    expect(canonicalTn('+1 (202) 555-0100')).toBe('12025550100');
    expect(canonicalTn('*67#')).toBe('*67#');
  });

  it('reads tel URIs, SIP URIs with numbers and SIP URIs with names', () => {
    expect(identityOf('<tel:+1-202-555-0100;verstat=TN-Validation-Passed>')).toEqual({ tn: '12025550100' });
    expect(identityOf('sip:+12025550100@ims.example;user=phone')).toEqual({ tn: '12025550100' });
    expect(identityOf('sip:Alice@Acme.Example:5060;transport=tcp')).toEqual({ uri: 'sip:alice@acme.example' });
  });
});

describe('signPassport dest from SIP (RFC 8225 §5.2.1, RFC 8224 §8)', () => {
  it('numbers in any notation go to dest.tn, other SIP URIs to dest.uri, each sorted, tn before uri', () => {
    const jws = signPassport({ orig: '+12025550101', dest: ['sip:Bob@Acme.Example;transport=tcp', 'tel:+1-202-555-0102', 'sip:+12025550103@ims.example;user=phone'], attest: 'A', origid: 'f81d4fae-7dec-11d0-a765-00a0c91e6bf6', iat: 1767225600, x5u: 'https://sti.example/c.pem', key: privateKey });
    const decoded = decodePassport(jws);
    expect(decoded.ok && decoded.value.claims.dest).toEqual({ tn: ['12025550102', '12025550103'], uri: ['sip:bob@acme.example'] });
    expect(Buffer.from(jws.split('.')[1]!, 'base64url').toString()).toContain('"dest":{"tn":["12025550102","12025550103"],"uri":["sip:bob@acme.example"]}');
  });
});
