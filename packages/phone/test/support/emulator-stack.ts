// The real network for the phone's tests: a real IdP (its security events pushed to the emulator's
// SET receiver), the IMS emulator's data side (SBI, EDS, BSS) with Acme provisioned, and its SIP
// core (P-CSCF with SIP over WebSocket, S-CSCF, MMTel AS). Every listener on loopback port 0, all
// data in fresh temporary folders. Only the public API of @eims/ims is used.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { anyFreeSipPorts, idpTlsFiles, provisionDemoEnterprise, provisionDemoSubscriber, startIms, startSipCore, type RunningIms, type RunningImsCore } from '@eims/ims';
import { startTestIdp } from '../../../../idp/test/support/test-idp.ts';

export const HOME_DOMAIN = 'ims.mnc001.mcc001.3gppnetwork.org';
export const IMS_RESOURCE = 'https://ims.mnc001.mcc001.3gppnetwork.org';

export interface EmulatorStack {
  idp: Awaited<ReturnType<typeof startTestIdp>>;
  ims: RunningIms;
  core: RunningImsCore;
  /** The P-CSCF's SIP-over-WebSocket URL (`ws://127.0.0.1:<port>`). */
  wsUrl: string;
  /** Moves the data side's clock (the EDS judges token expiry by it): a phone that slept through a refresh. */
  skewDataSide(ms: number): void;
  stop(): Promise<void>;
}


export async function startEmulatorStack(options: { accessTokenTtl?: number } = {}): Promise<EmulatorStack> {
  const imsDataDir = mkdtempSync(join(tmpdir(), 'phone-ims-'));
  const log = process.env['PHONE_TEST_LOG'] ? (line: string) => console.log(line) : () => undefined;
  let skew = 0;
  const ims = await startIms({ imsDataDir, sbiPort: 0, consolePort: 0, domain: HOME_DOMAIN, log, introspectionTimeoutMs: 15_000, now: () => Date.now() + skew });
  const idp = await startTestIdp({
    receivers: [{ url: ims.setReceiverUrl, audience: ims.setReceiverUrl }],
    ...(options.accessTokenTtl === undefined ? {} : { accessTokenTtl: options.accessTokenTtl }),
  });
  await provisionDemoEnterprise(ims.provisioning, {
    imsDataDir,
    idpFiles: idpTlsFiles(idp.dataDir),
    issuer: idp.issuer,
    introspectionEndpoint: idp.introspectionUrl,
    setAudience: ims.setReceiverUrl,
  });
  provisionDemoSubscriber(ims.provisioning, HOME_DOMAIN);
  const core = await startSipCore(ims, { imsDataDir, domain: HOME_DOMAIN, host: '127.0.0.1', env: anyFreeSipPorts(), log });
  let stopped: Promise<void> | undefined;
  return {
    idp,
    ims,
    core,
    wsUrl: core.listeners.ws,
    skewDataSide(ms) {
      skew = ms;
    },
    stop() {
      stopped ??= (async () => {
        await core.close();
        core.stopClients();
        await idp.stop();
        await ims.close();
        rmSync(imsDataDir, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}
