// The STI certificate repository (STI-CR, ATIS-1000074) of the emulator: the demo STI-CA and the
// carrier's certificate with TNAuthList (RFC 8226) made on first start in <imsDataDir>/sti/, kept
// across restarts, and the chain served at the x5u URL on the console listener.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStiCa, createTrustAnchors, createX5uFetcher, parseCredential } from '@eims/stir';
import { startIms, type RunningIms } from '../../src/ims.ts';
import { ensureStiMaterial, STI_FILES } from '../../src/stir/sti-material.ts';
import { readTrustAnchorFiles } from '../../src/stir/trust-anchor-files.ts';
import { loadImsConfig } from '../../src/config/ims-config.ts';

const dirs: string[] = [];
const running: RunningIms[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'ims-sti-'));
  dirs.push(d);
  return d;
}
afterEach(async () => {
  for (const ims of running.splice(0)) await ims.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('the x5u URL on the console listener', () => {
  it('serves the carrier\'s chain (leaf with TNAuthList SPC, then intermediate) as application/pem-certificate-chain with max-age; it chains to the STI-CA root in <imsDataDir>/sti/', async () => {
    const imsDataDir = tempDir();
    const ims = await startIms({ imsDataDir, sbiPort: 0, consolePort: 0, log: () => undefined, stiSpc: '123Q' });
    running.push(ims);
    expect(ims.sti.x5u).toBe(`${ims.consoleUrl}/sti/carrier.pem`);
    const res = await fetch(ims.sti.x5u);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pem-certificate-chain');
    expect(res.headers.get('cache-control')).toBe('max-age=3600');
    const body = await res.text();
    expect(body).toBe(readFileSync(join(imsDataDir, 'sti', STI_FILES.carrierChain), 'utf8'));
    const credential = parseCredential(body, ims.sti.x5u);
    expect(credential.ok).toBe(true);
    if (!credential.ok) return;
    expect(credential.value.chain).toHaveLength(2);
    expect(credential.value.tnAuthList).toEqual([{ spc: '123Q' }]);
    expect(createTrustAnchors(readFileSync(join(imsDataDir, 'sti', STI_FILES.rootCert), 'utf8')).verdict(credential.value)).toMatchObject({ ok: true });
    // What a verifier does: the cached fetcher gets it over loopback by the very URL.
    const fetched = await createX5uFetcher().get(ims.sti.x5u);
    expect(fetched.ok).toBe(true);
  });

  it('answers 404 for another name and 405 for a write', async () => {
    const ims = await startIms({ imsDataDir: tempDir(), sbiPort: 0, consolePort: 0, log: () => undefined });
    running.push(ims);
    expect((await fetch(`${ims.consoleUrl}/sti/other.pem`)).status).toBe(404);
    expect((await fetch(`${ims.consoleUrl}/sti/../tls/ca.key`)).status).toBe(404);
    expect((await fetch(ims.sti.x5u, { method: 'POST', body: 'x' })).status).toBe(405);
  });
});

describe('STI material in <imsDataDir>/sti/', () => {
  it('is made once and kept: a restart serves the same chain with the same key; the keys are private (0600)', async () => {
    const dir = tempDir();
    const first = await ensureStiMaterial(dir, { spc: '709J' });
    const again = await ensureStiMaterial(dir, { spc: '709J' });
    expect(again).toEqual(first);
    const credential = parseCredential(first.chainPem, 'http://x/');
    expect(credential.ok && credential.value.tnAuthList).toEqual([{ spc: '709J' }]);
    const { statSync } = await import('node:fs');
    expect(statSync(join(dir, 'sti', STI_FILES.carrierKey)).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'sti', STI_FILES.rootKey)).mode & 0o777).toBe(0o600);
  });

  it('a new service provider code re-issues the carrier certificate under the same STI-CA', async () => {
    const dir = tempDir();
    const first = await ensureStiMaterial(dir, { spc: '709J' });
    const second = await ensureStiMaterial(dir, { spc: '555X' });
    expect(second.rootCertPem).toBe(first.rootCertPem);
    expect(second.chainPem).not.toBe(first.chainPem);
    const credential = parseCredential(second.chainPem, 'http://x/');
    expect(credential.ok && credential.value.tnAuthList).toEqual([{ spc: '555X' }]);
  });
});

describe('trust anchors for other carriers (configuration)', () => {
  it('reads IMS_STI_TRUST_ANCHORS files and every .pem/.crt in <imsDataDir>/sti/trusted/', async () => {
    const dir = tempDir();
    await ensureStiMaterial(dir, { spc: '709J' });
    const a = await createStiCa({ name: 'Peer A' });
    const b = await createStiCa({ name: 'Peer B' });
    const file = join(dir, 'peer-a.pem');
    writeFileSync(file, a.root.certPem);
    mkdirSync(join(dir, 'sti', 'trusted'), { recursive: true });
    writeFileSync(join(dir, 'sti', 'trusted', 'peer-b.crt'), b.root.certPem);
    writeFileSync(join(dir, 'sti', 'trusted', 'README.txt'), 'not a certificate');
    const anchors = readTrustAnchorFiles(join(dir, 'sti'), loadImsConfig({ IMS_STI_TRUST_ANCHORS: file }).stiTrustAnchorFiles);
    expect(anchors.map((x) => x.pem)).toEqual([a.root.certPem, b.root.certPem]);
  });

  it('a named file that does not exist stops the start with a message naming it', () => {
    expect(() => readTrustAnchorFiles(tempDir(), ['/nonexistent/peer.pem'])).toThrow(/IMS_STI_TRUST_ANCHORS names \/nonexistent\/peer\.pem/);
  });
});

describe('configuration (src/config/ims-config.ts)', () => {
  it('IMS_STIR is on by default, "off" turns it off, anything else is refused; the interconnect port defaults to 5070', () => {
    expect(loadImsConfig({}).stir).toBe(true);
    expect(loadImsConfig({ IMS_STIR: 'off' }).stir).toBe(false);
    expect(loadImsConfig({ IMS_STIR: 'ON' }).stir).toBe(true);
    expect(() => loadImsConfig({ IMS_STIR: 'maybe' })).toThrow(/IMS_STIR must be "on" or "off"/);
    expect(loadImsConfig({}).ibcfInterconnectPort).toBe(5070);
    expect(loadImsConfig({ IMS_IBCF_INTERCONNECT_PORT: '15070' }).ibcfInterconnectPort).toBe(15070);
    expect(loadImsConfig({}).stiSpc).toBe('709J');
    expect(() => loadImsConfig({ IMS_STI_SPC: 'bad code!' })).toThrow(/IMS_STI_SPC/);
  });
});
