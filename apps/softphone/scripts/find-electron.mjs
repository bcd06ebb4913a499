// Where the Electron executable is: ELECTRON_PATH, else the binary electron's install script would
// have fetched into node_modules/electron/dist. Used by `npm start` (to open the desktop app) and by
// the Electron end-to-end spec (to run, or to say why it is skipped).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * @param {Record<string, string | undefined>} [env]
 * @returns {{ path: string } | { reason: string }}
 */
export function findElectron(env = process.env) {
  const fromEnv = env['ELECTRON_PATH'];
  if (fromEnv) return existsSync(fromEnv) ? { path: fromEnv } : { reason: `ELECTRON_PATH=${fromEnv} does not exist` };
  let packageDir;
  try {
    packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { reason: 'the electron package is not installed' };
  }
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) {
    return {
      reason:
        `${join(packageDir, 'dist')} is missing (package.json allowScripts denies electron's download script; ` +
        'this machine reaches only the npm and Debian registries). Set ELECTRON_PATH to an Electron 41 executable',
    };
  }
  const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? { path: binary } : { reason: `${binary} is missing` };
}
