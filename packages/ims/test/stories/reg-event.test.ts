// Data decoupling and the reg event package (RFC 3680; TS 24.229 §5.4.1.5): bob subscribes to his
// registration state; when IT disables bob at the IdP, the IdP's security event reaches the EDS,
// the S-CSCF de-registers him and bob's subscription receives the NOTIFY within one second.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getHeader } from '@eims/sip';
import { DOMAIN, startStack, type Stack } from './ims-harness.ts';
import { rawSipClient, type RawSipClient } from './raw-sip-client.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

async function registerBob(client: RawSipClient, token: string): Promise<number> {
  const r = await client.request('REGISTER', 'sip:acme.example', {
    from: 'sip:bob@acme.example',
    to: 'sip:bob@acme.example',
    headers: [`Authorization: Bearer ${token}`, `Contact: <sip:bob@127.0.0.1:${client.port};transport=tcp>`],
  });
  return r.status;
}

describe('reg event and network-initiated de-registration (RFC 3680, 6.X data decoupling)', () => {
  it('bob subscribes to his registration and gets a full reginfo NOTIFY', async () => {
    // The token before the connection: the P-CSCF closes connections silent for 500 ms (harness).
    const token = await stack.token('bob');
    const bob = await rawSipClient(stack.core.pcscf.listeners.tcp);
    try {
      expect(await registerBob(bob, token)).toBe(200);
      const sub = await bob.request('SUBSCRIBE', 'sip:bob@acme.example', {
        from: 'sip:bob@acme.example',
        to: 'sip:bob@acme.example',
        headers: ['Event: reg', 'Accept: application/reginfo+xml', 'Expires: 600', `Contact: <sip:bob@127.0.0.1:${bob.port};transport=tcp>`],
      });
      expect(sub.status).toBe(200);
      const notify = await bob.waitForRequest('NOTIFY');
      expect(getHeader(notify, 'Event')).toBe('reg');
      expect(getHeader(notify, 'Subscription-State')).toMatch(/^active;expires=\d+$/);
      const xml = new TextDecoder().decode(notify.body);
      expect(xml).toContain('<registration aor="sip:bob@acme.example" id="r1" state="active">');
      expect(xml).toContain('<registration aor="tel:+12025550102" id="r2" state="active">');
      expect(xml).toMatch(/<contact id="c1" state="active" event="registered" expires="\d+"><uri>sip:bob@127\.0\.0\.1:\d+;transport=tcp<\/uri><\/contact>/);
    } finally {
      bob.close();
    }
  });

  it('someone else may not watch bob (403)', async () => {
    const eve = await rawSipClient(stack.core.pcscf.listeners.tcp);
    try {
      const r = await eve.request('SUBSCRIBE', 'sip:bob@acme.example', {
        from: 'sip:carol@acme.example',
        to: 'sip:bob@acme.example',
        headers: ['Event: reg', 'Expires: 600', `Contact: <sip:carol@127.0.0.1:${eve.port};transport=tcp>`],
      });
      expect(r.status).toBe(403);
    } finally {
      eve.close();
    }
  });

  it('IT disables bob at the IdP: NOTIFY rejected within 1 s, and his next REGISTER is refused', async () => {
    const token = await stack.token('bob');
    const bob = await rawSipClient(stack.core.pcscf.listeners.tcp);
    try {
      expect(await registerBob(bob, token)).toBe(200);
      const sub = await bob.request('SUBSCRIBE', 'sip:bob@acme.example', {
        from: 'sip:bob@acme.example',
        to: 'sip:bob@acme.example',
        headers: ['Event: reg', 'Expires: 600', `Contact: <sip:bob@127.0.0.1:${bob.port};transport=tcp>`],
      });
      expect(sub.status).toBe(200);
      await bob.waitForRequest('NOTIFY');

      const idp = stack.idp;
      const employee = idp.directory.findByUsername('bob')!;
      const started = Date.now();
      const disabled = idp.directory.setStatus(employee.id, 'disabled');
      await idp.revokeAllForEmployee(employee.id);
      idp.securityEvents.employeeDisabled(disabled);
      const notify = await bob.waitForRequest('NOTIFY', 3000);
      const elapsed = Date.now() - started;
      expect(elapsed).toBeLessThan(1000);
      expect(getHeader(notify, 'Subscription-State')).toBe('terminated;reason=rejected');
      const xml = new TextDecoder().decode(notify.body);
      expect(xml).toContain('<registration aor="sip:bob@acme.example" id="r1" state="terminated">');
      expect(xml).toMatch(/<contact id="c1" state="terminated" event="rejected"><uri>/);
      expect(stack.core.scscf.store.find('sip:bob@acme.example')).toBeUndefined();
      expect(stack.core.scscf.store.find('tel:+12025550102')).toBeUndefined();
      expect(await registerBob(bob, token)).toBe(401);
      expect(stack.core.scscf.store.find('sip:bob@acme.example')).toBeUndefined();
    } finally {
      bob.close();
    }
  });
});

describe('carrier subscriber dave registers with SHA-256 digest (RFC 7616, RFC 8760)', () => {
  it('challenge, then 200 with the implicit set {IMPU, tel:+12025550999}', async () => {
    const dave = await rawSipClient(stack.core.pcscf.listeners.tcp);
    try {
      const aor = `sip:dave@${DOMAIN}`;
      const contact = `Contact: <sip:dave@127.0.0.1:${dave.port};transport=tcp>`;
      const first = await dave.request('REGISTER', `sip:${DOMAIN}`, { from: aor, to: aor, headers: [contact], callId: 'dave-1' });
      expect(first.status).toBe(401);
      const challenge = first.header('WWW-Authenticate') ?? '';
      expect(challenge).toMatch(/^Digest realm="ims\.mnc001\.mcc001\.3gppnetwork\.org", nonce="[^"]+", algorithm=SHA-256, qop="auth"$/);
      const nonce = /nonce="([^"]+)"/.exec(challenge)![1]!;
      const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
      const uri = `sip:${DOMAIN}`;
      const answer = (password: string): string => {
        const ha1 = sha(`dave:${DOMAIN}:${password}`);
        const response = sha(`${ha1}:${nonce}:00000001:c0ffee:auth:${sha(`REGISTER:${uri}`)}`);
        return `Authorization: Digest username="dave", realm="${DOMAIN}", nonce="${nonce}", uri="${uri}", response="${response}", algorithm=SHA-256, qop=auth, nc=00000001, cnonce="c0ffee"`;
      };
      const wrong = await dave.request('REGISTER', uri, { from: aor, to: aor, headers: [contact, answer('wrong')], callId: 'dave-1', cseq: 2 });
      expect(wrong.status).toBe(401);
      expect(stack.core.scscf.store.find(aor)).toBeUndefined();
      const ok = await dave.request('REGISTER', uri, { from: aor, to: aor, headers: [contact, answer('Dave-demo-1')], callId: 'dave-1', cseq: 3 });
      expect(ok.status).toBe(200);
      expect(ok.headers('P-Associated-URI').join(', ')).toBe(`<${aor}>, <tel:+12025550999>`);
      expect(stack.core.scscf.store.find('tel:+12025550999')?.aor).toBe(aor);
    } finally {
      dave.close();
    }
  });
});
