// The whole demo for browser tests: a real IdP, the IMS emulator (data side + SIP core, every
// listener on 127.0.0.1 port 0, data in fresh temporary folders, Acme provisioned) and the web
// softphone served from the built renderer on a free port, configured for both. With `stir`, the
// SIP core is the `npm start` wiring (STIR/SHAKEN in the MMTel AS per IMS_STIR, the x5u on the
// console listener, the IBCF interconnect on a free port) plus two peer carriers: one whose STI-CA
// root is a configured trust anchor, one nobody trusts.
import { fileURLToPath } from 'node:url';
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { startStack, DOMAIN, PASSWORD, type Stack } from '../../../packages/ims/test/stories/ims-harness.ts';
import { startStirStack, type PeerNetwork } from '../../../packages/ims/test/stir/stir-stack.ts';
import { signInWithCode } from '../../../idp/test/admin/oidc-sign-in.ts';
import { buildRenderer } from '../../../apps/softphone/scripts/build-renderer.mjs';
import { startWebServer, type RunningWebServer } from '../../../apps/softphone/scripts/web-server.mjs';

export const IMS_RESOURCE = 'https://ims.mnc001.mcc001.3gppnetwork.org';
const RENDERER = fileURLToPath(new URL('../../../apps/softphone/dist/renderer', import.meta.url));

/** What the browser tests use of either harness (the story harness or the STIR one). */
export type EmulatorStack = Pick<Stack, 'idp' | 'ims' | 'core' | 'imsDataDir' | 'token' | 'stop'>;

export interface SoftphoneStack {
  stack: EmulatorStack;
  web: RunningWebServer;
  /** With `stir`: a peer carrier the emulator trusts, and one it does not. */
  peers: { trusted: PeerNetwork; untrusted: PeerNetwork } | undefined;
  stop(): Promise<void>;
}

export interface SoftphoneStackOptions {
  accessTokenTtl?: number;
  /** Start the SIP core with STIR/SHAKEN set to this (IMS_STIR) and the IBCF interconnect. */
  stir?: 'on' | 'off';
}

export async function startSoftphoneStack(options: SoftphoneStackOptions = {}): Promise<SoftphoneStack> {
  await buildRenderer({ quiet: true });
  let stack: EmulatorStack;
  let peers: SoftphoneStack['peers'];
  if (options.stir === undefined) {
    stack = await startStack(options.accessTokenTtl === undefined ? {} : { accessTokenTtl: options.accessTokenTtl });
  } else {
    if (options.accessTokenTtl !== undefined) throw new TypeError('accessTokenTtl is not supported together with stir');
    const stirStack = await startStirStack({ stir: options.stir });
    stack = stirStack;
    peers = { trusted: stirStack.trustedPeer, untrusted: stirStack.untrustedPeer };
  }
  const web = await startWebServer({
    root: RENDERER,
    port: 0,
    config: { issuer: stack.idp.issuer, clientId: 'softphone', resource: IMS_RESOURCE, sipWebSocketUrl: stack.core.listeners.ws, imsDomain: DOMAIN },
  });
  return {
    stack,
    web,
    peers,
    async stop() {
      await web.close();
      await stack.stop();
    },
  };
}

/**
 * Collects every RTCPeerConnection the page creates and every DTMF tone it sends (RFC 4733
 * through RTCDTMFSender), so the test can read WebRTC statistics as a person's call produces them.
 */
export const MEDIA_PROBE = `
  window.__peerConnections = [];
  window.__dtmfSent = '';
  const Original = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Original {
    constructor(...args) { super(...args); window.__peerConnections.push(this); }
  };
  const insert = RTCDTMFSender.prototype.insertDTMF;
  RTCDTMFSender.prototype.insertDTMF = function (tones, ...rest) { window.__dtmfSent += tones; return insert.call(this, tones, ...rest); };
`;

export async function newPhonePage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ permissions: ['microphone'] });
  await context.addInitScript(MEDIA_PROBE);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log(`[page error] ${e.message}`));
  return { context, page };
}

/** Signs in through the real IdP page, as a person would, and waits for "Registered". */
export async function signIn(page: Page, web: RunningWebServer, username: string): Promise<void> {
  await page.goto(web.url);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('textbox', { name: 'Username' }).fill(username);
  await page.getByRole('textbox', { name: 'Password' }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('status')).toContainText('Registered', { timeout: 15_000 });
}

/** Bytes of audio received so far on the page's newest live peer connection. */
export async function inboundAudioBytes(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const pcs = (globalThis as unknown as { __peerConnections: { connectionState: string; getStats(): Promise<Map<string, Record<string, unknown>>> }[] }).__peerConnections;
    const live = pcs.filter((pc) => pc.connectionState !== 'closed');
    const pc = live[live.length - 1];
    if (!pc) return 0;
    let bytes = 0;
    for (const report of (await pc.getStats()).values()) {
      if (report['type'] === 'inbound-rtp' && report['kind'] === 'audio') bytes += Number(report['bytesReceived'] ?? 0);
    }
    return bytes;
  });
}

/** Waits until the page's inbound audio grew by at least `minGrowth` bytes from now. */
export async function expectAudioGrowing(page: Page, minGrowth = 2000, timeout = 10_000): Promise<void> {
  const start = await inboundAudioBytes(page);
  await expect.poll(async () => (await inboundAudioBytes(page)) - start, { timeout, message: 'inbound audio bytes should grow' }).toBeGreaterThan(minGrowth);
}

/** The local ICE username fragment of the page's newest peer connection (changes on ICE restart). */
export async function localIceUfrag(page: Page): Promise<string | undefined> {
  return page.evaluate(() => {
    const pcs = (globalThis as unknown as { __peerConnections: { connectionState: string; localDescription: { sdp: string } | null }[] }).__peerConnections;
    const live = pcs.filter((pc) => pc.connectionState !== 'closed');
    const sdp = live[live.length - 1]?.localDescription?.sdp ?? '';
    return /a=ice-ufrag:(\S+)/.exec(sdp)?.[1];
  });
}

/** An access token of the IdP's admin API for the demo IT administrator. */
export async function itAdminToken(issuer: string): Promise<string> {
  const t = await signInWithCode({ issuer, clientId: 'idp-admin', redirectUri: `${issuer}/admin/callback`, resource: `${issuer}/admin`, scope: 'openid admin', username: 'it-admin', password: PASSWORD });
  return t.access_token;
}
