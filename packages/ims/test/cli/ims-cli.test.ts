// The `ims` command as an operator uses it: a separate process talking to the running emulator's
// BSS API (provisioning) or reading its SQLite file (CDRs).
import { createCertificateAuthority } from '@eims/pki';
import { openDatabase } from '@eims/store';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleCdr } from '../billing/sample-cdr.ts';
import { startTestIms, type TestIms } from '../support/ims-fixture.ts';

const BIN = new URL('../../bin/ims.mjs', import.meta.url).pathname;

function ims(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, IMS_OPERATOR_API_KEY: '', ...env }, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('ims CLI', () => {
  let emulator: TestIms;
  let files: string;

  beforeAll(async () => {
    emulator = await startTestIms();
    files = mkdtempSync(join(tmpdir(), 'ims-cli-'));
    const ca = await createCertificateAuthority('CN=Globex IdP CA');
    const client = await ca.issueClient('CN=eds, O=Globex');
    writeFileSync(join(files, 'eds.crt'), client.certPem);
    writeFileSync(join(files, 'eds.key'), client.keyPem);
    writeFileSync(join(files, 'ca.crt'), ca.certPem);
  });
  afterAll(async () => {
    await emulator?.stop();
    rmSync(files, { recursive: true, force: true });
  });

  it('ims --help documents every command', async () => {
    const { code, stdout } = await ims(['--help']);
    expect(code).toBe(0);
    for (const text of ['ims provision enterprise add', 'ims provision subscriber add', 'ims cdr export', 'ims cdr verify', '--api-key', '--data-dir']) expect(stdout).toContain(text);
  });

  it('adds an enterprise with "ims provision enterprise add", then lists it; an overlap is refused with the reason', async () => {
    const common = ['--data-dir', emulator.dataDir, '--sbi-url', emulator.sbiUrl];
    const add = await ims([
      'provision', 'enterprise', 'add', ...common,
      '--name', 'Globex', '--domain', 'globex.example', '--range', '+13125550100-+13125550199',
      '--issuer', 'https://login.globex.example', '--introspection', 'https://login.globex.example/token/introspection',
      '--if4-cert', join(files, 'eds.crt'), '--if4-key', join(files, 'eds.key'), '--idp-ca', join(files, 'ca.crt'),
    ]);
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    expect(add.stdout).toMatch(/Provisioned Globex {2}globex\.example {2}\+13125550100-\+13125550199/);
    const list = await ims(['provision', 'enterprise', 'list', ...common]);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('globex.example');
    const overlap = await ims([
      'provision', 'enterprise', 'add', ...common,
      '--name', 'Initech', '--domain', 'initech.example', '--range', '+13125550150',
      '--issuer', 'https://login.initech.example', '--introspection', 'https://login.initech.example/introspect',
      '--if4-cert', join(files, 'eds.crt'), '--if4-key', join(files, 'eds.key'), '--idp-ca', join(files, 'ca.crt'),
    ]);
    expect(overlap.code).toBe(1);
    expect(overlap.stderr).toMatch(/409 number_conflict.*Globex/);
  });

  it('says what to do when the emulator is not running, and exits 2 on usage errors', async () => {
    const down = await ims(['provision', 'enterprise', 'list', '--data-dir', emulator.dataDir, '--sbi-url', 'https://localhost:1']);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/Is the emulator running\?/);
    const nowhere = await ims(['provision', 'enterprise', 'list', '--data-dir', files]);
    expect(nowhere.stderr).toMatch(/start the emulator first/);
    const typo = await ims(['provision', 'enterprise', 'list', '--colour', 'blue']);
    expect(typo.code).toBe(2);
  });

  it('ims cdr export writes CSV and JSON; ims cdr verify exits 0, then 1 with the seq once a record is changed', async () => {
    for (let i = 0; i < 3; i++) emulator.cdrs.append(sampleCdr(i));
    const csv = await ims(['cdr', 'export', '--data-dir', emulator.dataDir]);
    expect(csv.code).toBe(0);
    expect(csv.stdout.split('\r\n')[0]).toMatch(/^seq,callId,/);
    const out = join(files, 'cdrs.json');
    expect((await ims(['cdr', 'export', '--format', 'json', '--out', out, '--data-dir', emulator.dataDir])).code).toBe(0);
    expect((JSON.parse(readFileSync(out, 'utf8')) as unknown[]).length).toBe(3);
    const ok = await ims(['cdr', 'verify', '--data-dir', emulator.dataDir]);
    expect([ok.code, ok.stdout]).toEqual([0, expect.stringContaining('3 record(s)')]);

    const raw = openDatabase(join(emulator.dataDir, 'ims', 'ims.sqlite'));
    raw.exec("DROP TRIGGER cdrs_no_update; UPDATE cdrs SET called_party = 'tel:+19005550000' WHERE seq = 2");
    raw.close();
    const broken = await ims(['cdr', 'verify', '--data-dir', emulator.dataDir]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/record 2 \(changed\)/);
  });
});
