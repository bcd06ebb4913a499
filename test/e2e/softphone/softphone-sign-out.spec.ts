// Disabling an employee at the IdP ends their phone at once: the IdP revokes the tokens and
// pushes a security event (RISC account-disabled, RFC 8935) to the carrier's EDS, the S-CSCF ends
// the registration and tells the phone by reg-event (RFC 3680), and the phone says so.
import { test, expect } from '@playwright/test';
import { itAdminToken, newPhonePage, signIn, startSoftphoneStack, type SoftphoneStack } from './softphone-stack.ts';

let env: SoftphoneStack;
test.beforeAll(async () => {
  env = await startSoftphoneStack();
});
test.afterAll(async () => {
  await env?.stop();
});

test('IT disables bob at the IdP: his softphone shows "signed out by your organization" within 2 s (RFC 8935 push, RFC 3680 reg-event)', async ({ browser }, info) => {
  const bob = await newPhonePage(browser);
  try {
    await signIn(bob.page, env.web, 'bob');
    const admin = await itAdminToken(env.stack.idp.issuer);
    const id = env.stack.idp.directory.findByUsername('bob')?.id;
    expect(id).toBeTruthy();

    const started = performance.now();
    const response = await fetch(`${env.stack.idp.issuer}/api/admin/employees/${id}/disable`, { method: 'POST', headers: { authorization: `Bearer ${admin}` } });
    expect(response.status).toBe(200);
    await expect(bob.page.getByRole('alert')).toContainText(/signed out by your organization/i, { timeout: 2000 });
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(2000);
    info.annotations.push({ type: 'signed-out-after-ms', description: String(Math.round(elapsed)) });
    await expect(bob.page.getByRole('button', { name: 'Sign in' })).toBeVisible();
    const path = info.outputPath('signed-out-by-organization.png');
    await bob.page.screenshot({ path, fullPage: true });
    await info.attach('signed-out-by-organization', { path, contentType: 'image/png' });
  } finally {
    await bob.context.close();
  }
});

test('alice signs out: the phone un-REGISTERs, shows "Sign in" again, and a reload does not sign her back in', async ({ browser }) => {
  const alice = await newPhonePage(browser);
  try {
    await signIn(alice.page, env.web, 'alice');
    await env.stack.core.waitForRegistration('sip:alice@acme.example', 5000);
    const gone = env.stack.core.waitForDeregistration('sip:alice@acme.example', 5000);
    await alice.page.getByRole('button', { name: 'Sign out' }).click();
    await gone;
    await expect(alice.page.getByRole('button', { name: 'Sign in' })).toBeVisible();
    await expect(alice.page.getByRole('alert')).toHaveCount(0); // she asked for it: no warning
    // A reload does not sign her back in: the session was forgotten, not just hidden.
    await alice.page.reload();
    await expect(alice.page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  } finally {
    await alice.context.close();
  }
});
