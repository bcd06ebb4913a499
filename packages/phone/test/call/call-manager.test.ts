import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { getHeader } from '@eims/sip';
import { CallManager } from '../../src/call/call-manager.ts';
import type { PhoneCall } from '../../src/call/phone-call.ts';
import { PhoneUserAgent } from '../../src/sip/phone-user-agent.ts';
import { FakeRegistrar } from '../support/fake-registrar.ts';
import { FakeMediaHandler, fakeMediaFactory } from '../support/fake-media.ts';
import { ManualClock } from '../support/manual-clock.ts';

beforeAll(() => {
  (globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
});

const ALICE = 'sip:alice@acme.example';
const HOME = 'ims.mnc001.mcc001.3gppnetwork.org';
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn().catch(() => undefined);
});

async function signedInAlice(clock?: ManualClock) {
  const registrar = new FakeRegistrar({ authzServer: 'https://idp.acme.test', tokens: new Map([[ALICE, 't1']]) });
  await registrar.start();
  cleanup.push(() => registrar.close());
  const media: FakeMediaHandler[] = [];
  const ua = new PhoneUserAgent({
    server: registrar.url, aor: ALICE, registrar: `sip:${HOME}`, trustedAuthzServers: ['https://idp.acme.test'], accessToken: 't1',
    refreshAccessToken: async () => 't1', instanceId: 'urn:uuid:00000000-0000-4000-8000-000000000001', sessionDescriptionHandlerFactory: fakeMediaFactory(media),
    ...(clock ? { clock, reconnect: { initialMs: 100 } } : {}),
  });
  cleanup.push(() => ua.stop());
  await ua.start();
  const calls = new CallManager(ua, { homeDomain: HOME, directory: { lookup: async (name) => (name.toLowerCase() === 'bob baker' ? 'sip:bob@acme.example' : undefined) } });
  return { registrar, ua, calls, media };
}

function until(check: () => boolean, ms = 5000): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => (check() ? resolve() : Date.now() - start > ms ? reject(new Error('condition not met in time')) : setTimeout(tick, 10));
    tick();
  });
}

const connected = (call: PhoneCall) => until(() => call.state === 'connected');
const lastRequest = (r: FakeRegistrar, method: string) => r.requests.filter((q) => q.method === method).at(-1);

describe('placing calls', () => {
  it('Alice calls an E.164 number typed with separators; the INVITE goes to sip:+E164@home;user=phone through the Service-Route', async () => {
    const { registrar, calls } = await signedInAlice();
    const call = await calls.place('+1 (202) 555-0102');
    await connected(call);
    const invite = lastRequest(registrar, 'INVITE')!;
    expect(invite.uri).toBe(`sip:+12025550102@${HOME};user=phone`);
    expect(getHeader(invite, 'Route')).toBe('<sip:orig@scscf.ims.test;lr>');
    await call.hangUp();
    await until(() => call.state === 'ended');
    expect(call.endReason).toBe('hung-up');
    await until(() => lastRequest(registrar, 'BYE') !== undefined);
  });

  it('Alice calls a 3PID and a colleague by name from the directory', async () => {
    const { registrar, calls } = await signedInAlice();
    const a = await calls.place('sip:carol@acme.example');
    await connected(a);
    await a.hangUp();
    const b = await calls.place('Bob Baker');
    await connected(b);
    expect(lastRequest(registrar, 'INVITE')!.uri).toBe('sip:bob@acme.example');
    await expect(calls.place('Nobody Here')).rejects.toMatchObject({ message: expect.stringContaining('No colleague named') });
    await expect(calls.place('5550102')).rejects.toMatchObject({ message: expect.stringContaining('international format') });
  });

  it('Alice cancels a call that is still ringing (CANCEL, 487)', async () => {
    const { registrar, calls } = await signedInAlice();
    registrar.calleeBehaviour = 'ring';
    const call = await calls.place('+12025550103');
    await until(() => registrar.requests.some((r) => r.method === 'INVITE'));
    await new Promise((r) => setTimeout(r, 50)); // the 180 has arrived
    await call.hangUp();
    await until(() => call.state === 'ended');
    expect(call.endReason).toBe('cancelled');
    expect(lastRequest(registrar, 'CANCEL')).toBeDefined();
  });

  it('a busy callee ends the call as rejected', async () => {
    const { registrar, calls } = await signedInAlice();
    registrar.calleeBehaviour = 'busy';
    const call = await calls.place('+12025550104');
    await until(() => call.state === 'ended');
    expect(call.endReason).toBe('rejected');
  });

  it('mute, hold and resume, and RFC 4733 keypad tones on a connected call', async () => {
    const { registrar, calls, media } = await signedInAlice();
    const call = await calls.place('+12025550102');
    await connected(call);
    const handler = media.at(-1)!;
    call.setMuted(true);
    expect(handler.micEnabled).toBe(false);
    call.setMuted(false);
    expect(handler.micEnabled).toBe(true);
    await call.setHeld(true);
    expect(call.held).toBe(true);
    expect(new TextDecoder().decode(lastRequest(registrar, 'INVITE')!.body)).toContain('a=sendonly');
    await call.setHeld(false);
    expect(new TextDecoder().decode(lastRequest(registrar, 'INVITE')!.body)).toContain('a=sendrecv');
    for (const tone of ['1', '#', 'A']) call.sendDtmf(tone);
    expect(handler.dtmf).toEqual(['1', '#', 'A']);
    expect(() => call.sendDtmf('x')).toThrow(/keypad tone/);
    expect(registrar.requests.some((r) => r.method === 'INFO')).toBe(false);
  });
});

