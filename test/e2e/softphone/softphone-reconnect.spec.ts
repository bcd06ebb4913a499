// The network drops the softphone's WebSocket in the middle of a call: the phone reconnects with
// back-off, registers again, restarts ICE with a re-INVITE (sip.js's #1095: nothing does it by
// itself), and the call's audio keeps flowing.
import { test, expect } from '@playwright/test';
import { expectAudioGrowing, localIceUfrag, newPhonePage, signIn, startSoftphoneStack, type SoftphoneStack } from './softphone-stack.ts';

let env: SoftphoneStack;
test.beforeAll(async () => {
  env = await startSoftphoneStack();
});
test.afterAll(async () => {
  await env?.stop();
});

test('the P-CSCF drops alice\'s WebSocket mid-call: she reconnects, re-registers, restarts ICE (RFC 8839 §4.4.1.1.1) and audio flows again', async ({ browser }, info) => {
  test.setTimeout(120_000);
  const alice = await newPhonePage(browser);
  const bob = await newPhonePage(browser);
  try {
    await signIn(alice.page, env.web, 'alice');
    await signIn(bob.page, env.web, 'bob');
    // Dialled by E.164 with visual separators this time.
    await alice.page.getByRole('textbox', { name: 'Number or name' }).fill('+1 (202) 555-0102');
    await alice.page.getByRole('button', { name: 'Call' }).click();
    await bob.page.getByRole('region', { name: 'Incoming call' }).getByRole('button', { name: 'Answer' }).click();
    await expect(alice.page.getByText('Connected')).toBeVisible({ timeout: 10_000 });
    await expectAudioGrowing(bob.page);
    const before = await localIceUfrag(alice.page);
    expect(before).toBeTruthy();

    const dropped = env.stack.core.pcscf.dropClientConnections({ aor: 'sip:alice@acme.example' });
    expect(dropped).toBeGreaterThan(0);
    await expect(alice.page.getByRole('status')).not.toContainText('Registered ·', { timeout: 5000 });
    const reconnecting = info.outputPath('reconnecting.png');
    await alice.page.screenshot({ path: reconnecting, fullPage: true });
    await info.attach('reconnecting', { path: reconnecting, contentType: 'image/png' });

    await expect(alice.page.getByRole('status')).toContainText('Registered ·', { timeout: 15_000 });
    await env.stack.core.waitForRegistration('sip:alice@acme.example', 5000);
    // The re-INVITE with an ICE restart changes alice's ICE credentials (RFC 8839 §4.4.1.1.1).
    await expect.poll(() => localIceUfrag(alice.page), { timeout: 10_000 }).not.toBe(before);
    await expect(alice.page.getByText('Connected')).toBeVisible();
    await expectAudioGrowing(alice.page);
    await expectAudioGrowing(bob.page);

    await alice.page.getByRole('button', { name: 'Hang up' }).click();
    await expect(bob.page.getByText('Connected')).toHaveCount(0, { timeout: 10_000 });
  } finally {
    await alice.context.close();
    await bob.context.close();
  }
});
