#!/usr/bin/env node
// `npm start`'s softphone part: builds the renderer when its sources changed, then serves the web
// softphone on http://localhost:4500 (SOFTPHONE_PORT) with /config.json from the environment.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { buildRenderer } from './build-renderer.mjs';
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
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void web.close().then(() => process.exit(0)));
