// Test fixtures: a real emulator (SBI + console on loopback port 0) in a temporary folder, real
// IdPs, and Acme provisioned from an IdP's TLS files.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startIdp, type IdpOptions, type RunningIdp } from '@eims/idp';
import { startIms, type ImsOptions, type RunningIms } from '../../src/ims.ts';
import type { Enterprise, NumberRange } from '../../src/bss/enterprise.ts';
import { If1Client } from '../../src/eds/if1-client.ts';
import { If2Client } from '../../src/eds/if2-client.ts';

export const IMS_RESOURCE = 'https://ims.mnc001.mcc001.3gppnetwork.org';
export const DEMO_PASSWORD = 'Acme-demo-1';
const IDP_CONFIG_DIR = new URL('../../../../idp/config/', import.meta.url).pathname;

export type TestIms = RunningIms & { dataDir: string; if1(): If1Client; if2(): If2Client; stop(): Promise<void> };

export async function startTestIms(options: Partial<ImsOptions> & { dataDir?: string } = {}): Promise<TestIms> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'ims-test-'));
  const ims = await startIms({ sbiPort: 0, consolePort: 0, log: () => undefined, ...options, imsDataDir: join(dataDir, 'ims') });
  const clients: { close(): void }[] = [];
  const options_ = { sbiUrl: ims.sbiUrl, caCertPem: ims.caCertPem, apiKey: ims.operatorApiKey };
  return Object.assign(ims, {
    dataDir,
    if1() {
      const c = new If1Client(options_);
      clients.push(c);
      return c;
    },
    if2() {
      const c = new If2Client(options_);
      clients.push(c);
      return c;
    },
    async stop() {
      for (const c of clients) c.close();
      await ims.close();
      if (options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

export type TestIdp = RunningIdp & { dataDir: string; stop(): Promise<void> };

/** A real IdP; `domain` gives it another enterprise (its own config folder). */
export async function startTestIdp(options: Partial<IdpOptions> & { domain?: string; name?: string } = {}): Promise<TestIdp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ims-idp-'));
  let configDir: string | undefined;
  if (options.domain) {
    configDir = join(dataDir, 'config');
    cpSync(IDP_CONFIG_DIR, configDir, { recursive: true });
    const file = join(configDir, 'enterprise.json');
    const enterprise = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify({ ...enterprise, domain: options.domain, name: options.name ?? 'Globex' }));
  }
  const { domain: _d, name: _n, ...rest } = options;
  const idp = await startIdp({ port: 0, mtlsPort: 0, log: () => undefined, ...rest, ...(configDir ? { configDir } : {}), dataDir: join(dataDir, 'idp') });
  return Object.assign(idp, {
    dataDir,
    async stop() {
      await idp.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

/** Provisions the IdP's enterprise at the emulator's BSS store (Acme's defaults). */
export function provisionFromIdp(ims: RunningIms, idp: RunningIdp, overrides: { domain?: string; name?: string; numberRanges?: NumberRange[]; setAudience?: string | null } = {}): Enterprise {
  const result = ims.provisioning.addEnterprise({
    name: overrides.name ?? 'Acme Corp',
    domain: overrides.domain ?? 'acme.example',
    pbxCaCertPem: null,
    numberRanges: overrides.numberRanges ?? [{ from: '+12025550100', to: '+12025550199' }],
    idpIssuer: idp.issuer,
    introspectionEndpoint: idp.introspectionUrl,
    if4ClientCertPem: idp.tls.edsCertPem,
    if4ClientKeyPem: idp.tls.edsKeyPem,
    idpCaCertPem: idp.tls.caCertPem,
    setAudience: overrides.setAudience ?? null,
  });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

export function employeeId(idp: RunningIdp, username: string): string {
  const employee = idp.directory.list().find((e) => e.username === username);
  if (!employee) throw new Error(`no employee ${username}`);
  return employee.id;
}
