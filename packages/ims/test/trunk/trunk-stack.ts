// The stack for the SIP trunk stories of issue 7: a real IdP, the emulator's data side and its SIP
// core wired by `startSipCore` (every listener on 127.0.0.1 port 0, the IBCF trunk included), Acme
// with the demo PBX CA of `provisionDemoEnterprise`, and a second trunk enterprise, Globex, whose
// PBX CA this file makes. PBX certificates of every kind the refusal stories need, and a TLS
// connection as a PBX makes it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type TLSSocket } from 'node:tls';
import { createCertificateAuthority, loadCertificateAuthority, type CertificateAuthority, type IssuedCertificate } from '@eims/pki';
import { DAY, SIGN, importSigningKey, keyPem, newKeys, serial, x509 } from '../../../pki/src/key-material.ts';
import { startTestIdp } from '../../../../idp/test/support/test-idp.ts';
import { signInTokens } from '../../../../idp/test/support/oauth-client.ts';
import { startIms, type RunningIms } from '../../src/ims.ts';
import { provisionDemoEnterprise, provisionDemoSubscriber, idpTlsFiles } from '../../src/bss/demo-provisioning.ts';
import { startSipCore } from '../../src/core/start-sip-core.ts';
import { anyFreeSipPorts } from '../../src/config/ims-config.ts';
import type { RunningImsCore } from '../../src/core/ims-core.ts';
import { rawSipClientOn, type RawSipClient } from '../stories/raw-sip-client.ts';

export const DOMAIN = 'ims.mnc001.mcc001.3gppnetwork.org';
export const PASSWORD = 'Acme-demo-1';
export const GLOBEX = { name: 'Globex', domain: 'globex.example', numberRanges: [{ from: '+13125550100', to: '+13125550199' }] } as const;

export interface TrunkStack {
  ims: RunningIms;
  core: RunningImsCore & { stopClients(): void };
  dataDir: string;
  imsDataDir: string;
  acmeCa: CertificateAuthority;
  globexCa: CertificateAuthority;
  /** The carrier CA that issued the IBCF's certificate (what a PBX trusts). */
  carrierCaPem: string;
  token(username: string): Promise<string>;
  /** A TLS connection to the trunk presenting `cert` (or none), wrapped as a raw SIP client. */
  pbx(cert: IssuedCertificate | undefined): Promise<RawSipClient & { tls: TLSSocket }>;
  stop(): Promise<void>;
}

export async function startTrunkStack(): Promise<TrunkStack> {
  // `<dataDir>/ims`, as the CLI expects (`--data-dir <dataDir>`).
  const dataDir = mkdtempSync(join(tmpdir(), 'ims-trunk-test-'));
  const imsDataDir = join(dataDir, 'ims');
  const ims = await startIms({ imsDataDir, sbiPort: 0, consolePort: 0, domain: DOMAIN, log: () => undefined });
  const idp = await startTestIdp({ receivers: [{ url: ims.setReceiverUrl, audience: ims.setReceiverUrl }] });
  const idpOptions = { imsDataDir, idpFiles: idpTlsFiles(idp.dataDir), issuer: idp.issuer, introspectionEndpoint: idp.introspectionUrl, setAudience: ims.setReceiverUrl };
  await provisionDemoEnterprise(ims.provisioning, idpOptions);
  provisionDemoSubscriber(ims.provisioning, DOMAIN);
  const acmeCa = await loadCertificateAuthority(readFileSync(join(imsDataDir, 'tls', 'acme-pbx-ca.crt'), 'utf8'), readFileSync(join(imsDataDir, 'tls', 'acme-pbx-ca.key'), 'utf8'));
  const globexCa = await createCertificateAuthority('CN=Globex PBX CA, O=Globex');
  const acme = ims.provisioning.enterpriseByDomain('acme.example')!;
  const { id: _id, createdAt: _c, updatedAt: _u, ...acmeInput } = acme;
  // Globex uses the same IdP (its tokens are Acme employees' tokens: "a token of another enterprise").
  const added = ims.provisioning.addEnterprise({ ...acmeInput, name: GLOBEX.name, domain: GLOBEX.domain, numberRanges: [...GLOBEX.numberRanges], pbxCaCertPem: globexCa.certPem, pbxAddress: null });
  if (!added.ok) throw new Error(added.error.message);
  const env: Record<string, string> = {
    ...anyFreeSipPorts(),
  };
  const log = process.env['IMS_CORE_LOG'] ? (l: string) => console.log(l) : () => undefined;
  const core = await startSipCore(ims, { imsDataDir, domain: DOMAIN, env, log });
  const trunk = core.trunk!.listeners.tls;
  const open: TLSSocket[] = [];
  return {
    ims, core, dataDir, imsDataDir, acmeCa, globexCa,
    carrierCaPem: ims.caCertPem,
    async token(username) {
      return (await signInTokens(idp.issuer, username, PASSWORD)).access_token;
    },
    async pbx(cert) {
      const socket = await new Promise<TLSSocket>((resolve, reject) => {
        const s = connect({ host: trunk.host, port: trunk.port, ca: ims.caCertPem, servername: 'localhost', ...(cert === undefined ? {} : { cert: cert.certPem, key: cert.keyPem }) }, () => resolve(s));
        s.once('error', reject);
      });
      open.push(socket);
      return Object.assign(rawSipClientOn(socket), { tls: socket });
    },
    async stop() {
      for (const s of open) s.destroy();
      await core.close();
      core.stopClients();
      await idp.stop();
      await ims.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A PBX certificate from `ca`: CN and SAN dNSName `domain`, valid from `notBefore` to `notAfter`. */
export async function pbxCertificate(ca: IssuedCertificate, domain: string, validity: { notBefore?: Date; notAfter?: Date } = {}): Promise<IssuedCertificate> {
  const keys = await newKeys();
  const caCert = new x509.X509Certificate(ca.certPem);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `CN=${domain}, O=PBX`,
    issuer: caCert.subject,
    notBefore: validity.notBefore ?? new Date(Date.now() - DAY),
    notAfter: validity.notAfter ?? new Date(Date.now() + 30 * DAY),
    signingAlgorithm: SIGN,
    publicKey: keys.publicKey,
    signingKey: await importSigningKey(ca.keyPem),
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth, x509.ExtendedKeyUsage.serverAuth], false),
      new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: domain }]),
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: await keyPem(keys.privateKey) };
}
