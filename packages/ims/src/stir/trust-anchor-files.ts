// The terminating AS's STI trust anchors: the carrier's own STI-CA root, the PEM files named by
// `IMS_STI_TRUST_ANCHORS`, and every `*.pem` / `*.crt` in `<imsDataDir>/sti/trusted/` (how another
// carrier is trusted: drop its STI-CA root there and restart).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TRUSTED_DIR } from './sti-material.ts';

export interface TrustAnchorSource {
  /** Where the PEM came from (for the start-up log). */
  file: string;
  pem: string;
}

/**
 * Reads the configured trust anchor PEM files. A named file that is missing is an error (a typo
 * must not silently distrust a peer); the `trusted/` folder may be empty.
 * @example const anchors = readTrustAnchorFiles(stiDir, config.stiTrustAnchorFiles).map((a) => a.pem);
 */
export function readTrustAnchorFiles(stiDir: string, files: readonly string[]): TrustAnchorSource[] {
  const out: TrustAnchorSource[] = [];
  for (const file of files) {
    if (!existsSync(file)) throw new TypeError(`IMS_STI_TRUST_ANCHORS names ${file}, which does not exist.`);
    out.push({ file, pem: readFileSync(file, 'utf8') });
  }
  const trusted = join(stiDir, TRUSTED_DIR);
  if (existsSync(trusted)) {
    for (const name of readdirSync(trusted).sort()) {
      if (!/\.(pem|crt)$/i.test(name)) continue;
      const file = join(trusted, name);
      out.push({ file, pem: readFileSync(file, 'utf8') });
    }
  }
  return out;
}
