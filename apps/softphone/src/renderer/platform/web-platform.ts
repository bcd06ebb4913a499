// The web build's platform: PhoneSession (oidc-client-ts, code + PKCE + resource) running in the
// page, with a navigator that redirects this page to the IdP. The IdP redirects back to
// `/callback`; `resume()` then finishes the sign-in from that URL. The PKCE state lives in
// localStorage across the redirect; the refresh token in sessionStorage (this tab only), so a
// reload keeps the person signed in and closing the tab forgets it.
import { PhoneSession, type SignInNavigator, type StateStore } from '@eims/phone';
import { parseRuntimeConfig, type RuntimeConfig } from '../runtime-config.ts';
import type { Platform, PlatformSignOut, PlatformTokens } from './platform.ts';

const PERSISTED_KEY = 'softphone.session';
const STATE_PREFIX = 'softphone.oidc.';

/** oidc-client-ts's state store over localStorage (the state must survive the redirect). */
class LocalStateStore implements StateStore {
  async set(key: string, value: string): Promise<void> {
    localStorage.setItem(STATE_PREFIX + key, value);
  }
  async get(key: string): Promise<string | null> {
    return localStorage.getItem(STATE_PREFIX + key);
  }
  async remove(key: string): Promise<string | null> {
    const value = localStorage.getItem(STATE_PREFIX + key);
    localStorage.removeItem(STATE_PREFIX + key);
    return value;
  }
  async getAllKeys(): Promise<string[]> {
    return Object.keys(localStorage).filter((k) => k.startsWith(STATE_PREFIX)).map((k) => k.slice(STATE_PREFIX.length));
  }
}

function redirectUri(): string {
  return `${location.origin}/callback`;
}

/** Leaves the page for the IdP; the promise never settles (the page unloads). */
const redirectNavigator: SignInNavigator = {
  async prepare() {
    return {
      redirectUri: redirectUri(),
      navigate: (url: string) => {
        location.assign(url);
        return new Promise<string>(() => undefined);
      },
      close: () => undefined,
    };
  },
};

/** Hands PhoneSession the URL the IdP redirected back to. */
function callbackNavigator(callbackUrl: string): SignInNavigator {
  return {
    async prepare() {
      return { redirectUri: redirectUri(), navigate: async () => callbackUrl, close: () => undefined };
    },
  };
}

export class WebPlatform implements Platform {
  readonly kind = 'web' as const;
  #config: RuntimeConfig | undefined;
  #session: PhoneSession | undefined;
  #navigator: SignInNavigator = redirectNavigator;
  readonly #tokenListeners = new Set<(t: PlatformTokens) => void>();
  readonly #signedOutListeners = new Set<(r: PlatformSignOut) => void>();

  async loadConfig(): Promise<RuntimeConfig> {
    let response: Response;
    try {
      response = await fetch('/config.json', { cache: 'no-store' });
    } catch (error) {
      throw new Error('The softphone cannot load its configuration (/config.json). Is the web server running?', { cause: error });
    }
    if (!response.ok) throw new Error(`The softphone configuration could not be loaded (/config.json answered ${response.status}).`);
    const parsed = parseRuntimeConfig(await response.json().catch(() => undefined));
    if (!parsed.ok) throw new Error(parsed.error);
    this.#config = parsed.value;
    return parsed.value;
  }

  #sessionFor(config: RuntimeConfig): PhoneSession {
    if (this.#session) return this.#session;
    // The navigator is read through a closure so resume() can swap in the callback URL.
    const session = new PhoneSession({
      issuer: config.issuer,
      clientId: config.clientId,
      resource: config.resource,
      stateStore: new LocalStateStore(),
      navigator: { prepare: () => this.#navigator.prepare() },
    });
    session.on('tokensChanged', (tokens) => {
      sessionStorage.setItem(PERSISTED_KEY, tokens.persisted);
      for (const l of this.#tokenListeners) l({ accessToken: tokens.accessToken });
    });
    session.on('signedOut', (reason) => {
      sessionStorage.removeItem(PERSISTED_KEY);
      for (const l of this.#signedOutListeners) l(reason);
    });
    this.#session = session;
    return session;
  }

  #requireConfig(): RuntimeConfig {
    if (!this.#config) throw new Error('loadConfig() first');
    return this.#config;
  }

  async resume(): Promise<PlatformTokens | undefined> {
    const session = this.#sessionFor(this.#requireConfig());
    const url = new URL(location.href);
    if (url.pathname === '/callback' && (url.searchParams.has('code') || url.searchParams.has('error'))) {
      // Clean the address bar first: a reload must not replay a used authorization code.
      history.replaceState(null, '', '/');
      if (url.searchParams.has('error')) {
        throw new Error(`Sign-in was not completed: ${url.searchParams.get('error_description') ?? url.searchParams.get('error')}.`);
      }
      this.#navigator = callbackNavigator(url.href);
      try {
        const tokens = await session.signIn();
        return { accessToken: tokens.accessToken };
      } finally {
        this.#navigator = redirectNavigator;
      }
    }
    const persisted = sessionStorage.getItem(PERSISTED_KEY);
    if (persisted === null) return undefined;
    try {
      const tokens = await session.restore(persisted);
      return { accessToken: tokens.accessToken };
    } catch (error) {
      sessionStorage.removeItem(PERSISTED_KEY);
      console.warn('The saved sign-in could not be resumed; sign in again.', error);
      return undefined;
    }
  }

  async signIn(): Promise<PlatformTokens> {
    const config = this.#requireConfig();
    try {
      const tokens = await this.#sessionFor(config).signIn();
      return { accessToken: tokens.accessToken };
    } catch (error) {
      // Before the redirect, the only request is the IdP's discovery document.
      if (error instanceof TypeError) throw new Error(`The company sign-in service (${config.issuer}) cannot be reached. Check your connection, or ask IT whether it is running.`, { cause: error });
      throw error;
    }
  }

  async refresh(): Promise<PlatformTokens> {
    const tokens = await this.#sessionFor(this.#requireConfig()).refresh();
    return { accessToken: tokens.accessToken };
  }

  async signOut(reason?: PlatformSignOut): Promise<void> {
    sessionStorage.removeItem(PERSISTED_KEY);
    const session = this.#session;
    if (!session) return;
    const code = reason?.code === 'network-deregistered' || reason?.code === 'session-expired' ? reason.code : 'user';
    await session.signOut({ code, message: reason?.message ?? 'You signed out.' });
  }

  onTokens(listener: (tokens: PlatformTokens) => void): () => void {
    this.#tokenListeners.add(listener);
    return () => this.#tokenListeners.delete(listener);
  }

  onSignedOut(listener: (reason: PlatformSignOut) => void): () => void {
    this.#signedOutListeners.add(listener);
    return () => this.#signedOutListeners.delete(listener);
  }
}
