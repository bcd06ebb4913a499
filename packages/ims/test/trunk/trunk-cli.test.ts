// The operator's view of the SIP trunk (issue 7 item 4): `ims provision enterprise add --pbx-ca
// generate` makes a demo PBX CA whose key the emulator keeps, `issue-pbx-cert` issues a PBX
// certificate from it that the IBCF admits, and `ims trunk status` lists the connected PBXs.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTrunkStack, type TrunkStack } from './trunk-stack.ts';

const BIN = new URL('../../bin/ims.mjs', import.meta.url).pathname;
let stack: TrunkStack;
let files: string;

function ims(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const common = ['--data-dir', stack.dataDir, '--sbi-url', stack.ims.sbiUrl, '--api-key', stack.ims.operatorApiKey];
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args, ...common], { env: { ...process.env, IMS_OPERATOR_API_KEY: '' }, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  stack = await startTrunkStack();
  files = mkdtempSync(join(tmpdir(), 'trunk-cli-'));
  const acme = stack.ims.provisioning.enterpriseByDomain('acme.example')!;
  writeFileSync(join(files, 'eds.crt'), acme.if4ClientCertPem);
  writeFileSync(join(files, 'eds.key'), acme.if4ClientKeyPem);
  writeFileSync(join(files, 'idp-ca.crt'), acme.idpCaCertPem);
}, 60_000);
afterAll(async () => {
  await stack?.stop();
  if (files) rmSync(files, { recursive: true, force: true });
});

describe('ims CLI for the SIP trunk', () => {
  it('enterprise add --pbx-ca generate --pbx-address, then issue-pbx-cert: the IBCF admits a PBX presenting that certificate, and "ims trunk status" lists it', async () => {
    const acme = stack.ims.provisioning.enterpriseByDomain('acme.example')!;
    const add = await ims([
      'provision', 'enterprise', 'add', '--name', 'Initech', '--domain', 'initech.example', '--range', '+14155550100-+14155550199',
      '--issuer', acme.idpIssuer, '--introspection', acme.introspectionEndpoint,
      '--if4-cert', join(files, 'eds.crt'), '--if4-key', join(files, 'eds.key'), '--idp-ca', join(files, 'idp-ca.crt'),
      '--pbx-ca', 'generate', '--pbx-address', '127.0.0.1:5999',
    ]);
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    const initech = stack.ims.provisioning.enterpriseByDomain('initech.example')!;
    expect(initech.pbxAddress).toBe('127.0.0.1:5999');
    expect(initech.pbxCaCertPem).toContain('BEGIN CERTIFICATE');

    const empty = await ims(['trunk', 'status']);
    expect(empty.code).toBe(0);
    expect(empty.stdout).toContain('No PBX is connected');

    const out = join(files, 'initech');
    const issued = await ims(['provision', 'enterprise', 'issue-pbx-cert', 'initech.example', '--out', out]);
    expect(issued.stderr).toBe('');
    expect(issued.code).toBe(0);
    const pbx = await stack.pbx({ certPem: readFileSync(join(out, 'pbx.crt'), 'utf8'), keyPem: readFileSync(join(out, 'pbx.key'), 'utf8') });
    try {
      expect((await pbx.request('OPTIONS', 'sip:initech.example', { from: 'sip:pbx@initech.example', to: 'sip:initech.example' })).status).toBe(200);
      const status = await ims(['trunk', 'status']);
      expect(status.code).toBe(0);
      expect(status.stdout).toContain(`initech.example  Initech  from 127.0.0.1:${pbx.tls.localPort}`);
      expect(status.stdout).toContain('CN=initech.example');
      const json = await ims(['trunk', 'status', '--json']);
      expect(JSON.parse(json.stdout)).toEqual([expect.objectContaining({ enterprise: expect.objectContaining({ domain: 'initech.example' }) })]);
    } finally {
      pbx.close();
    }
  }, 60_000);

  it("issue-pbx-cert for an enterprise whose PBX CA key the emulator does not hold (Globex keeps its own) fails and says why", async () => {
    const r = await ims(['provision', 'enterprise', 'issue-pbx-cert', 'globex.example', '--out', join(files, 'globex')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('does not hold the key');
  }, 30_000);
});
