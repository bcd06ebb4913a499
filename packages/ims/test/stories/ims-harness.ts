// The whole stack for story tests: a real IdP, the emulator's data side (SBI, EDS, BSS, billing)
// and its SIP core, every listener on 127.0.0.1 port 0, data in fresh temporary folders.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestIdp } from '../../../../idp/test/support/test-idp.ts';
import { signInTokens } from '../../../../idp/test/support/oauth-client.ts';
import { startIms, type RunningIms } from '../../src/ims.ts';
import { If1Client } from '../../src/eds/if1-client.ts';
import { If2Client } from '../../src/eds/if2-client.ts';
import { edsIf2Port } from '../../src/core/eds-if2-port.ts';
import { provisionDemoEnterprise, provisionDemoSubscriber, idpTlsFiles } from '../../src/bss/demo-provisioning.ts';
import { edsIf1Port } from '../../src/core/eds-if1-port.ts';
import { startImsCore, type RunningImsCore } from '../../src/core/ims-core.ts';
import { ensureSbiTls } from '../../src/sbi/sbi-tls.ts';

export const DOMAIN = 'ims.mnc001.mcc001.3gppnetwork.org';
export const PASSWORD = 'Acme-demo-1';

export interface Stack {
  /** PEM of the CA that issued the P-CSCF's TLS certificate. */
  caCertPem: string;
  idp: Awaited<ReturnType<typeof startTestIdp>>;
  ims: RunningIms;
  core: RunningImsCore;
  imsDataDir: string;
  token(username: string): Promise<string>;
  /** Moves the data side's clock (the EDS judges token expiry by it). */
  skewClock(ms: number): void;
  /** Restart the SIP core only (the data side keeps running): what `kill -9` + restart leaves. */
  restartCore(): Promise<RunningImsCore>;
  stop(): Promise<void>;
}

export async function startStack(options: { withEnterprise?: boolean; accessTokenTtl?: number } = {}): Promise<Stack> {
  const imsDataDir = mkdtempSync(join(tmpdir(), 'ims-core-test-'));
  let skew = 0;
  const ims = await startIms({ imsDataDir, sbiPort: 0, consolePort: 0, domain: DOMAIN, log: () => undefined, now: () => Date.now() + skew, introspectionTimeoutMs: 15_000 });
  const idp = await startTestIdp({ receivers: [{ url: ims.setReceiverUrl, audience: ims.setReceiverUrl }], ...(options.accessTokenTtl === undefined ? {} : { accessTokenTtl: options.accessTokenTtl }) });
  if (options.withEnterprise !== false) {
    await provisionDemoEnterprise(ims.provisioning, {
      imsDataDir,
      idpFiles: idpTlsFiles(idp.dataDir),
      issuer: idp.issuer,
      introspectionEndpoint: idp.introspectionUrl,
      setAudience: ims.setReceiverUrl,
    });
  }
  provisionDemoSubscriber(ims.provisioning, DOMAIN);
  // Generous SBI timeouts: the suites share two cores with everything else running.
  const sbi = { sbiUrl: ims.sbiUrl, caCertPem: ims.caCertPem, apiKey: ims.operatorApiKey, timeoutMs: 20_000 };
  const clients: { close(): void }[] = [];
  // SIP over TLS on the P-CSCF with the carrier's demo certificate (the SBI's).
  const tls = await ensureSbiTls(imsDataDir);
  const startCore = (): Promise<RunningImsCore> => {
    const if1Client = new If1Client(sbi);
    const if2Client = new If2Client(sbi);
    const if2 = edsIf2Port({ client: if2Client });
    const if1 = edsIf1Port({ client: if1Client, enterpriseIssuer: (d) => ims.provisioning.enterpriseByDomain(d)?.idpIssuer, realm: DOMAIN });
    clients.push(if1, if1Client, if2, if2Client);
    return startImsCore({ domain: DOMAIN, if1, if2, cdrs: ims.cdrs, wsPort: 0, tcpPort: 0, tlsPort: 0, wssPort: 0, ...(process.env['IMS_CORE_LOG'] ? { log: (l: string) => console.log(l) } : {}), tls: { server: { cert: tls.serverCertPem, key: tls.serverKeyPem } }, pcscfCorePort: 0, scscfPort: 0, asPort: 0, firstMessageTimeoutMs: 500, digestSecret: Buffer.alloc(32, 7) });
  };
  const stack: Stack = {
    caCertPem: ims.caCertPem,
    idp,
    ims,
    core: await startCore(),
    imsDataDir,
    skewClock(ms) {
      skew = ms;
    },
    async token(username) {
      return (await signInTokens(idp.issuer, username, PASSWORD)).access_token;
    },
    async restartCore() {
      await stack.core.close();
      stack.core = await startCore();
      return stack.core;
    },
    async stop() {
      await stack.core.close();
      for (const c of clients) c.close();
      await idp.stop();
      await ims.close();
      rmSync(imsDataDir, { recursive: true, force: true });
    },
  };
  return stack;
}
