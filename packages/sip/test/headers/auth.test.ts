// Challenges and credentials: Digest (RFC 3261 §22, §25.1) and Bearer (RFC 8898 §3, §4).
import { describe, expect, it } from 'vitest';
import { formatChallenge, formatCredentials, parseChallenge, parseCredentials } from '../../src/index.ts';

describe('auth headers', () => {
  it('reads an RFC 8898 Bearer challenge with realm, scope and authz_server', () => {
    const r = parseChallenge('Bearer realm="ims.carrier.example", scope="sip:register sip:call", authz_server="https://login.acme.example/oauth2"');
    if (!r.ok) throw r.error;
    expect(r.value.scheme).toBe('Bearer');
    expect(Object.fromEntries(r.value.params)).toEqual({ realm: 'ims.carrier.example', scope: 'sip:register sip:call', authz_server: 'https://login.acme.example/oauth2' });
  });

  it('quotes every Bearer challenge parameter, also error (RFC 8898 §4 ABNF)', () => {
    const s = formatChallenge({ scheme: 'Bearer', params: new Map([['realm', 'ims.carrier.example'], ['error', 'invalid_token']]), quoted: new Set() });
    expect(s).toBe('Bearer realm="ims.carrier.example", error="invalid_token"');
  });

  it('reads Bearer credentials as one b64token (RFC 8898 §3, RFC 6750 §2.1)', () => {
    const token = 'eyJhbGciOiJFUzI1NiIsInR5cCI6ImF0K2p3dCJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl-_~+/==';
    const r = parseCredentials(`Bearer ${token}`);
    expect(r.ok && [r.value.scheme, r.value.token, r.value.params.size]).toEqual(['Bearer', token, 0]);
    expect(r.ok && formatCredentials(r.value)).toBe(`Bearer ${token}`);
  });

  it('reads Digest credentials with quoted and token values and writes them back equivalently', () => {
    const v = 'Digest username="bob", realm="ims.carrier.example", nonce="8d2b, with comma", uri="sip:ims.carrier.example", response="6629fae49393a05397450978507c4ef1", algorithm=SHA-256, qop=auth, nc=00000001, cnonce="0a4f113b"';
    const r = parseCredentials(v);
    if (!r.ok) throw r.error;
    expect(r.value.params.get('nonce')).toBe('8d2b, with comma');
    expect(r.value.params.get('qop')).toBe('auth');
    expect(formatCredentials(r.value)).toBe(v);
  });

  it('writes a hand-built Digest challenge with quoted realm/nonce/qop and a bare algorithm', () => {
    const s = formatChallenge({ scheme: 'Digest', params: new Map([['realm', 'r'], ['nonce', 'n'], ['algorithm', 'SHA-256'], ['qop', 'auth']]), quoted: new Set() });
    expect(s).toBe('Digest realm="r", nonce="n", algorithm=SHA-256, qop="auth"');
  });

  it('rejects an unterminated quoted value and a missing "="', () => {
    expect(parseChallenge('Digest realm="x').ok).toBe(false);
    expect(parseChallenge('Digest realm').ok).toBe(false);
  });
});
