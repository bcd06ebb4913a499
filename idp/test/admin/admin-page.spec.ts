// The admin web page in a real browser against the running IdP: the IT admin signs in through
// the IdP's own authorize endpoint (code + PKCE), finds an employee, disables them after a
// confirmation, sees the audit entry, and gets a clear alert for bad input. No CSP violations.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startIdp, type RunningIdp } from '../../src/idp.ts';

let idp: RunningIdp;
let dir: string;

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'idp-admin-page-'));
  idp = await startIdp({ dataDir: dir, port: 0, mtlsPort: 0, log: () => undefined });
});
test.afterAll(async () => {
  await idp.close();
  rmSync(dir, { recursive: true, force: true });
});

test('the IT admin signs in, disables Bob after confirming, and sees it in the audit log', async ({ page }) => {
  const cspViolations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) cspViolations.push(m.text());
  });

  await page.goto(`${idp.issuer}/admin`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('textbox', { name: 'Username' }).fill('it-admin');
  await page.getByLabel('Password').fill('Acme-demo-1');
  await page.getByRole('button', { name: 'Sign in' }).click();

  await expect(page.getByText('Signed in as it-admin')).toBeVisible();
  await expect(page).toHaveURL(`${idp.issuer}/admin`);
  const table = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Department' }) });
  await expect(table.getByRole('cell', { name: 'Bob Baker', exact: true })).toBeVisible();

  await page.getByRole('searchbox', { name: 'Search employees' }).fill('support');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByRole('status')).toHaveText('1 employee shown.');

  await page.getByRole('button', { name: 'Disable Bob Baker' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Disable Bob Baker?');
  await dialog.getByRole('button', { name: 'Disable' }).click();
  await expect(page.getByRole('status')).toHaveText('Bob Baker is disabled.');
  await expect(table.getByRole('row', { name: /Bob Baker/ })).toContainText('Disabled');
  await expect(page.getByRole('button', { name: 'Enable Bob Baker' })).toBeVisible();
  expect(idp.directory.findByUsername('bob')?.status).toBe('disabled');

  const audit = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Changes' }) });
  await expect(audit.getByRole('row').nth(1)).toContainText('disable');
  await expect(audit.getByRole('row').nth(1)).toContainText('status: active → disabled');

  expect(cspViolations).toEqual([]);

  // Signing out ends the IdP session too: the next sign-in asks for the password again.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(`${idp.issuer}/admin`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('textbox', { name: 'Username' })).toBeVisible();
});

test('adding an employee with a malformed number shows a clear alert and adds no one', async ({ page }) => {
  await page.goto(`${idp.issuer}/admin`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('textbox', { name: 'Username' }).fill('it-admin');
  await page.getByLabel('Password').fill('Acme-demo-1');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Signed in as it-admin')).toBeVisible();

  const before = idp.directory.list().length;
  await page.getByRole('textbox', { name: 'Username' }).fill('dan');
  await page.getByRole('textbox', { name: 'Full name' }).fill('Dan Diaz');
  await page.getByRole('textbox', { name: 'Phone number (E.164)' }).fill('555-0199');
  await page.getByLabel('Password', { exact: true }).fill('Welcome-to-Acme-1');
  await page.getByRole('button', { name: 'Add employee' }).click();
  await expect(page.getByRole('alert')).toContainText('is not an E.164 number');
  await expect(page.getByRole('alert')).toContainText('field: e164');
  expect(idp.directory.list().length).toBe(before);

  await page.getByRole('textbox', { name: 'Phone number (E.164)' }).fill('+12025550110');
  await page.getByRole('button', { name: 'Add employee' }).click();
  await expect(page.getByRole('status')).toHaveText('Dan Diaz added.');
  expect(idp.directory.findByUsername('dan')?.e164).toBe('+12025550110');
});
