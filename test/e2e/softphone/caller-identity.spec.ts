// What bob's softphone shows about who is calling, end to end in Chromium with STIR/SHAKEN on in
// the emulator (issue 6; seed clause 6.X.2.5 steps 1-8; DESIGN.md "Caller identity"): the
// originating MMTel AS signs (RFC 8588 attestation A, RFC 9795 Rich Call Data), the terminating
// MMTel AS verifies (RFC 8224 §6.2) and delivers `verstat` (TS 24.229 §7.2A.20) and the card
// (RFC 9796 verified="true") only when verified. Bob's screen shows exactly one of "Verified
// caller", "Unverified caller", "Caller identity check failed", the card only when verified, and
// his call history keeps the same state for each call.
import { createHash, randomBytes } from 'node:crypto';
import { test, expect, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { base64url, parseIdentityHeader, type Rcd } from '@eims/stir';
import { rawSipClient, type RawSipClient } from '../../../packages/ims/test/stories/raw-sip-client.ts';
import { DOMAIN } from '../../../packages/ims/test/stories/ims-harness.ts';
import { newPhonePage, signIn, startSoftphoneStack, type SoftphoneStack } from './softphone-stack.ts';

const STATES = ['Verified caller', 'Unverified caller', 'Caller identity check failed'] as const;
type StateText = (typeof STATES)[number];

const ALICE_TN = '+12025550101';
const BOB_TN = '+12025550102';
const DAVE_TN = '+12025550999';
const PEER_TN = '+15705550100';
const BOB_BY_NUMBER = `sip:${BOB_TN}@${DOMAIN};user=phone`;
const PEER_CALLER = `sip:${PEER_TN}@peer.example;user=phone`;
const DAVE = `sip:dave@${DOMAIN}`;

/** Alice's card as a forger would copy it: every field a person would take as "this is Alice". */
const ALICE_LOOKALIKE: Rcd = {
  nam: 'Alice Avery',
  jcd: ['vcard', [
    ['version', {}, 'text', '4.0'],
    ['fn', {}, 'text', 'Alice Avery'],
    ['org', {}, 'text', ['Acme Corp', 'Sales']],
    ['title', {}, 'text', 'Sales Director'],
    ['photo', {}, 'uri', `data:image/svg+xml;base64,${Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>').toString('base64')}`],
  ]],
};
const ALICE_CARD_TEXTS = ['Alice Avery', 'Sales Director', 'Acme Corp'];

// The emulator under test; IMS_STIR=off runs the same stories against a network that neither
// signs nor verifies (every story below then fails: that is the check that they test the work).
const stirSetting = process.env['IMS_STIR'] === 'off' ? 'off' : 'on';

// One bob for the whole file (one worker, tests in order): each story leaves one entry in his
// history. After a failure Playwright starts a fresh worker (new stack, new bob), so every story
// still runs and reports on its own.
let env: SoftphoneStack;
let bob: { context: BrowserContext; page: Page };
/** The identity state of each call bob got, oldest first, to compare with his history. */
const seen: StateText[] = [];

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  env = await startSoftphoneStack({ stir: stirSetting });
  bob = await newPhonePage(browser);
  await signIn(bob.page, env.web, 'bob');
});
test.afterAll(async () => {
  await bob?.context.close();
  await env?.stop();
});

function incomingCall(): Locator {
  return bob.page.getByRole('region', { name: 'Incoming call' });
}

/** Exactly one of the three state texts, and it is `expected`. */
async function expectOnlyState(scope: Locator, expected: StateText): Promise<void> {
  await expect(scope.getByText(expected, { exact: true })).toBeVisible();
  for (const other of STATES.filter((s) => s !== expected)) await expect(scope.getByText(other, { exact: true })).toHaveCount(0);
}

/** No name card and none of alice's card data anywhere on the incoming-call screen. */
async function expectNoCardData(incoming: Locator): Promise<void> {
  await expect(incoming.getByRole('figure', { name: 'Name card' })).toHaveCount(0);
  await expect(incoming.getByRole('img')).toHaveCount(0);
  for (const text of ALICE_CARD_TEXTS) await expect(incoming).not.toContainText(text);
}

/** A screenshot of bob's window kept with the test's results (testInfo.attach). */
async function keepScreenshot(name: string): Promise<void> {
  const info = test.info();
  const path = info.outputPath(`${name}.png`);
  await bob.page.screenshot({ path, fullPage: true });
  await info.attach(name, { path, contentType: 'image/png' });
}

/**
 * Bob declines the ringing call with the button, or with its keyboard shortcut (Alt+D, announced
 * by aria-keyshortcuts); his history's newest entry carries the state he saw.
 */
