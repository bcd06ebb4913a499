import { request } from 'node:http';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type RunningWebServer } from '../../scripts/web-server.mjs';
import { webConfigFromEnv } from '../../scripts/web-config.mjs';

describe('the web softphone server', () => {
  let root: string;
  let web: RunningWebServer;
  const config = webConfigFromEnv({ IDP_PORT: '4411', IMS_SIP_WS_PORT: '5077' });

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'softphone-web-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(root, 'assets', 'app-1234.js'), 'console.log(1)');
    web = await startWebServer({ root, config, port: 0 });
  });
  afterAll(async () => {
    await web.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('answers /config.json from the environment the IdP and the emulator read', async () => {
    const r = await fetch(`${web.url}/config.json`);
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(await r.json()).toEqual({ issuer: 'http://localhost:4411', clientId: 'softphone', resource: 'https://ims.mnc001.mcc001.3gppnetwork.org', sipWebSocketUrl: 'ws://localhost:5077', imsDomain: 'ims.mnc001.mcc001.3gppnetwork.org' });
  });

  it('serves the app for its own routes (the sign-in /callback) and hashed assets as immutable', async () => {
    const callback = await fetch(`${web.url}/callback?code=abc&state=xyz`);
    expect(callback.status).toBe(200);
    expect(await callback.text()).toContain('id="root"');
    const asset = await fetch(`${web.url}/assets/app-1234.js`);
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    expect(asset.headers.get('cache-control')).toContain('immutable');
  });

  it('never serves files outside its folder, and only GET/HEAD', async () => {
    // Sent raw: fetch() would normalise the dots away before they reach the server.
    const dots = await rawGet(web.port, '/../../../etc/passwd'); // URL parsing removes the dots: the app's page
    expect(dots.body).toContain('id="root"');
    const encoded = await rawGet(web.port, '/..%2f..%2f..%2fetc%2fpasswd'); // decoded into a path that leaves the folder
    expect(encoded.status).toBe(403);
    expect(encoded.body).not.toContain('root:');
    expect((await fetch(`${web.url}/`, { method: 'POST' })).status).toBe(405);
  });

  it('binds loopback only', () => {
    expect(web.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});

function rawGet(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
