// Restoration (issue 4 item 6): the S-CSCF keeps registration state at the EDS over IF1, and it
// survives a restart of the emulator on the same data folder. Also the subscriber look-up for
// SIP digest (RFC 7616 SHA-256 HA1, never the password).
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { provisionDemoSubscriber } from '../../src/bss/demo-provisioning.ts';
import { startTestIms } from '../support/ims-fixture.ts';

describe('IF1 registration state and subscribers', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ims-restore-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('registrations saved over IF1 are listed again after the emulator restarts on the same data folder', async () => {
    const first = await startTestIms({ dataDir });
    const state = { contacts: [{ uri: 'sip:alice@r8v2kq.invalid;transport=ws', expires: 600 }], path: ['<sip:pcscf.invalid;lr>'], expiresAt: Date.now() + 600_000 };
    await first.if1().saveRegistration('sip:alice@acme.example', state);
    await first.if1().saveRegistration('sip:bob@acme.example', { contacts: [], expiresAt: Date.now() + 600_000 });
    expect(await first.if1().deleteRegistration('sip:bob@acme.example')).toBe(true);
    await first.if1().saveRegistration('sip:old@acme.example', { contacts: [], expiresAt: Date.now() - 1 });
    await first.stop();

    const second = await startTestIms({ dataDir });
    try {
      const restored = await second.if1().listRegistrations();
      expect(restored.map((r) => r.impu)).toEqual(['sip:alice@acme.example']);
      expect(restored[0]!.data).toEqual(state);
      expect(await second.if1().deleteRegistration('sip:nobody@acme.example')).toBe(false);
    } finally {
      await second.stop();
    }
  });

  it('a plain subscriber is found by IMPU or tel URI with the SHA-256 HA1 only (RFC 7616 §3.4.2)', async () => {
    const ims = await startTestIms();
    try {
      provisionDemoSubscriber(ims.provisioning, 'ims.mnc001.mcc001.3gppnetwork.org');
      const dave = await ims.if1().subscriber('sip:dave@ims.mnc001.mcc001.3gppnetwork.org');
      const expected = createHash('sha256').update('dave:ims.mnc001.mcc001.3gppnetwork.org:Dave-demo-1').digest('hex');
      expect(dave).toMatchObject({ e164: '+12025550999', username: 'dave', realm: 'ims.mnc001.mcc001.3gppnetwork.org', ha1Sha256: expected });
      expect(dave!.implicitRegistrationSet).toEqual(['sip:dave@ims.mnc001.mcc001.3gppnetwork.org', 'tel:+12025550999']);
      expect((await ims.if1().subscriber('tel:+12025550999'))?.impu).toBe('sip:dave@ims.mnc001.mcc001.3gppnetwork.org');
      expect(await ims.if1().subscriber('sip:nobody@ims.mnc001.mcc001.3gppnetwork.org')).toBeUndefined();
      expect(readFileSync(join(ims.dataDir, 'ims', 'ims.sqlite')).includes('Dave-demo-1')).toBe(false);
      expect(await ims.if2().user('tel:+12025550999')).toMatchObject({ kind: 'subscriber', enterprise: null, attestation: { level: 'A' } });
    } finally {
      await ims.stop();
    }
  });

  it('IF1 and IF2 refuse requests without the SBI key (401) or with a wrong one (403)', async () => {
    const ims = await startTestIms();
    try {
      const { If1Client } = await import('../../src/eds/if1-client.ts');
      const wrong = new If1Client({ sbiUrl: ims.sbiUrl, caCertPem: ims.caCertPem, apiKey: 'wrong' });
      const answer = await wrong.sbi.call('GET', '/if1/v1/registrations');
      wrong.close();
      expect(answer.status).toBe(403);
      const none = await ims.if1().sbi.pool.request(ims.sbiUrl, { method: 'GET', path: '/if2/v1/users/tel%3A%2B12025550999' });
      expect(none.status).toBe(401);
    } finally {
      await ims.stop();
    }
  });

  it('an IF1 event stream reconnects by itself after the emulator restarts', async () => {
    const restartDir = mkdtempSync(join(tmpdir(), 'ims-reconnect-'));
    let ims = await startTestIms({ dataDir: restartDir, sbiPort: 0 });
    const port = ims.sbi.port;
    const { If1Client } = await import('../../src/eds/if1-client.ts');
    const client = new If1Client({ sbiUrl: ims.sbiUrl, caCertPem: ims.caCertPem, apiKey: ims.operatorApiKey });
    const seen: string[] = [];
    const subscription = client.events((e) => seen.push(e.impu), { retryMs: 50, onError: () => undefined });
    try {
      await subscription.ready;
      await ims.stop();
      ims = await startTestIms({ dataDir: restartDir, sbiPort: port });
      const deadline = Date.now() + 3000;
      while (ims.eds.if1Events.size === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      ims.eds.if1Events.publish({ type: 'deregister', impu: 'sip:alice@acme.example', reason: 'deactivated' });
      while (seen.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(seen).toEqual(['sip:alice@acme.example']);
    } finally {
      subscription.close();
      client.close();
      await ims.stop();
      rmSync(restartDir, { recursive: true, force: true });
    }
  });
});
