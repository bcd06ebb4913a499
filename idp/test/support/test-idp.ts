// Starts a real IdP on loopback port 0 with its data in a fresh temporary folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startIdp, type IdpOptions, type RunningIdp } from '../../src/idp.ts';

export const DEMO_PASSWORD = 'Acme-demo-1';

export async function startTestIdp(options: Partial<IdpOptions> = {}): Promise<RunningIdp & { dataDir: string; stop(): Promise<void> }> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'idp-test-'));
  const idp = await startIdp({ port: 0, mtlsPort: 0, log: () => undefined, ...options, dataDir });
  return Object.assign(idp, {
    dataDir,
    async stop() {
      await idp.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

/** Everything the directory holds, for "the directory is unchanged" assertions. */
export function directorySnapshot(idp: RunningIdp): string {
  return JSON.stringify(idp.directory.list());
}
