import { describe, expect, it } from 'vitest';
import { checkAuthzServer, findBearerChallenge } from '../../src/sip/bearer-challenge.ts';

describe('RFC 8898 Bearer challenges', () => {
  it('the Bearer challenge is found among Digest ones and its quoted parameters read (§4)', () => {
    const c = findBearerChallenge([
      'Digest realm="ims.example", nonce="8d2b", algorithm=SHA-256, qop="auth"',
      'Bearer realm="ims.example", scope="sip:register sip:call", authz_server="https://login.acme.example/oauth2", error="invalid_token"',
    ]);
    expect(c).toEqual({ realm: 'ims.example', scope: 'sip:register sip:call', authzServer: 'https://login.acme.example/oauth2', error: 'invalid_token' });
    expect(findBearerChallenge(['Digest realm="x", nonce="y"'])).toBeUndefined();
    expect(findBearerChallenge(['bearer'])).toEqual({});
  });

  it('authz_server must be one of the configured IdPs (§3 MUST); trailing slashes and host case do not matter', () => {
    const trusted = ['https://login.acme.example/oauth2/'];
    expect(checkAuthzServer({ authzServer: 'https://LOGIN.acme.example/oauth2' }, trusted).ok).toBe(true);
    expect(checkAuthzServer({}, trusted).ok).toBe(true);
    for (const bad of ['https://login.acme.example.evil.example/oauth2', 'https://login.acme.example/other', 'http://login.acme.example/oauth2', 'not a url']) {
      const r = checkAuthzServer({ authzServer: bad }, trusted);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('ERR_PHONE_UNTRUSTED_AUTHZ_SERVER');
    }
  });
});
