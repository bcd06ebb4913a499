// The whole stack with STIR/SHAKEN for the stories of issue 6: a real IdP, the emulator's data side
// and its SIP core started through `startSipCore` (the `npm start` wiring: STI material, x5u on the
// console listener, IBCF interconnect, IMS_STIR), every listener on 127.0.0.1 port 0; plus a peer
// network with its own STI-CA (trusted through IMS_STI_TRUST_ANCHORS) and its own x5u server.
import { randomUUID, createPrivateKey, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIdentityHeader, computeRcdi, createStiCa, issueStiCertificate, signPassport, type Rcd, type StiCa, type StiCertificate } from '@eims/stir';
import { startTestIdp } from '../../../../idp/test/support/test-idp.ts';
import { signInTokens } from '../../../../idp/test/support/oauth-client.ts';
import { startStiRepository, type StiRepository } from '../../../stir/test/support/sti-repository.ts';
import { startIms, type RunningIms } from '../../src/ims.ts';
import { provisionDemoEnterprise, provisionDemoSubscriber, idpTlsFiles } from '../../src/bss/demo-provisioning.ts';
import { startSipCore } from '../../src/core/start-sip-core.ts';
import { anyFreeSipPorts } from '../../src/config/ims-config.ts';
import type { RunningImsCore } from '../../src/core/ims-core.ts';

export const DOMAIN = 'ims.mnc001.mcc001.3gppnetwork.org';
export const PASSWORD = 'Acme-demo-1';

/** A peer carrier: its STI-CA, its STI certificate (SPC 42PZ) and the x5u serving its chain. */
export interface PeerNetwork {
  ca: StiCa;
  certificate: StiCertificate;
  key: KeyObject;
  repo: StiRepository;
  x5u: string;
  /** An Identity header as the peer's STI-AS would sign it (fresh iat, attestation A). */
  identity(claims: { orig: string; dest: string; rcd?: Rcd; key?: KeyObject | string; x5u?: string; iat?: number }): string;
}

export interface StirStack {
  ims: RunningIms;
  core: RunningImsCore & { stopClients(): void };
  idp: Awaited<ReturnType<typeof startTestIdp>>;
  imsDataDir: string;
  /** A carrier whose STI-CA root is configured as a trust anchor. */
  trustedPeer: PeerNetwork;
  /** A carrier nobody configured: its signatures chain to an unknown root. */
  untrustedPeer: PeerNetwork;
  token(username: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * A peer carrier for interconnect stories (also usable by e2e tests against `npm start`: put
 * `peer.ca.root.certPem` in `<DATA_DIR>/ims/sti/trusted/` or IMS_STI_TRUST_ANCHORS before start,
 * then send an INVITE with `Identity: ${peer.identity({ orig, dest })}` to 127.0.0.1:5070 over TCP).
 * @example const peer = await startPeerNetwork('Peer Carrier STI-CA', '42PZ');
 */
export async function startPeerNetwork(name: string, spc: string): Promise<PeerNetwork> {
  const ca = await createStiCa({ name });
  const certificate = await issueStiCertificate(ca, { spc, organization: name });
  const repo = await startStiRepository({ '/sti/peer.pem': { body: certificate.chainPem, cacheControl: 'max-age=3600' } });
  const key = createPrivateKey(certificate.keyPem);
  const x5u = repo.url('/sti/peer.pem');
  return {
    ca, certificate, key, repo, x5u,
    identity(c) {
      const rcd = c.rcd;
      const jws = signPassport({
        orig: c.orig, dest: c.dest, attest: 'A', origid: randomUUID(), iat: c.iat ?? Math.floor(Date.now() / 1000), x5u: c.x5u ?? x5u, key: c.key ?? key,
        ...(rcd === undefined ? {} : { rcd, rcdi: computeRcdi(rcd) }),
      });
      return buildIdentityHeader(jws, { info: c.x5u ?? x5u });
    },
  };
}

export async function startStirStack(options: { stir?: 'on' | 'off' } = {}): Promise<StirStack> {
  const imsDataDir = mkdtempSync(join(tmpdir(), 'ims-stir-test-'));
  const ims = await startIms({ imsDataDir, sbiPort: 0, consolePort: 0, domain: DOMAIN, log: () => undefined });
  const idp = await startTestIdp({ receivers: [{ url: ims.setReceiverUrl, audience: ims.setReceiverUrl }] });
  await provisionDemoEnterprise(ims.provisioning, {
    imsDataDir,
    idpFiles: idpTlsFiles(idp.dataDir),
    issuer: idp.issuer,
    introspectionEndpoint: idp.introspectionUrl,
    setAudience: ims.setReceiverUrl,
  });
  provisionDemoSubscriber(ims.provisioning, DOMAIN);
  const trustedPeer = await startPeerNetwork('Peer Carrier STI-CA', '42PZ');
  const untrustedPeer = await startPeerNetwork('Rogue STI-CA', '42PZ');
  const anchorFile = join(imsDataDir, 'peer-sti-root.pem');
  writeFileSync(anchorFile, trustedPeer.ca.root.certPem);
  const env: Record<string, string> = {
    ...anyFreeSipPorts(),
    IMS_STIR: options.stir ?? 'on',
    IMS_STI_TRUST_ANCHORS: anchorFile,
  };
  const log = process.env['IMS_CORE_LOG'] ? (l: string) => console.log(l) : () => undefined;
  const core = await startSipCore(ims, { imsDataDir, domain: DOMAIN, env, log });
  return {
    ims, core, idp, imsDataDir, trustedPeer, untrustedPeer,
    async token(username) {
      return (await signInTokens(idp.issuer, username, PASSWORD)).access_token;
    },
    async stop() {
      await core.close();
      core.stopClients();
      await idp.stop();
      await ims.close();
      await trustedPeer.repo.close();
      await untrustedPeer.repo.close();
      rmSync(imsDataDir, { recursive: true, force: true });
    },
  };
}
