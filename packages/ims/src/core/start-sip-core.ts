// Wires the SIP core to a running data side (`startIms`): IF1 and IF2 clients over the SBI, the
// CDR store, the P-CSCF listeners of DESIGN.md (ws 5066, tcp 5060, tls 5061; wss 5067) and the internal
// links (P-CSCF core side 6050, S-CSCF 6060, MMTel AS 6070), the IBCF's interconnect listener
// (5070) and SIP trunk (TLS 5071, IMS_IBCF_TRUNK_PORT), each overridable by environment variable; and STIR/SHAKEN in the MMTel AS (`IMS_STIR`).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningIms } from '../ims.ts';
import { If1Client } from '../eds/if1-client.ts';
import { If3Client } from '../eds/if3-client.ts';
import { loadImsConfig } from '../config/ims-config.ts';
import { ensureSbiTls } from '../sbi/sbi-tls.ts';
import { readTrustAnchorFiles } from '../stir/trust-anchor-files.ts';
import { edsIf1Port } from './eds-if1-port.ts';
import { mmtelAsServices, type StirMaterial } from '../mmtel-as/mmtel-as-services.ts';
import { startMmtelAsThread, type AsHandle } from '../mmtel-as/mmtel-as-thread.ts';
import type { PcscfOptions } from '../pcscf/pcscf.ts';
import { startPcscfThread, type PcscfHandle } from '../pcscf/pcscf-thread.ts';
import { startImsCore, type AsStartOptions, type RunningImsCore } from './ims-core.ts';

type Env = Record<string, string | undefined>;

export interface SipCoreConfig {
  /**
   * The P-CSCF and the MMTel AS each in a worker thread of its own (`npm start`, the benchmarks):
   * a core each for their SIP work. Without it every function runs in this thread.
   */
  readonly threads?: boolean;
  /** With `threads`: a function's thread ended without being closed (the function is gone). */
  readonly onThreadCrash?: (error: Error) => void;
  readonly imsDataDir: string;
  readonly domain: string;
  readonly host?: string;
  readonly env?: Env;
  readonly log?: (line: string) => void;
}

/** The SIP core as `startSipCore` starts it (its P-CSCF and MMTel AS possibly in threads of their own). */
export type RunningSipCore = RunningImsCore<PcscfHandle, AsHandle> & { stopClients(): void };

/**
 * @example
 * const ims = await startIms({...});
 * const core = await startSipCore(ims, { imsDataDir: config.imsDataDir, domain: config.domain });
 * for (const line of describeListeners(core)) console.log(line);
 */
