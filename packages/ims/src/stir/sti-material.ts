// The carrier's STIR/SHAKEN material, generated on first start into `<imsDataDir>/sti/` and reused
// afterwards: a demo STI-CA (root + intermediate, ATIS-1000080 shape) and the carrier's STI
// certificate with TNAuthList { spc } (RFC 8226). The chain (leaf, intermediate) is what the
// certificate repository serves at the x5u URL.
import { createStiCa, issueStiCertificate } from '@eims/pki';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** File names under `<imsDataDir>/sti/`. */
export const STI_FILES = {
  rootCert: 'sti-ca-root.crt',
  rootKey: 'sti-ca-root.key',
  intermediateCert: 'sti-ca-intermediate.crt',
  intermediateKey: 'sti-ca-intermediate.key',
  carrierCert: 'carrier.crt',
  carrierKey: 'carrier.key',
  /** Leaf then intermediate: served as `/sti/carrier.pem`. */
  carrierChain: 'carrier.pem',
} as const;

/** Folder of other carriers' STI-CA roots (PEM files) that the terminating AS trusts. */
export const TRUSTED_DIR = 'trusted';

export interface StiMaterial {
  /** `<imsDataDir>/sti` */
  dir: string;
  /** The demo STI-CA root: the own trust anchor, and what peers configure to trust this carrier. */
  rootCertPem: string;
  /** PEM chain (carrier certificate, intermediate) published at the x5u URL. */
  chainPem: string;
  /** PKCS#8 PEM of the carrier's STI signing key. */
  keyPem: string;
  /** The service provider code in the carrier certificate's TNAuthList. */
  spc: string;
}

/**
 * Loads the STI material from `<imsDataDir>/sti/`, creating it on first use.
 * @example const sti = await ensureStiMaterial('.data/ims', { spc: '709J' }); // sti.chainPem, sti.keyPem
 */
export async function ensureStiMaterial(imsDataDir: string, options: { spc: string; organization?: string }): Promise<StiMaterial> {
  const dir = join(imsDataDir, 'sti');
  mkdirSync(join(dir, TRUSTED_DIR), { recursive: true, mode: 0o700 });
  const file = (name: keyof typeof STI_FILES): string => join(dir, STI_FILES[name]);
  const spcFile = join(dir, 'carrier.spc');
  const complete = (Object.keys(STI_FILES) as (keyof typeof STI_FILES)[]).every((k) => existsSync(file(k))) && existsSync(spcFile);
  // A changed IMS_STI_SPC re-issues the carrier certificate under the same STI-CA.
  if (!complete || readFileSync(spcFile, 'utf8').trim() !== options.spc) {
    const ca = existsSync(file('rootCert')) && existsSync(file('rootKey')) && existsSync(file('intermediateCert')) && existsSync(file('intermediateKey'))
      ? {
          root: { certPem: readFileSync(file('rootCert'), 'utf8'), keyPem: readFileSync(file('rootKey'), 'utf8') },
          intermediate: { certPem: readFileSync(file('intermediateCert'), 'utf8'), keyPem: readFileSync(file('intermediateKey'), 'utf8') },
        }
      : await createStiCa({ name: 'IMS Emulator Demo STI-CA' });
    const carrier = await issueStiCertificate(ca, { spc: options.spc, organization: options.organization ?? 'IMS Emulator Carrier' });
    writeFileSync(file('rootCert'), ca.root.certPem, { mode: 0o644 });
    writeFileSync(file('rootKey'), ca.root.keyPem, { mode: 0o600 });
    writeFileSync(file('intermediateCert'), ca.intermediate.certPem, { mode: 0o644 });
    writeFileSync(file('intermediateKey'), ca.intermediate.keyPem, { mode: 0o600 });
    writeFileSync(file('carrierCert'), carrier.certPem, { mode: 0o644 });
    writeFileSync(file('carrierKey'), carrier.keyPem, { mode: 0o600 });
    writeFileSync(file('carrierChain'), carrier.chainPem, { mode: 0o644 });
    writeFileSync(spcFile, options.spc, { mode: 0o644 });
  }
  return {
    dir,
    rootCertPem: readFileSync(file('rootCert'), 'utf8'),
    chainPem: readFileSync(file('carrierChain'), 'utf8'),
    keyPem: readFileSync(file('carrierKey'), 'utf8'),
    spc: options.spc,
  };
}
