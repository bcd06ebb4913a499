// Alice calls Bob with the web softphone, end to end in Chromium with fake media devices: both
// sign in through the real IdP page and register (RFC 8898 bearer), alice finds bob in the company
// directory by typing "Bob", bob sees alice's E.164 and name, answers, audio flows both ways
// (WebRTC statistics), hold and resume (RFC 3264 §8.4), DTMF (RFC 4733), hang up, history.
import { test, expect, type Page, type TestInfo } from '@playwright/test';
import { expectAudioGrowing, newPhonePage, signIn, startSoftphoneStack, type SoftphoneStack } from './softphone-stack.ts';

let env: SoftphoneStack;
test.beforeAll(async () => {
  env = await startSoftphoneStack();
});
test.afterAll(async () => {
  await env?.stop();
});

async function shot(page: Page, info: TestInfo, name: string): Promise<void> {
  const path = info.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await info.attach(name, { path, contentType: 'image/png' });
}

/** The direction the page's newest peer connection negotiated for its audio. */
async function audioDirection(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const pcs = (globalThis as unknown as { __peerConnections: { connectionState: string; getTransceivers(): { currentDirection: string | null }[] }[] }).__peerConnections;
    const live = pcs.filter((pc) => pc.connectionState !== 'closed');
    return live[live.length - 1]?.getTransceivers()[0]?.currentDirection ?? null;
  });
}

test('alice finds Bob by name and calls him; bob answers; audio flows both ways; hold and resume (RFC 3264 §8.4), DTMF (RFC 4733), hang up; both histories list the call', async ({ browser }, info) => {
  test.setTimeout(120_000);
  const alice = await newPhonePage(browser);
  const bob = await newPhonePage(browser);
  try {
    await alice.page.goto(env.web.url);
    await expect(alice.page.getByRole('button', { name: 'Sign in' })).toBeVisible();
    await shot(alice.page, info, '01-signed-out');

    await signIn(alice.page, env.web, 'alice');
    await expect(alice.page.getByRole('status')).toContainText('+12025550101');
    await signIn(bob.page, env.web, 'bob');
    await expect(bob.page.getByRole('status')).toContainText('+12025550102');
    await shot(alice.page, info, '02-registered');

    // Colleague search in the IdP's directory, with alice's own token.
    const dial = alice.page.getByRole('textbox', { name: 'Number or name' });
    await dial.fill('Bob');
    const bobOption = alice.page.getByRole('option', { name: /Bob Baker/ });
    await expect(bobOption).toBeVisible();
    await shot(alice.page, info, '03-colleague-search');
    await bobOption.click();
    await expect(dial).toHaveValue('Bob Baker');
    await alice.page.getByRole('button', { name: 'Call' }).click();

    const incoming = bob.page.getByRole('region', { name: 'Incoming call' });
    await expect(incoming).toBeVisible({ timeout: 10_000 });
    await expect(incoming).toContainText('+12025550101');
    await expect(incoming).toContainText('Alice Avery');
    // Exactly one identity state beside the caller (DESIGN.md).
    const states = ['Verified caller', 'Unverified caller', 'Caller identity check failed'];
    const shown = await Promise.all(states.map((s) => incoming.getByText(s, { exact: true }).count()));
    expect(shown.reduce((a, b) => a + b, 0)).toBe(1);
    await shot(bob.page, info, '04-incoming-call');

    await incoming.getByRole('button', { name: 'Answer' }).click();
    await expect(bob.page.getByText('Connected')).toBeVisible({ timeout: 10_000 });
    await expect(alice.page.getByText('Connected')).toBeVisible({ timeout: 10_000 });
    await expect(alice.page.locator('.call-timer')).toHaveText(/^0:0[1-9]/, { timeout: 5000 });

    await expectAudioGrowing(alice.page);
    await expectAudioGrowing(bob.page);
    await shot(alice.page, info, '05-in-call');

    // Hold: bob's re-INVITE offers sendonly, alice answers recvonly; resume restores sendrecv.
    await bob.page.getByRole('button', { name: 'Hold' }).click();
    await expect(bob.page.getByRole('button', { name: 'Hold' })).toHaveAttribute('aria-pressed', 'true');
    await expect.poll(() => audioDirection(alice.page)).toBe('recvonly');
    await expect(bob.page.getByText('On hold')).toBeVisible();
    await shot(bob.page, info, '06-on-hold');
    await bob.page.getByRole('button', { name: 'Hold' }).click();
    await expect(bob.page.getByRole('button', { name: 'Hold' })).toHaveAttribute('aria-pressed', 'false');
    await expect.poll(() => audioDirection(alice.page)).toBe('sendrecv');
    await expectAudioGrowing(bob.page);

    // Mute changes nothing in the signalling, only what alice sends.
    await alice.page.getByRole('button', { name: 'Mute' }).click();
    await expect(alice.page.getByRole('button', { name: 'Mute' })).toHaveAttribute('aria-pressed', 'true');
    await alice.page.getByRole('button', { name: 'Mute' }).click();

    // DTMF through the keypad: RFC 4733 telephone-events in the media, not SIP INFO.
    await alice.page.getByRole('button', { name: 'Keypad' }).click();
    const keypad = alice.page.getByRole('group', { name: 'Keypad tones' });
    for (const tone of ['1', '2', '#']) await keypad.getByRole('button', { name: `Tone ${tone}` }).click();
    await expect.poll(() => alice.page.evaluate(() => (globalThis as unknown as { __dtmfSent: string }).__dtmfSent)).toBe('12#');
    await shot(alice.page, info, '07-keypad');

    await alice.page.getByRole('button', { name: 'Hang up' }).click();
    await expect(bob.page.getByText('Connected')).toHaveCount(0, { timeout: 10_000 });
    await expect(alice.page.getByText('Connected')).toHaveCount(0);

    const aliceHistory = alice.page.getByRole('region', { name: 'Call history' });
    const bobHistory = bob.page.getByRole('region', { name: 'Call history' });
    await expect(aliceHistory.getByRole('listitem')).toHaveCount(1);
    await expect(aliceHistory).toContainText('Bob Baker');
    await expect(bobHistory.getByRole('listitem')).toHaveCount(1);
    await expect(bobHistory).toContainText('Alice Avery');
    await expect(bobHistory).toContainText('+12025550101');
    await shot(alice.page, info, '08-history-alice');
    await shot(bob.page, info, '09-history-bob');

    // The history is kept on the device: a reload still lists the call.
    await bob.page.reload();
    await expect(bob.page.getByRole('status')).toContainText('Registered', { timeout: 15_000 });
    await expect(bob.page.getByRole('region', { name: 'Call history' }).getByRole('listitem')).toHaveCount(1);
  } finally {
    await alice.context.close();
    await bob.context.close();
  }
});