async function bobDeclines(state: StateText, how: 'button' | 'keyboard' = 'button'): Promise<void> {
  const incoming = incomingCall();
  const decline = incoming.getByRole('button', { name: 'Decline' });
  if (how === 'keyboard') {
    await expect(decline).toHaveAttribute('aria-keyshortcuts', 'Alt+D');
    await bob.page.keyboard.press('Alt+D');
  } else {
    await decline.click();
  }
  await expect(incoming).toHaveCount(0);
  seen.push(state);
  const entries = bob.page.getByRole('region', { name: 'Call history' }).getByRole('listitem');
  await expect(entries).toHaveCount(seen.length);
  await expectOnlyState(entries.first(), state);
  await expect(entries.first()).toContainText('Declined');
}

/** A peer network's call to bob through the IBCF's interconnect listener (DESIGN.md 5070/TCP). */
async function peerCalls(headers: string[], from = PEER_CALLER): Promise<{ peer: RawSipClient; done: Promise<number> }> {
  const ibcf = env.stack.core.ibcf;
  if (!ibcf) throw new Error('the IBCF interconnect listener did not start');
  const peer = await rawSipClient(ibcf.local);
  const done = peer.invite(BOB_BY_NUMBER, { from, to: BOB_BY_NUMBER, headers }).then((r) => r.response.status);
  return { peer, done };
}

/**
 * A peer network calls bob through the interconnect: his incoming-call screen shows exactly
 * `state` and none of the card data (plus what `check` asserts); the screenshot is kept, bob
 * declines and the peer's INVITE ends with a final failure.
 */
async function peerCallShows(call: { headers: string[]; from?: string }, state: StateText, screenshot: string, check: (incoming: Locator) => Promise<void>): Promise<void> {
  const { peer, done } = await peerCalls(call.headers, call.from);
  try {
    const incoming = incomingCall();
    await expect(incoming).toBeVisible({ timeout: 15_000 });
    await expectOnlyState(incoming, state);
    await check(incoming);
    await expectNoCardData(incoming);
    await keepScreenshot(screenshot);
    await bobDeclines(state);
    expect(await done).toBeGreaterThanOrEqual(400);
  } finally {
    peer.close();
  }
}

function peers(): NonNullable<SoftphoneStack['peers']> {
  if (!env.peers) throw new Error('the stack was started without STIR peers');
  return env.peers;
}

