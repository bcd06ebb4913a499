// `npm run bench -- softphone`: what a person waits for, in the web softphone on loopback with
// Debian's Chromium and fake media: from the "Sign in" click (through the IdP's sign-in page) to
// "Registered", and from the "Call" click to the incoming call ringing at the callee. Medians of
// 20 runs each; the emulator and the IdP run in this process, as in the end-to-end tests.
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumArgs, chromiumPath, assertChromium } from '../../../test/support/chromium.ts';
import { median, report } from '../../../test/support/bench.ts';
import { MEDIA_PROBE, startSoftphoneStack } from '../../../test/e2e/softphone/softphone-stack.ts';

const RUNS = 20;
const PASSWORD = 'Acme-demo-1';

async function newPage(browser: Browser): Promise<{ page: Page; close(): Promise<void> }> {
  const context = await browser.newContext({ permissions: ['microphone'] });
  await context.addInitScript(MEDIA_PROBE);
  const page = await context.newPage();
  return { page, close: () => context.close() };
}

/** ms from the "Sign in" click to "Registered" (the IdP page is filled in by the script). */
async function signIn(page: Page, url: string, username: string): Promise<number> {
  await page.goto(url);
  const button = page.getByRole('button', { name: 'Sign in' });
  await button.waitFor();
  const started = performance.now();
  await button.click();
  await page.getByRole('textbox', { name: 'Username' }).fill(username);
  await page.getByRole('textbox', { name: 'Password' }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('status').filter({ hasText: 'Registered' }).waitFor({ timeout: 20_000 });
  return performance.now() - started;
}

assertChromium();
const env = await startSoftphoneStack();
const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
try {
  const signIns: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const phone = await newPage(browser);
    signIns.push(await signIn(phone.page, env.web.url, i % 2 === 0 ? 'alice' : 'carol'));
    await phone.close();
  }

  const alice = await newPage(browser);
  const bob = await newPage(browser);
  await signIn(alice.page, env.web.url, 'alice');
  await signIn(bob.page, env.web.url, 'bob');
  const ringing: number[] = [];
  const dial = alice.page.getByRole('textbox', { name: 'Number or name' });
  const incoming = bob.page.getByRole('region', { name: 'Incoming call' });
  for (let i = 0; i < RUNS; i++) {
    await dial.fill('+12025550102');
    const started = performance.now();
    await alice.page.getByRole('button', { name: 'Call' }).click();
    await incoming.waitFor({ timeout: 20_000 });
    ringing.push(performance.now() - started);
    await incoming.getByRole('button', { name: 'Decline' }).click();
    await incoming.waitFor({ state: 'detached' });
    await alice.page.getByRole('button', { name: 'Hang up' }).waitFor({ state: 'detached' });
  }
  await alice.close();
  await bob.close();

  const fmt = (xs: number[]) => `median ${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)}, ${xs.length} runs)`;
  console.log(`"Sign in" click → "Registered" (through the IdP page): ${fmt(signIns)}`);
  console.log(`"Call" click → ringing at the callee: ${fmt(ringing)}`);
  report({ name: 'softphone sign-in to registered', unit: 'ms', value: median(signIns) });
  report({ name: 'softphone call to ringing at callee', unit: 'ms', value: median(ringing) });
} finally {
  await browser.close();
  await env.stop();
}
