// The S-CSCF's IF1 port sends the token checks of concurrent REGISTERs and INVITEs together (one
// SBI exchange for a busy moment, not one each), and every request still gets its own answer.
// Real IdP, real data side, real SBI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInTokens } from '../../../../idp/test/support/oauth-client.ts';
import { edsIf1Port } from '../../src/core/eds-if1-port.ts';
import type { AuthenticateRequest } from '../../src/eds/eds.ts';
import { If1Client } from '../../src/eds/if1-client.ts';
import { DEMO_PASSWORD, provisionFromIdp, startTestIdp, startTestIms, type TestIdp, type TestIms } from '../support/ims-fixture.ts';

/** The real IF1 client, counting the exchanges that carry authentications. */
class CountingIf1Client extends If1Client {
  exchanges = 0;
  override authenticateMany(requests: readonly AuthenticateRequest[]): ReturnType<If1Client['authenticateMany']> {
    this.exchanges++;
    return super.authenticateMany(requests);
  }
}

let idp: TestIdp;
let ims: TestIms;
beforeAll(async () => {
  idp = await startTestIdp();
  ims = await startTestIms();
  provisionFromIdp(ims, idp);
});
afterAll(async () => {
  await ims?.stop();
  await idp?.stop();
});

describe('IF1 port: token checks of concurrent requests share exchanges', () => {
  it('40 concurrent authentications travel in far fewer exchanges, each answered for its own identity and token', async () => {
    const client = new CountingIf1Client({ sbiUrl: ims.sbiUrl, caCertPem: ims.caCertPem, apiKey: ims.operatorApiKey });
    const if1 = edsIf1Port({ client, enterpriseIssuer: () => idp.issuer, realm: 'ims.example' });
    try {
      const bob = (await signInTokens(idp.issuer, 'bob', DEMO_PASSWORD)).access_token;
      const carol = (await signInTokens(idp.issuer, 'carol', DEMO_PASSWORD)).access_token;
      const requests = Array.from({ length: 40 }, (_, i) =>
        i % 4 === 3
          ? { impu: 'sip:carol@acme.example', token: bob, purpose: 'call' as const, scscf: 'scscf-1' } // bob's token for carol
          : { impu: i % 2 === 0 ? 'sip:bob@acme.example' : 'sip:carol@acme.example', token: i % 2 === 0 ? bob : carol, purpose: 'register' as const, scscf: 'scscf-1' },
      );
      const results = await Promise.all(requests.map((r) => if1.authenticate(r)));
      expect(results.map((r) => (r.ok ? r.value.e164 : r.code))).toEqual(requests.map((_, i) => (i % 4 === 3 ? 'identity_mismatch' : i % 2 === 0 ? '+12025550102' : '+12025550103')));
      expect(client.exchanges).toBeLessThanOrEqual(2);
    } finally {
      if1.close();
      client.close();
    }
  });
});
