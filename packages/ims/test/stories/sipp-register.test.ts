// SIPp (an independent SIP implementation) registers alice and bob over TCP with
// `Authorization: Bearer` taken from an injection file (reference/interop.md).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './ims-harness.ts';
import { withClaims } from './token-forgery.ts';
import { requireTool } from '../../../stir/test/interop/peers.ts';

let stack: Stack;
let dir: string;
beforeAll(async () => {
  // Missing SIPp fails these tests (never a silent skip): CI installs it.
  requireTool('sipp', { tests: 'the SIPp interop tests', install: 'apt-get install -y sip-tester' });
  stack = await startStack();
  dir = mkdtempSync(join(tmpdir(), 'sipp-'));
});
afterAll(async () => {
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function runSipp(inf: string, calls: number, scenario = 'register-bearer.xml'): Promise<{ status: number | null; out: string }> {
  const file = join(dir, 'users.csv');
  writeFileSync(file, inf);
  const tcp = stack.core.pcscf.listeners.tcp;
  // Asynchronously: the emulator runs in this process and must keep answering while SIPp runs.
  const r = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(
    'sipp',
    [`${tcp.host}:${tcp.port}`, '-t', 't1', '-sf', scenario.includes('/') ? scenario : join(import.meta.dirname, 'sipp', scenario), '-inf', file, '-m', String(calls), '-i', '127.0.0.1', '-p', '0', '-nostdin', '-timeout', '20s', '-timeout_error', '-trace_err', '-error_file', join(dir, 'err.log')],
    { encoding: 'utf8', timeout: 30_000 },
      (error, stdout, stderr) => resolve({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr }),
    );
    void child;
  });
  const errors = existsSync(join(dir, 'err.log')) ? readFileSync(join(dir, 'err.log'), 'utf8') : '';
  return { status: r.status, out: `${r.stdout}${r.stderr}${errors}` };
}

describe('SIPp REGISTER with Bearer from an injection file (RFC 8898, interop)', () => {
  it('alice and bob register through SIPp over TCP; SIPp checks the challenge and P-Associated-URI', async () => {
    const lines = ['SEQUENTIAL', `alice;${await stack.token('alice')}`, `bob;${await stack.token('bob')}`];
    const { status, out } = await runSipp(`${lines.join('\n')}\n`, 2);
    expect(status, out.slice(-4000)).toBe(0);
    expect(stack.core.scscf.store.find('tel:+12025550101')?.aor).toBe('sip:alice@acme.example');
    expect(stack.core.scscf.store.find('tel:+12025550102')?.aor).toBe('sip:bob@acme.example');
  }, 60_000);

  it('a token for another audience makes SIPp fail (the 200 never comes), and nothing is registered', async () => {
    await stack.core.scscf.store.remove('sip:carol@acme.example', 'unregistered');
    const bad = withClaims(await stack.token('carol'), { aud: 'https://other.example' });
    const { status } = await runSipp(`SEQUENTIAL\ncarol;${bad}\n`, 1);
    expect(status).not.toBe(0);
    expect(stack.core.scscf.store.find('sip:carol@acme.example')).toBeUndefined();
  }, 60_000);

  it('bob registers through SIPp, his phone is a SIPp UAS at his Contact: alice\'s call reaches it over a new connection, and SIPp sees her E.164 in From and P-Asserted-Identity', async () => {
    await stack.core.scscf.store.remove('sip:bob@acme.example', 'unregistered');
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const uasPort = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    // SIPp as bob's phone, listening on TCP (-t t1 with -p: the UAS side of the scenario).
    const uas = new Promise<{ status: number | null; out: string }>((resolve) => {
      execFile('sipp', ['-sf', join(import.meta.dirname, 'sipp', 'bob-answer.xml'), '-t', 't1', '-i', '127.0.0.1', '-p', String(uasPort), '-m', '1', '-nostdin', '-timeout', '20s', '-timeout_error'], { encoding: 'utf8', timeout: 30_000 }, (error, stdout, stderr) =>
        resolve({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, out: `${stdout}${stderr}` }),
      );
    });
    await new Promise((r) => setTimeout(r, 500));
    // The registering SIPp names the UAS as Contact, registers, and leaves (its connection closes).
    const contactScenario = join(dir, 'register-contact.xml');
    writeFileSync(contactScenario, readFileSync(join(import.meta.dirname, 'sipp', 'register-bearer.xml'), 'utf8').replaceAll('[local_ip]:[local_port];transport=tcp', `127.0.0.1:${uasPort};transport=tcp`));
    const reg = await runSipp(`SEQUENTIAL\nbob;${await stack.token('bob')}\n`, 1, contactScenario);
    expect(reg.status, reg.out.slice(-2000)).toBe(0);
    const { rawSipClient } = await import('./raw-sip-client.ts');
    const aliceToken = await stack.token('alice');
    const alice = await rawSipClient(stack.core.pcscf.listeners.tcp);
    try {
      const { response, dialog } = await alice.invite('sip:bob@acme.example', { from: 'sip:alice@acme.example', to: 'sip:bob@acme.example', headers: [`Authorization: Bearer ${aliceToken}`] });
      expect(response.status).toBe(200);
      expect((await alice.inDialog(dialog!, 'BYE')).status).toBe(200);
      const { status, out } = await uas;
      expect(status, out.slice(-3000)).toBe(0);
    } finally {
      alice.close();
    }
  }, 60_000);
});