test('call waiting: carol calls bob while he talks to alice; answering carol puts alice on hold, and hanging up carol leaves alice to resume', async ({ browser }, info) => {
  test.setTimeout(120_000);
  const alice = await newPhonePage(browser);
  const bob = await newPhonePage(browser);
  const carol = await newPhonePage(browser);
  try {
    await signIn(alice.page, env.web, 'alice');
    await signIn(bob.page, env.web, 'bob');
    await signIn(carol.page, env.web, 'carol');
    await alice.page.getByRole('textbox', { name: 'Number or name' }).fill('+12025550102');
    await alice.page.getByRole('button', { name: 'Call' }).click();
    await bob.page.getByRole('region', { name: 'Incoming call' }).getByRole('button', { name: 'Answer' }).click();
    await expect(alice.page.getByText('Connected')).toBeVisible({ timeout: 10_000 });

    await carol.page.getByRole('textbox', { name: 'Number or name' }).fill('+12025550102');
    await carol.page.getByRole('button', { name: 'Call' }).click();
    const waiting = bob.page.getByRole('region', { name: 'Incoming call' });
    await expect(waiting).toContainText('Carol Chen', { timeout: 10_000 });
    await expect(waiting).toContainText('Call waiting');
    await shot(bob.page, info, 'call-waiting');

    await waiting.getByRole('button', { name: 'Answer' }).click();
    await expect(carol.page.getByText('Connected')).toBeVisible({ timeout: 10_000 });
    const withAlice = bob.page.getByRole('region', { name: /Call with Alice Avery/ });
    await expect(withAlice.getByRole('button', { name: 'Hold' })).toHaveAttribute('aria-pressed', 'true');
    await expect(withAlice).toContainText('On hold');

    await bob.page.getByRole('region', { name: /Call with Carol Chen/ }).getByRole('button', { name: 'Hang up' }).click();
    await expect(carol.page.getByText('Connected')).toHaveCount(0, { timeout: 10_000 });
    await withAlice.getByRole('button', { name: 'Hold' }).click();
    await expect(withAlice.getByRole('button', { name: 'Hold' })).toHaveAttribute('aria-pressed', 'false');
    await expectAudioGrowing(alice.page);
    await withAlice.getByRole('button', { name: 'Hang up' }).click();
    await expect(alice.page.getByText('Connected')).toHaveCount(0, { timeout: 10_000 });
  } finally {
    await alice.context.close();
    await bob.context.close();
    await carol.context.close();
  }
});
