// The P-CSCF and the MMTel AS each in a thread of their own (how `npm start` runs them): clients
// register and call through them as through the in-process ones, the AS signs in its thread and
// its CDRs reach the billing store of the main thread, closing a thread frees its ports, and a
// port already taken fails the start with the socket's own error. Real data side, real IdP,
// SIP/TCP on loopback.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getHeader } from '@eims/sip';
import { signInTokens } from '../../../../idp/test/support/oauth-client.ts';
import { idpTlsFiles, provisionDemoEnterprise, provisionDemoSubscriber } from '../../src/bss/demo-provisioning.ts';
import { anyFreeSipPorts } from '../../src/config/ims-config.ts';
import { startSipCore, type RunningSipCore } from '../../src/core/start-sip-core.ts';
import { startIms, type RunningIms } from '../../src/ims.ts';
import { startNfThread } from '../../src/core/nf-thread.ts';
import { startMmtelAsThread } from '../../src/mmtel-as/mmtel-as-thread.ts';
import { startPcscfThread } from '../../src/pcscf/pcscf-thread.ts';
import { DAVE, registerDave } from '../stories/dave-digest.ts';
import { DOMAIN, PASSWORD } from '../stories/ims-harness.ts';
import { rawSipClient } from '../stories/raw-sip-client.ts';
import { startTestIdp } from '../../../../idp/test/support/test-idp.ts';

let dir: string;
let idp: Awaited<ReturnType<typeof startTestIdp>>;
let ims: RunningIms;
let core: RunningSipCore;
const logs: string[] = [];
const crashes: Error[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ims-pcscf-thread-'));
  ims = await startIms({ imsDataDir: dir, sbiPort: 0, consolePort: 0, domain: DOMAIN, log: () => undefined });
  idp = await startTestIdp();
  await provisionDemoEnterprise(ims.provisioning, { imsDataDir: dir, idpFiles: idpTlsFiles(idp.dataDir), issuer: idp.issuer, introspectionEndpoint: idp.introspectionUrl });
  provisionDemoSubscriber(ims.provisioning, DOMAIN);
  core = await startSipCore(ims, { imsDataDir: dir, domain: DOMAIN, env: anyFreeSipPorts(), threads: true, onThreadCrash: (e) => crashes.push(e), log: (l) => logs.push(l) });
});
afterAll(async () => {
  await core?.close();
  core?.stopClients();
  await idp?.stop();
  await ims?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function refused(port: number): Promise<boolean> {
  const { connect } = await import('node:net');
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port }, () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(true));
  });
}

describe('P-CSCF and MMTel AS in threads of their own', () => {
  it('bob registers with his token and dave calls him through both threads: signed by the AS, its CDR stored by the main thread', async () => {
    const token = (await signInTokens(idp.issuer, 'bob', PASSWORD)).access_token;
    const bob = await rawSipClient(core.pcscf.listeners.tcp);
    const dave = await rawSipClient(core.pcscf.listeners.tcp);
    try {
      const registered = await bob.request('REGISTER', 'sip:acme.example', {
        from: 'sip:bob@acme.example',
        to: 'sip:bob@acme.example',
        headers: [`Authorization: Bearer ${token}`, `Contact: <sip:bob@127.0.0.1:${bob.port};transport=tcp>`],
      });
      expect(registered.status).toBe(200);
      expect(registered.header('Service-Route')).toContain(`${core.scscf.local.port}`);
      await registerDave(dave);
      const before = ims.cdrs.list().length;
      const { response, dialog } = await dave.invite('sip:bob@acme.example', { from: DAVE, to: 'sip:bob@acme.example' });
      expect(response.status).toBe(200);
      const invite = await bob.waitForRequest('INVITE');
      expect(getHeader(invite, 'Identity')).toMatch(/^ey[^.]+\.ey[^.]+\.[^;]+;info=</); // PASSporT signed in the AS's thread
      const cdr = core.waitForCdr(getHeader(invite, 'Call-ID'));
      expect((await dave.inDialog(dialog!, 'BYE')).status).toBe(200);
      expect((await cdr).disposition).toBe('answered');
      expect(ims.cdrs.list().slice(before).map((c) => [c.callId, c.calledParty, c.disposition])).toEqual([[getHeader(invite, 'Call-ID'), 'sip:bob@acme.example', 'answered']]);
      expect(ims.cdrs.verify().ok).toBe(true);
      expect(crashes).toEqual([]);
    } finally {
      bob.close();
      dave.close();
    }
  });

  it('a P-CSCF port already taken fails the start with EADDRINUSE and what it could not bind', async () => {
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    try {
      const port = (taken.address() as AddressInfo).port;
      await expect(startPcscfThread({ tcpPort: port, wsPort: 0, corePort: 0, scscf: core.scscf.local })).rejects.toMatchObject({ code: 'EADDRINUSE', message: expect.stringContaining(String(port)) });
    } finally {
      taken.close();
    }
  });

  it('closing a P-CSCF or MMTel AS thread ends it and frees its ports, without a crash report', async () => {
    const pcscf = await startPcscfThread({ tcpPort: 0, wsPort: 0, corePort: 0, scscf: core.scscf.local });
    const { tcp, ws } = pcscf.listeners;
    expect(await refused(tcp.port)).toBe(false);
    await pcscf.close();
    expect(await refused(tcp.port)).toBe(true);
    expect(await refused(ws.port)).toBe(true);
    const crashed: Error[] = [];
    const as = await startMmtelAsThread({ host: '127.0.0.1', port: 0, domain: DOMAIN, sbi: { sbiUrl: ims.sbiUrl, caCertPem: ims.caCertPem, apiKey: ims.operatorApiKey }, cdrs: ims.cdrs, onCrash: (e) => crashed.push(e) });
    expect(as.threadId).not.toBe(threadId);
    expect(await refused(as.local.port)).toBe(false);
    await as.close();
    expect(await refused(as.local.port)).toBe(true);
    expect(crashed).toEqual([]);
  });

  it('a function thread reports its address, log lines and events; a crash after start is reported once; a refused start rejects with its code', async () => {
    const entry = new URL('../support/crashing-nf-entry.ts', import.meta.url);
    const lines: string[] = [];
    const events: unknown[] = [];
    const crashed: Error[] = [];
    const thread = await startNfThread<{ port: number }>({ name: 'test NF', entry, data: { crashAfterMs: 100 }, log: (l) => lines.push(l), onEvent: (e) => events.push(e), onCrash: (e) => crashed.push(e) });
    expect(thread.info).toEqual({ port: 1234 });
    await expect.poll(() => crashed.length, { timeout: 5000 }).toBe(1);
    await new Promise((r) => setTimeout(r, 100)); // the thread's exit after its error is not a second report
    expect(crashed.map((e) => e.message)).toEqual(['boom in the thread']);
    expect(lines).toEqual(['started']);
    expect(events).toEqual([{ hello: 'main' }]);
    await expect(startNfThread({ name: 'test NF', entry, data: { refuse: true } })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});