export function startSipCore(ims: RunningIms, config: SipCoreConfig & { threads: true }): Promise<RunningSipCore>;
/** Every function in this thread: the P-CSCF's and the AS's own objects for tests. */
export function startSipCore(ims: RunningIms, config: SipCoreConfig & { threads?: false }): Promise<RunningImsCore & { stopClients(): void }>;
export async function startSipCore(ims: RunningIms, config: SipCoreConfig): Promise<RunningSipCore> {
  const env = config.env ?? process.env;
  const tls = await ensureSbiTls(config.imsDataDir);
  const sbi = { sbiUrl: ims.sbiUrl, caCertPem: ims.caCertPem, apiKey: ims.operatorApiKey };
  const if1Client = new If1Client(sbi);
  const if3 = new If3Client(sbi);
  const log = config.log ?? ((line: string) => console.log(line));
  const settings = loadImsConfig(env);
  let stir: StirMaterial | undefined;
  if (settings.stir) {
    const anchors = readTrustAnchorFiles(ims.sti.dir, settings.stiTrustAnchorFiles);
    stir = { keyPem: ims.sti.keyPem, x5u: ims.sti.x5u, trustAnchorPems: [ims.sti.rootCertPem, ...anchors.map((a) => a.pem)] };
    if (anchors.length > 0) log(`STIR: trusting the STI-CA roots in ${anchors.map((a) => a.file).join(', ')} besides our own`);
  }
  const onCrash = config.onThreadCrash ?? ((error: Error) => log(error.message));
  // The AS in this thread: its IF2 client, port and STIR service here (in its thread it makes its own).
  const asServices = config.threads ? undefined : mmtelAsServices(sbi, stir, log);
  const functions =
    asServices === undefined
      ? {
          startPcscf: (options: PcscfOptions) => startPcscfThread({ ...options, onCrash }),
          startAs: (options: AsStartOptions) => startMmtelAsThread({ ...options, sbi, ...(stir === undefined ? {} : { stir }), cdrs: ims.cdrs, onCrash }),
          ...(stir === undefined ? {} : { stirX5u: stir.x5u }),
        }
      : { if2: asServices.if2, cdrs: ims.cdrs, ...(asServices.stir === undefined ? {} : { stir: asServices.stir }) };
  const if1 = edsIf1Port({
    client: if1Client,
    enterpriseIssuer: (domain) => ims.provisioning.enterpriseByDomain(domain)?.idpIssuer,
    realm: config.domain,
    onError: (e) => log(`scscf: IF1 event stream: ${e.message}`),
  });
  const core = await startImsCore<PcscfHandle, AsHandle>({
    ...(config.host === undefined ? {} : { host: config.host }),
    ...functions,
    domain: config.domain,
    if1,
    interconnectPort: port(env, 'IMS_IBCF_INTERCONNECT_PORT', 5070),
    trunk: {
      port: port(env, 'IMS_IBCF_TRUNK_PORT', 5071),
      tls: { cert: tls.serverCertPem, key: tls.serverKeyPem },
      if3,
      pbxAddress: (domain) => ims.provisioning.enterpriseByDomain(domain)?.pbxAddress ?? undefined,
      trunkDomainOf: (e164) => {
        const enterprise = ims.provisioning.enterpriseByNumber(e164);
        return enterprise?.pbxCaCertPem ? enterprise.domain : undefined;
      },
    },
    wsPort: port(env, 'IMS_SIP_WS_PORT', 5066),
    tcpPort: port(env, 'IMS_SIP_TCP_PORT', 5060),
    tlsPort: port(env, 'IMS_SIP_TLS_PORT', 5061),
    wssPort: port(env, 'IMS_SIP_WSS_PORT', 5067),
    // The carrier's demo certificate (the SBI's, issued by `<imsDataDir>/tls/ca.crt`).
    tls: { server: { cert: tls.serverCertPem, key: tls.serverKeyPem } },
    pcscfCorePort: port(env, 'IMS_PCSCF_CORE_PORT', 6050),
    scscfPort: port(env, 'IMS_SCSCF_PORT', 6060),
    asPort: port(env, 'IMS_AS_PORT', 6070),
    digestSecret: digestSecret(config.imsDataDir),
    log,
  });
  return Object.assign(core, {
    stopClients() {
      if1.close();
      if1Client.close();
      asServices?.close();
      if3.close();
    },
  });
}

/** One line per listener, for `npm start`. */
export function describeListeners(core: RunningSipCore): string[] {
  const l = core.listeners;
  const stir = core.stir;
  return [
    `P-CSCF, SIP over WebSocket (RFC 7118): ${l.ws}`,
    `P-CSCF, SIP over TCP: ${l.tcp}`,
    ...(l.tls === undefined ? ['P-CSCF, SIP over TLS and WSS: not started (no certificate configured)'] : [`P-CSCF, SIP over TLS: ${l.tls}`, `P-CSCF, SIP over secure WebSocket: ${l.wss ?? ''}`]),
    `S-CSCF (internal, SIP/TCP): ${l.scscf}`,
    `MMTel AS (internal, SIP/TCP): ${l.as}`,
    l.interconnect === undefined ? 'IBCF, interconnect with peer networks: not started (port in use)' : `IBCF, interconnect with peer networks (SIP/TCP): ${l.interconnect}`,
    l.trunk === undefined ? 'IBCF, SIP trunk for enterprise PBXs: not started (port in use)' : `IBCF, SIP trunk for enterprise PBXs (TLS, client certificate required): ${l.trunk}`,
    stir === undefined
      ? 'STIR/SHAKEN: off (IMS_STIR=off): calls are neither signed nor verified'
      : `STIR/SHAKEN: on; STI certificate chain (x5u): ${stir.x5u}`,
  ];
}

/** The Digest nonce key, kept so nonces issued before a restart stay valid. */
function digestSecret(imsDataDir: string): Buffer {
  const file = join(imsDataDir, 'digest-nonce.key');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  mkdirSync(imsDataDir, { recursive: true });
  const secret = randomBytes(32);
  writeFileSync(file, secret.toString('base64'), { mode: 0o600 });
  return secret;
}

function port(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) throw new TypeError(`${name} must be a port number (0-65535), got "${raw}".`);
  return value;
}