describe('receiving calls', () => {
  const pai = ['"Bob Baker" <sip:bob@acme.example>', '<tel:+12025550102;verstat=TN-Validation-Passed>'];

  it('an incoming call shows the verified caller from P-Asserted-Identity with a tel URI, and Alice answers', async () => {
    const { registrar, calls } = await signedInAlice();
    const incoming = calls.once('incoming');
    const far = await registrar.call(ALICE, { from: '<sip:+12025550102@ims.test;user=phone>', pai });
    const [call, waiting] = await incoming;
    expect(waiting).toBe(false);
    expect(call.remote).toMatchObject({ name: 'Bob Baker', number: '+12025550102', state: 'verified' });
    await calls.answer(call);
    expect(await far.final).toBe(200);
    await connected(call);
    expect(await far.bye()).toBe(200);
    await until(() => call.state === 'ended');
    expect(call.endReason).toBe('remote-hung-up');
  });

  it('Alice declines (603); a caller who gives up makes a missed call', async () => {
    const { registrar, calls } = await signedInAlice();
    const first = calls.once('incoming');
    const far1 = await registrar.call(ALICE, { from: '<sip:+12025550999@carrier.test;user=phone>' });
    const [call1] = await first;
    expect(call1.remote.state).toBe('unverified');
    await call1.decline();
    expect(await far1.final).toBe(603);

    const second = calls.once('incoming');
    const far2 = await registrar.call(ALICE, { from: '<sip:+12025550999@carrier.test;user=phone>' });
    const [call2] = await second;
    await far2.cancel();
    expect(await far2.final).toBe(487);
    await until(() => call2.state === 'ended');
    expect(call2.endReason).toBe('missed');
  });

  it('call waiting: a second call rings during a call; answering it puts the first on hold', async () => {
    const { registrar, calls } = await signedInAlice();
    const first = calls.once('incoming');
    await registrar.call(ALICE, { from: '<sip:+12025550102@ims.test;user=phone>', pai });
    const [call1] = await first;
    await calls.answer(call1);
    await connected(call1);
    const second = calls.once('incoming');
    const far2 = await registrar.call(ALICE, { from: '<sip:+12025550103@ims.test;user=phone>', pai: ['<tel:+12025550103;verstat=TN-Validation-Failed>'] });
    const [call2, waiting] = await second;
    expect(waiting).toBe(true);
    expect(call2.remote.state).toBe('failed');
    await calls.answer(call2);
    expect(await far2.final).toBe(200);
    expect(call1.held).toBe(true);
    expect(calls.calls.map((c) => c.state)).toEqual(['connected', 'connected']);
  });

  it('a third simultaneous call is answered 486 Busy Here', async () => {
    const { registrar, calls } = await signedInAlice();
    await registrar.call(ALICE, { from: '<sip:+12025550102@ims.test;user=phone>' });
    await registrar.call(ALICE, { from: '<sip:+12025550103@ims.test;user=phone>' });
    await until(() => calls.calls.length === 2);
    const third = await registrar.call(ALICE, { from: '<sip:+12025550104@ims.test;user=phone>' });
    expect(await third.final).toBe(486);
  });
});

describe('network recovery', () => {
  it('after the WebSocket drops and comes back, the call in progress gets a re-INVITE with an ICE restart (sip.js #1095)', async () => {
    const clock = new ManualClock();
    const { registrar, calls, ua, media } = await signedInAlice(clock);
    const call = await calls.place('+12025550102');
    await connected(call);
    const reconnected = ua.once('reconnected');
    registrar.dropConnections();
    await until(() => clock.pending().length === 1);
    clock.advance(100);
    await reconnected;
    await until(() => media.at(-1)!.offers.some((o) => (o as { offerOptions?: { iceRestart?: boolean } }).offerOptions?.iceRestart === true));
    await until(() => registrar.requests.filter((r) => r.method === 'INVITE').length === 2);
  });
});
