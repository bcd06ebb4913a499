// The desktop app's renderer path, in Chromium without Electron (its binary cannot be installed
// here): the same built renderer with a stand-in for the preload's `window.softphone` bridge.
// Main's part (system-browser sign-in, refresh token) is played by the test with real IdP tokens;
// everything else is real: registration at the emulator, calls, the IPC calls the renderer makes.
import { test, expect, type Page } from '@playwright/test';
import { signInWithCode } from '../../../idp/test/admin/oidc-sign-in.ts';
import { DOMAIN, PASSWORD } from '../../../packages/ims/test/stories/ims-harness.ts';
import { IMS_RESOURCE, newPhonePage, signIn, startSoftphoneStack, type SoftphoneStack } from './softphone-stack.ts';

let env: SoftphoneStack;
test.beforeAll(async () => {
  env = await startSoftphoneStack();
});
test.afterAll(async () => {
  await env?.stop();
});

/** A bridge with the shape of the preload's: `invoke(channel, payload)` and `on(channel, listener)`. */
const BRIDGE = `
  window.__bridge = { calls: [], listeners: {} };
  window.softphone = {
    invoke: async (channel, payload) => {
      window.__bridge.calls.push({ channel, payload });
      const answers = window.__bridgeAnswers;
      if (channel === 'app:get-config') return answers.config;
      if (channel === 'session:restore') return null;
      if (channel === 'session:sign-in' || channel === 'session:access-token') return answers.tokens;
      return undefined;
    },
    on: (channel, listener) => {
      (window.__bridge.listeners[channel] ??= []).push(listener);
      return () => {};
    },
  };
`;

type BridgeCall = { channel: string; payload?: Record<string, unknown> };

async function bridgeCalls(page: Page): Promise<BridgeCall[]> {
  return page.evaluate(() => (globalThis as unknown as { __bridge: { calls: BridgeCall[] } }).__bridge.calls);
}

async function emit(page: Page, channel: string, payload: unknown): Promise<void> {
  await page.evaluate(([c, p]) => {
    for (const l of (globalThis as unknown as { __bridge: { listeners: Record<string, ((p: unknown) => void)[]> } }).__bridge.listeners[c as string] ?? []) l(p);
  }, [channel, payload] as const);
}

test('the desktop renderer signs in through main (IPC), reports its registration for the tray, dials a click-to-call link, and shows main\'s sign-out reason', async ({ browser }) => {
  test.setTimeout(90_000);
  const issuer = env.stack.idp.issuer;
  const t = await signInWithCode({ issuer, clientId: 'softphone', redirectUri: 'http://localhost:4500/callback', resource: IMS_RESOURCE, scope: 'openid profile phone offline_access sip', username: 'alice', password: PASSWORD });
  const answers = {
    config: { issuer, clientId: 'softphone', resource: IMS_RESOURCE, sipWebSocketUrl: env.stack.core.listeners.ws, imsDomain: DOMAIN },
    tokens: { accessToken: t.access_token, expiresAt: Date.now() + 600_000, claims: {} },
  };
  const alice = await newPhonePage(browser);
  const bob = await newPhonePage(browser);
  try {
    await alice.context.addInitScript(`window.__bridgeAnswers = ${JSON.stringify(answers)};${BRIDGE}`);
    await alice.page.goto(env.web.url);
    await alice.page.getByRole('button', { name: 'Sign in' }).click();
    await expect(alice.page.getByRole('status')).toContainText('Registered', { timeout: 15_000 });
    // No redirect to the IdP in the window itself: main did the sign-in.
    expect(new URL(alice.page.url()).origin).toBe(env.web.url);
    const calls = await bridgeCalls(alice.page);
    expect(calls.map((c) => c.channel)).toEqual(expect.arrayContaining(['app:get-config', 'app:ready', 'session:restore', 'session:sign-in']));
    expect(calls).toContainEqual({ channel: 'app:registration-status', payload: { state: 'registered' } });

    // Click-to-call: main forwards a tel: link the OS opened.
    await signIn(bob.page, env.web, 'bob');
    await emit(alice.page, 'call:dial', { kind: 'e164', number: '+12025550102', display: '+1 202 555 0102' });
    const incoming = bob.page.getByRole('region', { name: 'Incoming call' });
    await expect(incoming).toContainText('+12025550101', { timeout: 10_000 });
    await incoming.getByRole('button', { name: 'Decline' }).click();
    await expect(alice.page.getByRole('region', { name: 'Call history' }).getByRole('listitem')).toHaveCount(1, { timeout: 10_000 });

    // Main's session ended (refresh refused): the renderer says why and un-REGISTERs.
    const gone = env.stack.core.waitForDeregistration('sip:alice@acme.example', 5000);
    await emit(alice.page, 'session:signed-out', { code: 'session-expired', message: 'Your sign-in has expired or was revoked by your organization. Sign in again.' });
    await expect(alice.page.getByRole('alert')).toContainText('You were signed out by your organization');
    await expect(alice.page.getByRole('button', { name: 'Sign in' })).toBeVisible();
    await gone;
  } finally {
    await alice.context.close();
    await bob.context.close();
  }
});
