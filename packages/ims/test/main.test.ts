// `npm start` of the emulator (src/main.ts) beside a real IdP: the demo enterprise and dave are
// provisioned from the IdP's files on first start, Alice can authenticate over IF1, and
// registration state and CDRs survive a kill -9 of the emulator (issue 4 item 6).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInTokens } from '../../../idp/test/support/oauth-client.ts';
import { If1Client } from '../src/eds/if1-client.ts';
import { openDatabase } from '@eims/store';
import { CdrStore } from '../src/billing/cdr-store.ts';
import { sampleCdr } from './billing/sample-cdr.ts';
import { startIdp, type RunningIdp } from '@eims/idp';
import { DEMO_PASSWORD } from './support/ims-fixture.ts';

const MAIN = new URL('../src/main.ts', import.meta.url).pathname;

interface Started {
  child: ChildProcess;
  output: () => string;
  sbiUrl: string;
}

function startMain(env: Record<string, string>, waitFor: RegExp): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], { env: { ...process.env, IMS_SBI_PORT: '0', IMS_CONSOLE_PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (c: Buffer): void => {
      output += c.toString();
      const sbi = /SBI .*?: (https:\/\/localhost:\d+)/.exec(output);
      if (sbi && waitFor.test(output)) resolve({ child, output: () => output, sbiUrl: sbi[1]! });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`emulator exited (${code}): ${output}`)));
  });
}

async function kill9(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('the emulator process (src/main.ts)', () => {
  let dataDir: string;
  let idp: RunningIdp;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ims-main-'));
    idp = await startIdp({ dataDir: join(dataDir, 'idp'), port: 0, mtlsPort: 0, log: () => undefined });
  });
  afterAll(async () => {
    await idp?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('provisions Acme from the IdP files and dave on first start; state survives kill -9', async () => {
    const mtlsPort = new URL(idp.introspectionUrl).port;
    const env = { DATA_DIR: dataDir, IDP_ISSUER: idp.issuer, IDP_MTLS_PORT: mtlsPort };
    const first = await startMain(env, /Provisioned the demo enterprise Acme Corp/);
    expect(first.output()).toMatch(/Operator API key \(generated/);
    expect(first.output()).toMatch(/sip:dave@ims\.mnc001\.mcc001\.3gppnetwork\.org \(\+12025550999\)/);
    const ca = readFileSync(join(dataDir, 'ims', 'tls', 'ca.crt'), 'utf8');
    const apiKey = readFileSync(join(dataDir, 'ims', 'operator-api-key'), 'utf8').trim();
    const if1 = new If1Client({ sbiUrl: first.sbiUrl, caCertPem: ca, apiKey });
    try {
      const token = (await signInTokens(idp.issuer, 'alice', DEMO_PASSWORD)).access_token;
      const alice = await if1.authenticate({ impu: 'sip:alice@acme.example', token, purpose: 'register', scscf: 'scscf-1' });
      expect(alice.ok ? alice.value.implicitRegistrationSet : alice.problem).toEqual(['sip:alice@acme.example', 'tel:+12025550101']);
      expect((await if1.subscriber('sip:dave@ims.mnc001.mcc001.3gppnetwork.org'))?.e164).toBe('+12025550999');
      await if1.saveRegistration('sip:alice@acme.example', { contacts: ['sip:alice@host.invalid;transport=ws'], expiresAt: Date.now() + 600_000 });
    } finally {
      if1.close();
    }
    // A CDR written while the emulator runs (same database file, WAL mode).
    const db = openDatabase(join(dataDir, 'ims', 'ims.sqlite'));
    new CdrStore(db).append(sampleCdr(1));
    db.close();
    await kill9(first.child);

    const second = await startMain(env, /Console: /);
    const again = new If1Client({ sbiUrl: second.sbiUrl, caCertPem: ca, apiKey });
    try {
      expect(second.output()).not.toMatch(/Provisioned the demo enterprise/);
      expect((await again.listRegistrations()).map((r) => r.impu)).toEqual(['sip:alice@acme.example']);
    } finally {
      again.close();
      await kill9(second.child);
    }
    const after = openDatabase(join(dataDir, 'ims', 'ims.sqlite'));
    expect(new CdrStore(after).verify()).toMatchObject({ ok: true, count: 1 });
    after.close();
  });
});
