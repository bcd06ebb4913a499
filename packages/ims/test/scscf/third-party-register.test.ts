// Third-party REGISTER to the MMTel AS (TS 24.229 §5.4.1.7): sent on initial registration and on
// de-registration, and on a re-registration only when what the AS was last told has less than half
// of the new lifetime left. The S-CSCF runs against the real EDS (IF1) and IdP; the AS is a bare
// SIP peer that records what it receives. The S-CSCF's clock is moved; nothing else is faked.
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getHeader, getHeaders, type SipRequest } from '@eims/sip';
import { edsIf1Port } from '../../src/core/eds-if1-port.ts';
import { If1Client } from '../../src/eds/if1-client.ts';
import { Scscf } from '../../src/scscf/scscf.ts';
import { DOMAIN, startStack, type Stack } from '../stories/ims-harness.ts';
import { rawSipClient, rawSipClientOn, type RawSipClient } from '../stories/raw-sip-client.ts';

let stack: Stack;
let asServer: Server;
let asPeer: Promise<RawSipClient>;
let scscf: Scscf;
let client: If1Client;
let skew = 0;

beforeAll(async () => {
  stack = await startStack();
  asServer = createServer();
  asPeer = new Promise((resolve) => asServer.once('connection', (socket) => resolve(rawSipClientOn(socket))));
  await new Promise<void>((resolve) => asServer.listen(0, '127.0.0.1', resolve));
  const address = asServer.address();
  if (address === null || typeof address === 'string') throw new Error('no AS address');
  client = new If1Client({ sbiUrl: stack.ims.sbiUrl, caCertPem: stack.ims.caCertPem, apiKey: stack.ims.operatorApiKey });
  const if1 = edsIf1Port({ client, enterpriseIssuer: (d) => stack.ims.provisioning.enterpriseByDomain(d)?.idpIssuer, realm: DOMAIN });
  scscf = await Scscf.start({ port: 0, domain: DOMAIN, if1, as: { host: '127.0.0.1', port: address.port }, now: () => Date.now() + skew });
});

afterAll(async () => {
  await scscf?.close();
  client?.close();
  asServer?.close();
  (await asPeer.catch(() => undefined))?.close();
  await stack?.stop();
});

/** Third-party REGISTERs the AS has received so far. */
async function atAs(): Promise<SipRequest[]> {
  return (await asPeer).received.filter((r) => r.method === 'REGISTER');
}

/** The next third-party REGISTER after the `count` already seen. */
async function nextAtAs(count: number): Promise<SipRequest> {
  await expect.poll(async () => (await atAs()).length, { timeout: 5000 }).toBeGreaterThan(count);
  return (await atAs())[count]!;
}

describe('third-party REGISTER to the MMTel AS (TS 24.229 §5.4.1.7)', () => {
  it('tells the AS of a new registration, of a refresh only past half its lifetime, and of the de-registration', async () => {
    const alice = await rawSipClient(scscf.local);
    try {
      const token = await stack.token('alice');
      const register = (expires: number) =>
        alice.request('REGISTER', `sip:${DOMAIN}`, {
          from: 'sip:alice@acme.example',
          to: 'sip:alice@acme.example',
          callId: 'alice-reg',
          headers: [`Authorization: Bearer ${token}`, `Contact: <sip:alice@127.0.0.1:${alice.port};transport=tcp>;expires=${expires}`],
        });
      expect((await register(120)).status).toBe(200);
      const first = await nextAtAs(0);
      expect(getHeader(first, 'To')).toBe('<sip:alice@acme.example>');
      expect(Number(getHeader(first, 'Expires'))).toBeGreaterThan(110);
      expect(getHeaders(first, 'P-Associated-URI')).toEqual(['<sip:alice@acme.example>', '<tel:+12025550101>']);

      // Refreshes while the AS still knows of more than half the lifetime: nothing for the AS.
      for (let i = 0; i < 3; i++) expect((await register(120)).status).toBe(200);
      // 70 s later the AS's 120 s are down to 50 s, less than half of the new 120 s: it is told.
      skew = 70_000;
      expect((await register(120)).status).toBe(200);
      const refreshed = await nextAtAs(1);
      expect(Number(getHeader(refreshed, 'Expires'))).toBeGreaterThan(110);
      expect(await atAs()).toHaveLength(2);

      // The SIP link to the AS keeps order: the de-registration arriving third shows that none of
      // the refreshes above was passed on.
      expect((await register(0)).status).toBe(200);
      expect(getHeader(await nextAtAs(2), 'Expires')).toBe('0');
      expect(await atAs()).toHaveLength(3);
    } finally {
      alice.close();
    }
  }, 30_000);
});
