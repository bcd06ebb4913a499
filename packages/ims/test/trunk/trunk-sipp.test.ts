// Issue 7 with an independent SIP implementation as the PBX: SIPp over TCP, with socat doing the
// mutual TLS (SIPp has no TLS, reference/interop.md). Out: a PBX employee calls bob's softphone
// over the trunk (RFC 8898 407 first, then Proxy-Authorization: Bearer from an injection file) and
// bob sees her verified card. In (6.X.2.3): alice calls a number of Acme's range nobody
// registered; the IBCF opens TLS to the PBX address provisioned for Acme, SIPp answers, alice
// hangs up. Both calls leave CDRs.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawSipClient } from '../stories/raw-sip-client.ts';
import { startPhone, type Phone } from '../stories/sipjs-phone.ts';
import { deliveredBySipJs } from '../stir/sip-headers.ts';
import { pbxCertificate, startTrunkStack, type TrunkStack } from './trunk-stack.ts';
import { requireTool } from '../../../stir/test/interop/peers.ts';

let stack: TrunkStack;
let bob: Phone;
let dir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  // Missing SIPp or socat fails these tests (never a silent skip): CI installs them.
  for (const tool of ['sipp', 'socat']) requireTool(tool, { tests: 'the SIP trunk interop tests', install: 'apt-get install -y sip-tester socat' });
  stack = await startTrunkStack();
  dir = mkdtempSync(join(tmpdir(), 'trunk-sipp-'));
  const cert = await pbxCertificate(stack.acmeCa, 'acme.example');
  writeFileSync(join(dir, 'pbx.crt'), cert.certPem);
  writeFileSync(join(dir, 'pbx.key'), cert.keyPem);
  writeFileSync(join(dir, 'carrier-ca.crt'), stack.carrierCaPem);
  bob = await startPhone('sip:bob@acme.example', stack.core.listeners.ws);
  expect(await bob.register(await stack.token('bob'))).toBe(200);
}, 60_000);
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await bob?.stop();
  await stack?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}

function run(command: string, args: string[]): { child: ChildProcess; done: Promise<{ status: number | null; out: string }> } {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const done = new Promise<{ status: number | null; out: string }>((resolve) => child.on('exit', (status) => resolve({ status, out })));
  return { child, done };
}

async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(true));
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(false)));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listens on ${port}`);
}

const sippErrors = (): string => (existsSync(join(dir, 'err.log')) ? readFileSync(join(dir, 'err.log'), 'utf8') : '');

describe('SIPp as Acme\'s PBX over the SIP trunk (socat for mutual TLS)', () => {
  it('carol calls bob from the PBX: 407 Bearer challenge, then Proxy-Authorization; bob sees her verified card (TN-Validation-Passed, Call-Info verified); PBX hangs up; CDR written', async () => {
    const trunk = stack.core.trunk!.listeners.tls;
    const local = await freePort();
    const socat = run('socat', [
      `TCP-LISTEN:${local},bind=127.0.0.1,reuseaddr`,
      `OPENSSL:${trunk.host}:${trunk.port},verify=1,cafile=${join(dir, 'carrier-ca.crt')},commonname=localhost,cert=${join(dir, 'pbx.crt')},key=${join(dir, 'pbx.key')}`,
    ]);
    await waitForPort(local);
    writeFileSync(join(dir, 'users.csv'), `SEQUENTIAL\ncarol;${await stack.token('carol')};+12025550102\n`);
    const sipp = run('sipp', [`127.0.0.1:${local}`, '-t', 't1', '-sf', join(import.meta.dirname, 'sipp', 'pbx-call.xml'), '-inf', join(dir, 'users.csv'), '-m', '1', '-i', '127.0.0.1', '-p', '0', '-nostdin', '-timeout', '20s', '-timeout_error', '-trace_err', '-error_file', join(dir, 'err.log')]);
    const invitation = await bob.waitForInvitation(15_000);
    const delivered = deliveredBySipJs(invitation);
    const cdr = stack.core.waitForCdr(invitation.request.callId, 15_000);
    await invitation.accept();
    const { status, out } = await sipp.done;
    expect(status, `${out.slice(-3000)}${sippErrors()}`).toBe(0);
    expect(delivered.caller).toMatchObject({ state: 'verified', verstat: 'TN-Validation-Passed', number: '+12025550103' });
    expect(delivered.caller.card).toMatchObject({ verified: true, name: 'Carol Chen' });
    expect(delivered.callInfo.join(',')).toContain('verified="true"');
    expect(await cdr).toMatchObject({ thirdPartyId: 'sip:carol@acme.example', presentedE164: '+12025550103', disposition: 'answered', attestation: 'A' });
    socat.child.kill();
  }, 60_000);

  it('alice calls +12025550150 (Acme\'s range, nobody registered): the IBCF opens TLS to the PBX address provisioned for Acme, SIPp answers, alice hangs up; CDR written', async () => {
    const uasPort = await freePort();
    const pbxTls = await freePort();
    const uas = run('sipp', ['-sf', join(import.meta.dirname, 'sipp', 'pbx-answer.xml'), '-t', 't1', '-i', '127.0.0.1', '-p', String(uasPort), '-m', '1', '-nostdin', '-timeout', '20s', '-timeout_error']);
    const socat = run('socat', [
      `OPENSSL-LISTEN:${pbxTls},bind=127.0.0.1,reuseaddr,cert=${join(dir, 'pbx.crt')},key=${join(dir, 'pbx.key')},verify=0`,
      `TCP:127.0.0.1:${uasPort}`,
    ]);
    await waitForPort(uasPort);
    await waitForPort(pbxTls);
    const acme = stack.ims.provisioning.enterpriseByDomain('acme.example')!;
    const { id, createdAt: _c, updatedAt: _u, ...input } = acme;
    expect(stack.ims.provisioning.replaceEnterprise(id, { ...input, pbxAddress: `127.0.0.1:${pbxTls}` }).ok).toBe(true);
    const alice = await rawSipClient(stack.core.pcscf.listeners.tcp);
    try {
      const target = 'sip:+12025550150@acme.example;user=phone';
      const { response, dialog } = await alice.invite(target, { from: 'sip:alice@acme.example', to: target, headers: [`Authorization: Bearer ${await stack.token('alice')}`] });
      expect(response.status).toBe(200);
      // The connection the IBCF opened was admitted over IF3 like one the PBX opens.
      expect(stack.core.trunk!.connected().map((t) => t.enterprise.domain)).toEqual(['acme.example']);
      const cdr = stack.core.waitForCdr(dialog!.callId, 15_000);
      expect((await alice.inDialog(dialog!, 'BYE')).status).toBe(200);
      const { status, out } = await uas.done;
      expect(status, out.slice(-3000)).toBe(0);
      expect(await cdr).toMatchObject({ thirdPartyId: 'sip:alice@acme.example', calledParty: target, disposition: 'answered' });
    } finally {
      alice.close();
      socat.child.kill();
    }
  }, 60_000);
});
