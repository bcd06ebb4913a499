// The built renderer as the desktop app serves it, in Debian's Chromium: the same files, mapped by
// main's app:// resolver, with main's Content-Security-Policy, and a stand-in for the preload's
// `window.softphone` bridge speaking the IPC contract. Runs everywhere (no Electron needed), so
// the CSP and the contract are exercised against the real renderer even where Electron is absent.
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { appResponseHeaders, resolveAppAsset } from '../../../apps/softphone/src/main/app-protocol.ts';
import { contentSecurityPolicy } from '../../../apps/softphone/src/main/content-security-policy.ts';
import type { DesktopConfig } from '../../../apps/softphone/src/shared/ipc-contract.ts';

const appDir = resolve(import.meta.dirname, '../../../apps/softphone');
const rendererRoot = join(appDir, 'dist/renderer');
const config: DesktopConfig = {
  issuer: 'http://localhost:4400',
  clientId: 'softphone',
  resource: 'https://ims.mnc001.mcc001.3gppnetwork.org',
  sipWebSocketUrl: 'ws://localhost:5066',
  imsDomain: 'ims.mnc001.mcc001.3gppnetwork.org',
};
const csp = contentSecurityPolicy({ issuer: config.issuer, sipWebSocketUrls: [config.sipWebSocketUrl] });

let server: Server;
let origin: string;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  // The renderer's own build (skipped when dist/renderer is up to date).
  execFileSync(process.execPath, [join(appDir, 'scripts/build-renderer.mjs')], { stdio: 'inherit' });
  server = createServer((req, res) => {
    // Same mapping and headers as main's app:// protocol handler.
    const asset = resolveAppAsset(`app://softphone${req.url ?? '/'}`, rendererRoot);
    if (!asset.ok) return void res.writeHead(asset.status).end();
    readFile(asset.filePath).then(
      (body) => res.writeHead(200, appResponseHeaders(asset.contentType, csp)).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((r) => server?.close(r));
});

/** Installs the bridge stand-in and a recorder of CSP violations before any page script runs. */
async function openDesktopRenderer(page: Page, session: { restore: unknown }) {
  await page.addInitScript(([cfg, restore]) => {
    const g = globalThis as unknown as Record<string, unknown> & { document: { addEventListener(t: string, f: (e: { violatedDirective: string; blockedURI: string }) => void): void } };
    const calls: [string, unknown][] = [];
    const violations: string[] = [];
    g['__calls'] = calls;
    g['__violations'] = violations;
    g.document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    const answers: Record<string, unknown> = { 'app:get-config': cfg, 'session:restore': restore, 'session:access-token': restore };
    g['softphone'] = Object.freeze({
      invoke: (channel: string, payload?: unknown) => {
        calls.push([channel, payload]);
        if (channel === 'session:sign-in') return new Promise(() => undefined); // the system browser is open
        return Promise.resolve(answers[channel]);
      },
      on: () => () => undefined,
    });
  }, [config, session.restore] as const);
  await page.goto(`${origin}/index.html`);
}

const calls = (page: Page) => page.evaluate(() => (globalThis as unknown as { __calls: [string, unknown][] }).__calls);
const violations = (page: Page) => page.evaluate(() => (globalThis as unknown as { __violations: string[] }).__violations);

test.describe('the renderer under the desktop app\'s CSP and IPC contract', () => {
  test('signed out: "Sign in" shows, with no CSP violation, after asking main for its config and readiness', async ({ page }) => {
    await openDesktopRenderer(page, { restore: null });
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
    const channels = (await calls(page)).map(([c]) => c);
    expect(channels).toContain('app:get-config');
    expect(channels).toContain('app:ready');
    expect(channels).toContain('session:restore');
    expect(await violations(page)).toEqual([]);
  });

  test('"Sign in" asks main to sign in through the system browser; the page itself stays put (RFC 8252)', async ({ page }) => {
    await openDesktopRenderer(page, { restore: null });
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(async () => (await calls(page)).map(([c]) => c)).toContain('session:sign-in');
    expect(page.url()).toBe(`${origin}/index.html`);
    expect(await violations(page)).toEqual([]);
  });

  test('a resumed session connects to the P-CSCF WebSocket (allowed by the CSP) with the access token from main', async ({ page }) => {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const accessToken = `${b64({ alg: 'none' })}.${b64({ sub: 'alice', '3pid': 'sip:alice@acme.example', phone_number: '+12025550101', name: 'Alice Avery', exp: 4_000_000_000 })}.sig`;
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    await openDesktopRenderer(page, { restore: { accessToken, expiresAt: 4_000_000_000_000, claims: { sub: 'alice', threePid: 'sip:alice@acme.example' } } });
    // Nothing listens on 5066 here: the attempt itself shows the CSP let it through.
    await expect.poll(() => sockets, { timeout: 15_000 }).toContain('ws://localhost:5066/');
    await expect(page.getByRole('status')).toContainText(/not registered/i);
    expect(await violations(page)).toEqual([]);
    expect((await calls(page)).map(([c]) => c)).not.toContain('session:sign-in');
  });
});
