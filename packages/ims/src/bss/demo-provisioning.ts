// The demo data provisioned on first start: Acme Corp (from the IdP's TLS files) and the plain
// subscriber dave. Nothing per employee: Acme's employees live in its IdP.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDemoPbxCa } from './pbx-certificates.ts';
import type { ProvisioningStore } from './provisioning-store.ts';

export const DEMO_ENTERPRISE = { name: 'Acme Corp', domain: 'acme.example', numberRanges: [{ from: '+12025550100', to: '+12025550199' }] } as const;
export const DEMO_SUBSCRIBER = { user: 'dave', e164: '+12025550999', password: 'Dave-demo-1' } as const;

export interface IdpFiles {
  caCert: string;
  edsCert: string;
  edsKey: string;
}

export function idpTlsFiles(idpDataDir: string): IdpFiles {
  const dir = join(idpDataDir, 'tls');
  return { caCert: join(dir, 'ca.crt'), edsCert: join(dir, 'eds-client.crt'), edsKey: join(dir, 'eds-client.key') };
}

/** Provisions Acme Corp unless its domain is already provisioned; returns whether it did. */
export async function provisionDemoEnterprise(
  store: ProvisioningStore,
  options: { imsDataDir: string; idpFiles: IdpFiles; issuer: string; introspectionEndpoint: string; setAudience?: string | null },
): Promise<boolean> {
  if (store.enterpriseByDomain(DEMO_ENTERPRISE.domain)) return false;
  const read = (f: string): string => readFileSync(f, 'utf8');
  const result = store.addEnterprise({
    name: DEMO_ENTERPRISE.name,
    domain: DEMO_ENTERPRISE.domain,
    // Acme's (simulated) PBX CA, named `acme-pbx-ca` since the first emulators: data folders made then keep it.
    pbxCaCertPem: await ensureDemoPbxCa(options.imsDataDir, DEMO_ENTERPRISE.domain, DEMO_ENTERPRISE.name, { cert: join(options.imsDataDir, 'tls', 'acme-pbx-ca.crt'), key: join(options.imsDataDir, 'tls', 'acme-pbx-ca.key') }),
    pbxAddress: null,
    numberRanges: [...DEMO_ENTERPRISE.numberRanges],
    idpIssuer: options.issuer.replace(/\/+$/, ''),
    introspectionEndpoint: options.introspectionEndpoint,
    if4ClientCertPem: read(options.idpFiles.edsCert),
    if4ClientKeyPem: read(options.idpFiles.edsKey),
    idpCaCertPem: read(options.idpFiles.caCert),
    setAudience: options.setAudience ?? null,
  });
  if (!result.ok) throw new Error(`Provisioning the demo enterprise failed: ${result.error.message}`);
  return true;
}

/** Provisions dave unless present; returns whether it did. */
export function provisionDemoSubscriber(store: ProvisioningStore, domain: string, password: string = DEMO_SUBSCRIBER.password): boolean {
  const impu = `sip:${DEMO_SUBSCRIBER.user}@${domain}`;
  if (store.subscriber(impu)) return false;
  const result = store.addSubscriber({ impu, e164: DEMO_SUBSCRIBER.e164, digestUsername: DEMO_SUBSCRIBER.user, password });
  if (!result.ok) throw new Error(`Provisioning the demo subscriber failed: ${result.error.message}`);
  return true;
}
