// Clear error messages instead of a blank page: a broken configuration and an unreachable IdP
// are explained in words that say what to do (STYLE.md, user-facing parts are finished).
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { test, expect } from '@playwright/test';
import { buildRenderer } from '../../../apps/softphone/scripts/build-renderer.mjs';
import { startWebServer } from '../../../apps/softphone/scripts/web-server.mjs';

const RENDERER = fileURLToPath(new URL('../../../apps/softphone/dist/renderer', import.meta.url));

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test.beforeAll(async () => {
  await buildRenderer({ quiet: true });
});

test('a configuration without the IdP says which setting is missing, and "Sign in" stays disabled', async ({ page }) => {
  const web = await startWebServer({ root: RENDERER, port: 0, config: { clientId: 'softphone' } });
  try {
    await page.goto(web.url);
    await expect(page.getByRole('alert')).toContainText('The softphone configuration has no "issuer".');
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeDisabled();
  } finally {
    await web.close();
  }
});

test('when the IdP cannot be reached, "Sign in" explains it instead of failing silently', async ({ page }) => {
  const port = await closedPort();
  const web = await startWebServer({
    root: RENDERER,
    port: 0,
    config: { issuer: `http://127.0.0.1:${port}`, clientId: 'softphone', resource: 'https://ims.mnc001.mcc001.3gppnetwork.org', sipWebSocketUrl: 'ws://127.0.0.1:1', imsDomain: 'ims.mnc001.mcc001.3gppnetwork.org' },
  });
  try {
    await page.goto(web.url);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toContainText(`The company sign-in service (http://127.0.0.1:${port}) cannot be reached`);
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  } finally {
    await web.close();
  }
});
