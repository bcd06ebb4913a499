// The operator API key of the BSS (and of the SBI's network-function clients): generated on
// first start into `<imsDataDir>/operator-api-key` (mode 0600) unless configured.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function operatorKeyFile(imsDataDir: string): string {
  return join(imsDataDir, 'operator-api-key');
}

/** Returns the key and whether it was generated now (so the caller prints it once). */
export function ensureOperatorKey(imsDataDir: string, configured: string | undefined): { key: string; generated: boolean } {
  if (configured) return { key: configured, generated: false };
  const file = operatorKeyFile(imsDataDir);
  if (existsSync(file)) return { key: readFileSync(file, 'utf8').trim(), generated: false };
  mkdirSync(imsDataDir, { recursive: true });
  const key = randomBytes(32).toString('base64url');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return { key, generated: true };
}
