// Builds the renderer with Vite unless dist/renderer is newer than every source file (so
// `npm start` stays fast). `--force` always builds.
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const output = join(appDir, 'dist', 'renderer', 'index.html');

function newest(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/** True when the renderer sources (or @eims/phone) changed since the last build. */
export function rendererIsStale() {
  if (!existsSync(output)) return true;
  const built = statSync(output).mtimeMs;
  const sources = [join(appDir, 'src', 'renderer'), join(appDir, 'src', 'shared'), join(appDir, 'index.html'), join(appDir, 'vite.config.ts'), join(appDir, '..', '..', 'packages', 'phone', 'src')];
  return sources.some((s) => existsSync(s) && newest(s) > built);
}

export async function buildRenderer({ force = false, quiet = false } = {}) {
  if (!force && !rendererIsStale()) return false;
  const { build } = await import('vite');
  await build({ configFile: join(appDir, 'vite.config.ts'), root: appDir, logLevel: quiet ? 'warn' : 'info' });
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const built = await buildRenderer({ force: process.argv.includes('--force') });
  if (!built) console.log('The softphone renderer is up to date (dist/renderer).');
}
