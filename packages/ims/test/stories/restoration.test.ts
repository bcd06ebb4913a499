// Restoration (issue 4 item 6): the emulator is killed with SIGKILL and started again; registered
// users stay registered and reachable, and the CDRs written before the crash are still there.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@eims/store';
import { startTestIdp } from '../../../../idp/test/support/test-idp.ts';
import { signInTokens } from '../../../../idp/test/support/oauth-client.ts';
import { PASSWORD } from './ims-harness.ts';
import { getHeader, type SipRequest } from '@eims/sip';
import { rawSipClient, rawSipClientOn, type RawSipClient } from './raw-sip-client.ts';

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

let idp: Awaited<ReturnType<typeof startTestIdp>>;
let imsDataDir: string;
let child: ChildProcess | undefined;
const ports: Record<string, number> = {};

async function startEmulator(): Promise<void> {
  const env = {
    ...process.env,
    TEST_IMS_DATA_DIR: imsDataDir,
    TEST_CONSOLE_PORT: String(ports['console']),
    TEST_IDP_DATA_DIR: idp.dataDir,
    TEST_IDP_ISSUER: idp.issuer,
    TEST_IDP_INTROSPECTION: idp.introspectionUrl,
    IMS_SIP_WS_PORT: String(ports['ws']),
    IMS_SIP_TCP_PORT: String(ports['tcp']),
    IMS_SIP_TLS_PORT: '0',
    IMS_PCSCF_CORE_PORT: String(ports['pcore']),
    IMS_SCSCF_PORT: String(ports['scscf']),
    IMS_AS_PORT: String(ports['as']),
  };
  const p = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'emulator-process.ts')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child = p;
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`emulator did not start: ${output}`)), 20_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('READY')) {
        clearTimeout(t);
        resolve();
      }
    };
    p.stdout!.on('data', onData);
    p.stderr!.on('data', (c: Buffer) => process.env['DEBUG_RESTORE'] && console.log(`[emulator] ${c.toString()}`));
    p.stderr!.on('data', onData);
    p.once('exit', (code) => reject(new Error(`emulator exited (${code}): ${output}`)));
  });
}

function kill9(): Promise<void> {
  const p = child;
  if (p === undefined || p.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    p.once('exit', () => resolve());
    p.kill('SIGKILL');
  });
}

beforeAll(async () => {
  imsDataDir = mkdtempSync(join(tmpdir(), 'ims-restore-'));
  for (const name of ['console', 'ws', 'tcp', 'pcore', 'scscf', 'as']) ports[name] = await freePort();
  idp = await startTestIdp({ receivers: [{ url: `http://localhost:${ports['console']}/eds/ssf/events`, audience: `http://localhost:${ports['console']}/eds/ssf/events` }] });
  await startEmulator();
});
afterAll(async () => {
  await kill9();
  await idp?.stop();
  rmSync(imsDataDir, { recursive: true, force: true });
});

describe('restoration after kill -9 (issue 4 item 6)', () => {
  it('bob stays registered and reachable by E.164 without registering again, his reg event subscription still works, and the CDR of the call before the crash survives', async () => {
    // bob listens for connections at his Contact address (a TCP UA such as SIPp or a PBX).
    const accepted: Socket[] = [];
    const bobServer: Server = createServer((s) => accepted.push(s));
    await new Promise<void>((r) => bobServer.listen(0, '127.0.0.1', r));
    const bobPort = (bobServer.address() as AddressInfo).port;
    const tcp = { host: '127.0.0.1', port: ports['tcp']! };
    const bob = await rawSipClient(tcp);
    const bobToken = (await signInTokens(idp.issuer, 'bob', PASSWORD)).access_token;
    const aliceToken = (await signInTokens(idp.issuer, 'alice', PASSWORD)).access_token;
    const reg = await bob.request('REGISTER', 'sip:acme.example', {
      from: 'sip:bob@acme.example',
      to: 'sip:bob@acme.example',
      headers: [`Authorization: Bearer ${bobToken}`, `Contact: <sip:bob@127.0.0.1:${bobPort};transport=tcp>`],
    });
    expect(reg.status).toBe(200);
    const sub = await bob.request('SUBSCRIBE', 'sip:bob@acme.example', {
      from: 'sip:bob@acme.example',
      to: 'sip:bob@acme.example',
      headers: ['Event: reg', 'Expires: 3600', `Contact: <sip:bob@127.0.0.1:${bobPort};transport=tcp>`],
    });
    expect(sub.status).toBe(200);
    await bob.waitForRequest('NOTIFY');
    const alice = await rawSipClient(tcp);
    const first = await alice.invite('sip:bob@acme.example', { from: 'sip:alice@acme.example', to: 'sip:bob@acme.example', headers: [`Authorization: Bearer ${aliceToken}`] });
    expect(first.response.status).toBe(200);
    expect((await alice.inDialog(first.dialog!, 'BYE')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));

    await kill9();
    bob.close();
    alice.close();
    await startEmulator();

    // bob did nothing: no new REGISTER. alice calls him by E.164 after the restart.
    const alice2 = await rawSipClient(tcp);
    const bobConnection = new Promise<Socket>((resolve) => bobServer.once('connection', resolve));
    const call = alice2.invite('sip:+12025550102@ims.mnc001.mcc001.3gppnetwork.org;user=phone', {
      from: 'sip:alice@acme.example',
      to: 'sip:+12025550102@ims.mnc001.mcc001.3gppnetwork.org;user=phone',
      headers: [`Authorization: Bearer ${aliceToken}`],
    });
    const bobAgain = rawSipClientOn(await bobConnection);
    const later: RawSipClient[] = [];
    bobServer.on('connection', (c: Socket) => later.push(rawSipClientOn(c)));
    const { response, dialog } = await call;
    expect(response.status).toBe(200);
    const invite = await bobAgain.waitForRequest('INVITE');
    expect(invite.uri).toBe(`sip:bob@127.0.0.1:${bobPort};transport=tcp`);
    expect((await alice2.inDialog(dialog!, 'BYE')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    alice2.close();

    // The reg event subscription survived too: IT disables bob, bob's subscription hears it.
    const employee = idp.directory.findByUsername('bob')!;
    const disabled = idp.directory.setStatus(employee.id, 'disabled');
    await idp.revokeAllForEmployee(employee.id);
    idp.securityEvents.employeeDisabled(disabled);
    const deadline = Date.now() + 5000;
    let notify: SipRequest | undefined;
    while (notify === undefined && Date.now() < deadline) {
      notify = [bobAgain, ...later].flatMap((c) => c.received).find((m) => m.method === 'NOTIFY');
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(notify, 'no NOTIFY after the restart').toBeDefined();
    expect(getHeader(notify!, 'Subscription-State')).toBe('terminated;reason=rejected');
    expect(getHeader(notify!, 'CSeq')).toBe('2 NOTIFY');
    bobAgain.close();
    for (const c of later) c.close();
    await new Promise<void>((r) => bobServer.close(() => r()));

    const db = openDatabase(join(imsDataDir, 'ims.sqlite'));
    try {
      const rows = db.prepare('SELECT disposition, presented_e164 FROM cdrs ORDER BY seq').all() as { disposition: string; presented_e164: string }[];
      expect(rows).toHaveLength(2);
      expect(rows.every((r) => r.disposition === 'answered' && r.presented_e164 === '+12025550101')).toBe(true);
    } finally {
      db.close();
    }
  }, 60_000);
});
