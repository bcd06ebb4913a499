// A signed-in softphone core on the real emulator: PhoneSession at the real IdP (sign-in through
// its real form), PhoneUserAgent on the P-CSCF's WebSocket, CallManager with the IdP's colleague
// directory, fake media (no WebRTC in Node). Exactly the wiring the app does.
import { randomUUID } from 'node:crypto';
import { DEMO_PASSWORD } from '../../../../idp/test/support/test-idp.ts';
import { CallManager } from '../../src/call/call-manager.ts';
import { IdpColleagueDirectory } from '../../src/call/idp-colleague-directory.ts';
import type { Clock } from '../../src/emitter.ts';
import { linkSessionToUserAgent } from '../../src/phone-link.ts';
import { MemoryStateStore, PhoneSession, type SessionTokens } from '../../src/session/index.ts';
import { PhoneUserAgent, type PhoneUserAgentOptions } from '../../src/sip/phone-user-agent.ts';
import { browserSignIn } from './browser-sign-in.ts';
import { HOME_DOMAIN, IMS_RESOURCE, type EmulatorStack } from './emulator-stack.ts';
import { fakeMediaFactory, type FakeMediaHandler } from './fake-media.ts';

export interface EmulatorPhone {
  username: string;
  aor: string;
  session: PhoneSession;
  ua: PhoneUserAgent;
  calls: CallManager;
  directory: IdpColleagueDirectory;
  /** Media handlers created for this phone's calls, in order. */
  media: FakeMediaHandler[];
  tokens: SessionTokens;
  /** Signs out (un-REGISTER, revoke) unless already signed out, and closes the socket. */
  close(): Promise<void>;
}

export interface EmulatorPhoneOptions {
  /** Session clock (default: the real one). */
  sessionClock?: Clock;
  /** User-agent options to override (clock, reconnect, trustedAuthzServers...). */
  ua?: Partial<PhoneUserAgentOptions>;
  /** Start the user agent (REGISTER) before returning; default true. */
  start?: boolean;
  /** Tokens to start the UA with instead of the session's. */
  accessToken?: string;
}

export async function signInPhone(stack: EmulatorStack, username: string, options: EmulatorPhoneOptions = {}): Promise<EmulatorPhone> {
  const redirect = 'http://127.0.0.1:53990/callback';
  const session = new PhoneSession({
    issuer: stack.idp.issuer,
    clientId: 'softphone',
    resource: IMS_RESOURCE,
    stateStore: new MemoryStateStore(),
    ...(options.sessionClock ? { clock: options.sessionClock } : {}),
    navigator: {
      prepare: async () => ({ redirectUri: redirect, navigate: (url) => browserSignIn(url, redirect, username, DEMO_PASSWORD), close: () => undefined }),
    },
  });
  const tokens = await session.signIn();
  const aor = tokens.claims.threePid!;
  const media: FakeMediaHandler[] = [];
  const ua = new PhoneUserAgent({
    server: stack.wsUrl,
    aor,
    ...(tokens.claims.name ? { displayName: tokens.claims.name } : {}),
    registrar: `sip:${HOME_DOMAIN}`,
    trustedAuthzServers: [stack.idp.issuer],
    accessToken: options.accessToken ?? tokens.accessToken,
    refreshAccessToken: async () => (await session.refresh()).accessToken,
    instanceId: `urn:uuid:${randomUUID()}`,
    sessionDescriptionHandlerFactory: fakeMediaFactory(media),
    reconnect: { initialMs: 200, maxMs: 2000 },
    ...options.ua,
  });
  linkSessionToUserAgent(session, ua);
  const directory = new IdpColleagueDirectory({
    issuer: stack.idp.issuer,
    accessToken: () => session.tokens?.accessToken,
    refreshAccessToken: async () => (await session.refresh()).accessToken,
  });
  const calls = new CallManager(ua, { homeDomain: HOME_DOMAIN, directory });
  if (options.start !== false) await ua.start();
  return {
    username,
    aor,
    session,
    ua,
    calls,
    directory,
    media,
    tokens,
    async close() {
      if (session.tokens) await session.signOut().catch(() => undefined);
      await ua.stop().catch(() => undefined);
    },
  };
}

export function until(check: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      if (check()) return resolve();
      if (Date.now() - start > ms) return reject(new Error(`${what} not met within ${ms} ms`));
      setTimeout(tick, 10);
    };
    tick();
  });
}
