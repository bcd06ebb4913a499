#!/usr/bin/env node
// `npm start`'s softphone part: builds the renderer when its sources changed, then serves the web
// softphone on http://localhost:4500 (SOFTPHONE_PORT) with /config.json from the environment, and
// opens the desktop app when an Electron binary is present (SOFTPHONE_DESKTOP=off: never).
import { execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { buildRenderer } from './build-renderer.mjs';
import { findElectron } from './find-electron.mjs';
import { webConfigFromEnv } from './web-config.mjs';
import { startWebServer } from './web-server.mjs';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const started = Date.now();
if (await buildRenderer({ quiet: true })) console.log(`Built the softphone renderer in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
const config = webConfigFromEnv(process.env);
const port = Number(process.env.SOFTPHONE_PORT || 4500);
const web = await startWebServer({ root: join(appDir, 'dist', 'renderer'), config, port }).catch((error) => {
  console.error(`The web softphone cannot listen on 127.0.0.1:${port} (${error.code ?? error.message}). Set SOFTPHONE_PORT to another port.`);
  process.exit(1);
});
console.log(`Web softphone: http://localhost:${web.port}  (sign in as alice, bob or carol, password Acme-demo-1)`);
console.log(`  IdP ${config.issuer}, P-CSCF ${config.sipWebSocketUrl}, IMS domain ${config.imsDomain}`);
const desktop = openDesktopApp();
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    desktop?.kill('SIGTERM');
    void web.close().then(() => process.exit(0));
  });
}

/** Starts the Electron softphone beside the web one, or says why not and where to point a browser. */
function openDesktopApp() {
  if ((process.env.SOFTPHONE_DESKTOP ?? '').toLowerCase() === 'off') return undefined;
  const electron = findElectron();
  if (!('path' in electron)) {
    console.log(`Desktop softphone not opened: no Electron binary (${electron.reason}).`);
    console.log(`  Open http://localhost:${web.port} in a browser instead.`);
    return undefined;
  }
  try {
    execFileSync(process.execPath, [join(appDir, 'scripts/build-main.mjs')], { stdio: 'inherit' });
  } catch {
    console.error(`Desktop softphone not opened: building its main process failed (see above). Open http://localhost:${web.port} in a browser instead.`);
    return undefined;
  }
  const args = [join(appDir, 'dist/main/main.mjs')];
  if (process.getuid?.() === 0) args.push('--no-sandbox'); // Chromium refuses to run as root with its OS sandbox
  const child = spawn(electron.path, args, { stdio: 'inherit', env: process.env });
  console.log(`Desktop softphone: opened ${electron.path} (close its window to quit it; the web softphone keeps serving).`);
  child.on('error', (error) => console.error(`Desktop softphone could not start: ${error.message}. Open http://localhost:${web.port} in a browser instead.`));
  child.on('exit', (code, signal) => console.log(`Desktop softphone exited (${signal ?? `code ${code}`}).`));
  return child;
}