test('alice calls bob: bob sees "Verified caller" and alice\'s name card (photo, name, title, department, company, number) signed by her carrier (RFC 8588 A, RFC 9795 rcd)', async ({ browser }) => {
  test.setTimeout(90_000);
  const alice = await newPhonePage(browser);
  try {
    await signIn(alice.page, env.web, 'alice');
    await alice.page.getByRole('textbox', { name: 'Number or name' }).fill('sip:bob@acme.example');
    await alice.page.getByRole('button', { name: 'Call' }).click();
    const incoming = incomingCall();
    await expect(incoming).toBeVisible({ timeout: 15_000 });
    await expectOnlyState(incoming, 'Verified caller');
    const card = incoming.getByRole('figure', { name: 'Name card' });
    await expect(card).toBeVisible();
    const photo = card.getByRole('img', { name: 'Photo of Alice Avery' });
    await expect(photo).toBeVisible();
    await expect(photo).toHaveAttribute('src', /^data:image\/svg\+xml;base64,/);
    await expect(photo).toHaveJSProperty('complete', true);
    expect(await photo.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    // Each field on its own line of the card: name, title, department, company, number.
    for (const text of ['Alice Avery', 'Sales Director', 'Sales', 'Acme Corp', ALICE_TN]) await expect(card.getByText(text, { exact: true })).toBeVisible();
    await keepScreenshot('incoming-verified-alice');
    await bobDeclines('Verified caller', 'keyboard');
    await expect(alice.page.getByRole('button', { name: 'Hang up' })).toHaveCount(0, { timeout: 10_000 });
  } finally {
    await alice.context.close();
  }
});

test('dave (the carrier\'s own subscriber, Digest over TCP) calls bob: "Verified caller" with dave\'s number and no name card (attestation A for his own number, no rcd)', async () => {
  const dave = await rawSipClient(env.stack.core.pcscf.listeners.tcp);
  try {
    await registerDave(dave);
    const done = dave.invite('sip:bob@acme.example', { from: DAVE, to: 'sip:bob@acme.example' }).then((r) => r.response.status);
    const incoming = incomingCall();
    await expect(incoming).toBeVisible({ timeout: 15_000 });
    await expectOnlyState(incoming, 'Verified caller');
    await expect(incoming).toContainText(DAVE_TN);
    await expectNoCardData(incoming);
    await keepScreenshot('incoming-verified-dave');
    await bobDeclines('Verified caller');
    expect(await done).toBeGreaterThanOrEqual(400);
  } finally {
    dave.close();
  }
});

test('a peer network sends bob a call through the interconnect without an Identity header: "Unverified caller" (No-TN-Validation) and no card', async () => {
  await peerCallShows({ headers: [] }, 'Unverified caller', 'incoming-unverified-peer', (incoming) => expect(incoming).toContainText(PEER_TN));
});

test('a peer network claims its own caller is verified (verstat=TN-Validation-Passed, a jCard marked verified="true") without an Identity header: the network replaces the claim, "Unverified caller" and no card', async () => {
  const jcard = `data:application/json;base64,${Buffer.from(JSON.stringify(ALICE_LOOKALIKE.jcd)).toString('base64')}`;
  await peerCallShows(
    {
      headers: [`P-Asserted-Identity: <tel:${PEER_TN};verstat=TN-Validation-Passed>`, `Call-Info: <${jcard}>;purpose=jcard;verified="true"`],
      from: `sip:${PEER_TN};verstat=TN-Validation-Passed@peer.example;user=phone`,
    },
    'Unverified caller',
    'incoming-unverified-claimed',
    (incoming) => expect(incoming).toContainText(PEER_TN),
  );
});

test('a peer network forges alice\'s card and name under an STI-CA nobody trusts (RFC 8224 437): "Caller identity check failed", the number only, none of the card data', async () => {
  const identity = peers().untrusted.identity({ orig: PEER_TN, dest: BOB_TN, rcd: ALICE_LOOKALIKE });
  // The display name travels outside the PASSporT: a failed check must not show it either.
  await peerCallShows({ headers: [`Identity: ${identity}`, `P-Asserted-Identity: "Alice Avery" <tel:${PEER_TN}>`] }, 'Caller identity check failed', 'incoming-failed-untrusted', async (incoming) => {
    await expect(incoming).toContainText(PEER_TN);
    await expect(incoming).toContainText('the number may be spoofed');
  });
});

test('a trusted peer\'s PASSporT with its rcd swapped for alice\'s card after signing (RFC 9795 rcdi, JWS signature): "Caller identity check failed" and none of the card data', async () => {
  const genuine = peers().trusted.identity({ orig: PEER_TN, dest: BOB_TN, rcd: { nam: 'Pat Peer' } });
  const parsed = parseIdentityHeader(genuine);
  if (!parsed.ok) throw parsed.error;
  const [header, payload, signature] = parsed.value.passport.split('.');
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as { rcd?: Rcd };
  claims.rcd = ALICE_LOOKALIKE;
  const tampered = genuine.replace(parsed.value.passport, `${header ?? ''}.${base64url(Buffer.from(JSON.stringify(claims)))}.${signature ?? ''}`);
  await peerCallShows({ headers: [`Identity: ${tampered}`, `P-Asserted-Identity: "Alice Avery" <tel:${PEER_TN}>`] }, 'Caller identity check failed', 'incoming-failed-tampered', (incoming) =>
    expect(incoming).not.toContainText('Pat Peer'),
  );
});

test('bob\'s call history keeps, for each call, the identity state his incoming screen showed (newest first), and no card data', async () => {
  expect(seen).toEqual(['Verified caller', 'Verified caller', 'Unverified caller', 'Unverified caller', 'Caller identity check failed', 'Caller identity check failed']);
  const history = bob.page.getByRole('region', { name: 'Call history' });
  const entries = history.getByRole('listitem');
  await expect(entries).toHaveCount(seen.length);
  const newestFirst = [...seen].reverse();
  for (const [i, state] of newestFirst.entries()) await expectOnlyState(entries.nth(i), state);
  // The failed calls name no one: the card and name the forger sent are not in the history either.
  for (const i of [0, 1]) for (const text of ALICE_CARD_TEXTS) await expect(entries.nth(i)).not.toContainText(text);
  for (const i of [2, 3]) await expect(entries.nth(i)).toContainText(PEER_TN);
  await expect(entries.nth(4)).toContainText(DAVE_TN);
  await expect(entries.nth(5)).toContainText('Alice Avery');
  await keepScreenshot('call-history');
});

// dave registers over TCP with SHA-256 Digest (RFC 7616 §3.4), as packages/ims/test/stories does.
const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

async function registerDave(dave: RawSipClient): Promise<void> {
  const contact = `Contact: <sip:dave@127.0.0.1:${dave.port};transport=tcp>`;
  const uri = `sip:${DOMAIN}`;
  const callId = `dave-reg-${randomBytes(4).toString('hex')}`;
  const first = await dave.request('REGISTER', uri, { from: DAVE, to: DAVE, headers: [contact], callId, cseq: 1 });
  expect(first.status).toBe(401);
  const challenge = first.header('WWW-Authenticate') ?? '';
  const nonce = /nonce="([^"]+)"/.exec(challenge)?.[1] ?? '';
  const ha1 = sha256(`dave:${DOMAIN}:Dave-demo-1`);
  const response = sha256(`${ha1}:${nonce}:00000001:c0ffee:auth:${sha256(`REGISTER:${uri}`)}`);
  const authorization = `Authorization: Digest username="dave", realm="${DOMAIN}", nonce="${nonce}", uri="${uri}", response="${response}", algorithm=SHA-256, qop=auth, nc=00000001, cnonce="c0ffee"`;
  const ok = await dave.request('REGISTER', uri, { from: DAVE, to: DAVE, headers: [contact, authorization], callId, cseq: 2 });
  expect(ok.status).toBe(200);
}
