// The employee's sign-in session at the enterprise IdP over oidc-client-ts: authorization code +
// PKCE (RFC 7636) with the IMS resource indicator (RFC 8707), refresh before the access token
// expires (refresh tokens rotate), and sign-out that revokes the tokens (RFC 7009). Platform
// pieces are injected: the state store, the "browser" that brings back the callback URL
// (system browser + RFC 8252 loopback in Electron, a redirect on the web), and the clock.
import { OidcClient, type StateStore } from 'oidc-client-ts';
import { Emitter, systemClock, type Clock } from '../emitter.ts';
import { PhoneError, PhoneErrorCode } from '../errors.ts';
import { readAccessTokenClaims, type AccessTokenClaims } from './access-token-claims.ts';

export type { StateStore } from 'oidc-client-ts';

/** Opens the authorization URL somewhere and resolves with the URL the IdP redirected back to. */
export interface SignInNavigator {
  /** Prepares a redirect target (e.g. a loopback listener on a fresh port) before the request is built. */
  prepare(): Promise<{ redirectUri: string; navigate(authorizationUrl: string): Promise<string>; close(): void }>;
}

export interface PhoneSessionOptions {
  /** The IdP's issuer URL; also the only `authz_server` a 401 may name (RFC 8898 §3). */
  issuer: string;
  clientId: string;
  /** RFC 8707 resource: the IMS (`https://ims.mnc001.mcc001.3gppnetwork.org`). */
  resource: string;
  scope?: string;
  stateStore: StateStore;
  navigator: SignInNavigator;
  clock?: Clock;
  /** Refresh this long before expiry (capped at a quarter of the token lifetime). Default 60 s. */
  refreshMarginSeconds?: number;
}

export interface SessionTokens {
  accessToken: string;
  /** Expiry of the access token, ms since the epoch on the session's clock. */
  expiresAt: number;
  claims: AccessTokenClaims;
  /** Opaque string to keep (encrypted, in Electron's main process) and hand to `restore()`. */
  persisted: string;
}

export const SignOutReason = {
  User: 'user',
  SessionExpired: 'session-expired',
  NetworkDeregistered: 'network-deregistered',
} as const;
export type SignOutReasonCode = (typeof SignOutReason)[keyof typeof SignOutReason];
export interface SignOutReasonInfo {
  code: SignOutReasonCode;
  /** A sentence for the person at the screen, saying what happened and what to do. */
  message: string;
}

export type PhoneSessionEvents = {
  tokensChanged: (tokens: SessionTokens) => void;
  signedOut: (reason: SignOutReasonInfo) => void;
  refreshFailed: (error: PhoneError) => void;
};

interface Persisted {
  v: 1;
  refreshToken: string;
  sub: string;
  scope?: string;
}

const DEFAULT_SCOPE = 'openid profile phone offline_access sip';
const RETRY_MS = 10_000;

/**
 * @example
 * const session = new PhoneSession({ issuer, clientId: 'softphone', resource: IMS, stateStore, navigator });
 * session.on('tokensChanged', (t) => userAgent.setAccessToken(t.accessToken));
 * await session.signIn();
 */
export class PhoneSession extends Emitter<PhoneSessionEvents> {
  readonly issuer: string;
  readonly #options: PhoneSessionOptions;
  readonly #clock: Clock;
  #client: OidcClient | undefined;
  #refreshToken: string | undefined;
  #tokens: SessionTokens | undefined;
  #timer: unknown;
  #inflight: Promise<SessionTokens> | undefined;
  #beforeSignOut: (() => Promise<void>)[] = [];

  constructor(options: PhoneSessionOptions) {
    super();
    this.issuer = options.issuer.replace(/\/+$/, '');
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
  }

  get tokens(): SessionTokens | undefined {
    return this.#tokens;
  }

  #oidc(redirectUri: string): OidcClient {
    // One client per redirect URI: the loopback port differs per sign-in (RFC 8252 §7.3).
    if (this.#client?.settings.redirect_uri === redirectUri) return this.#client;
    this.#client = new OidcClient({
      authority: this.issuer,
      client_id: this.#options.clientId,
      redirect_uri: redirectUri,
      scope: this.#options.scope ?? DEFAULT_SCOPE,
      resource: this.#options.resource,
      stateStore: this.#options.stateStore,
      loadUserInfo: false,
      response_type: 'code',
      // RFC 7009 §2.2 defines no body for a 200; oidc-provider answers an empty text/plain one.
      revokeTokenAdditionalContentTypes: ['text/plain'],
    });
    return this.#client;
  }

  /** Signs in through the navigator (authorization code + PKCE S256 + resource). */
  async signIn(): Promise<SessionTokens> {
    const target = await this.#options.navigator.prepare();
    try {
      const client = this.#oidc(target.redirectUri);
      const request = await client.createSigninRequest({});
      const callbackUrl = await target.navigate(request.url);
      let response;
      try {
        response = await client.processSigninResponse(callbackUrl);
      } catch (error) {
        throw new PhoneError(PhoneErrorCode.Session, `Sign-in failed: ${describe(error)}`, { cause: error });
      }
      if (!response.refresh_token) throw new PhoneError(PhoneErrorCode.Session, 'The IdP issued no refresh token (is offline_access allowed for this client?)');
      return this.#accept(response.access_token, response.expires_in, response.refresh_token, response.profile.sub, response.scope);
    } finally {
      target.close();
    }
  }

  /** Resumes a session from `SessionTokens.persisted` with the refresh-token grant. */
  async restore(persisted: string): Promise<SessionTokens> {
    let saved: Persisted;
    try {
      saved = JSON.parse(persisted) as Persisted;
      if (saved.v !== 1 || typeof saved.refreshToken !== 'string' || typeof saved.sub !== 'string') throw new TypeError('unexpected shape');
    } catch (error) {
      throw new PhoneError(PhoneErrorCode.Session, 'The saved session is unreadable; sign in again.', { cause: error });
    }
    this.#refreshToken = saved.refreshToken;
    this.#lastSub = saved.sub;
    this.#lastScope = saved.scope;
    return this.refresh();
  }

  #lastSub: string | undefined;
  #lastScope: string | undefined;

  /** Refreshes now (one request at a time); the rotated refresh token replaces the old one. */
  refresh(): Promise<SessionTokens> {
    this.#inflight ??= this.#refresh().finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  async #refresh(): Promise<SessionTokens> {
    const refreshToken = this.#refreshToken;
    const sub = this.#lastSub;
    if (!refreshToken || !sub) throw new PhoneError(PhoneErrorCode.Session, 'Not signed in.');
    const client = this.#oidc(this.#client?.settings.redirect_uri ?? 'http://127.0.0.1/callback');
    let response;
    try {
      response = await client.useRefreshToken({
        state: { refresh_token: refreshToken, session_state: null, profile: { sub } as never, ...(this.#lastScope ? { scope: this.#lastScope } : {}), data: undefined },
        resource: this.#options.resource,
      });
    } catch (error) {
      const oauthError = (error as { error?: unknown }).error;
      const wrapped = new PhoneError(PhoneErrorCode.Session, `Token refresh failed: ${describe(error)}`, { cause: error, details: { oauthError } });
      if (typeof oauthError === 'string') {
        // The IdP refused the grant (revoked, expired, employee disabled): the session is over.
        this.#end({ code: SignOutReason.SessionExpired, message: 'Your sign-in has expired or was revoked by your organization. Sign in again.' });
      } else {
        this.emit('refreshFailed', wrapped);
        this.#schedule(RETRY_MS);
      }
      throw wrapped;
    }
    return this.#accept(response.access_token, response.expires_in, response.refresh_token ?? refreshToken, sub, response.scope);
  }

  #accept(accessToken: string, expiresIn: number | undefined, refreshToken: string, sub: string, scope: string | undefined): SessionTokens {
    this.#refreshToken = refreshToken;
    this.#lastSub = sub;
    this.#lastScope = scope;
    const claims = readAccessTokenClaims(accessToken) ?? { sub };
    const lifetimeMs = (expiresIn ?? 300) * 1000;
    const tokens: SessionTokens = {
      accessToken,
      expiresAt: this.#clock.now() + lifetimeMs,
      claims,
      persisted: JSON.stringify({ v: 1, refreshToken, sub, ...(scope ? { scope } : {}) } satisfies Persisted),
    };
    this.#tokens = tokens;
    const margin = Math.min((this.#options.refreshMarginSeconds ?? 60) * 1000, lifetimeMs / 4);
    this.#schedule(lifetimeMs - margin);
    this.emit('tokensChanged', tokens);
    return tokens;
  }

  #schedule(ms: number): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      this.refresh().catch(() => undefined); // failures are reported through events above
    }, Math.max(0, ms));
  }

  /** Runs before tokens are revoked on sign-out (the user agent un-REGISTERs while its token still works). */
  onBeforeSignOut(hook: () => Promise<void>): void {
    this.#beforeSignOut.push(hook);
  }

  /** Un-registers (hooks), revokes the refresh and access tokens at the IdP, and ends the session. */
  async signOut(reason: SignOutReasonInfo = { code: SignOutReason.User, message: 'You signed out.' }): Promise<void> {
    for (const hook of this.#beforeSignOut) {
      await hook().catch(() => undefined); // a failed un-REGISTER must not keep the tokens alive
    }
    const client = this.#client;
    const refreshToken = this.#refreshToken;
    const accessToken = this.#tokens?.accessToken;
    this.#end(reason);
    if (client && refreshToken) await client.revokeToken(refreshToken, 'refresh_token');
    if (client && accessToken) await client.revokeToken(accessToken, 'access_token');
  }

  #end(reason: SignOutReasonInfo): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    const wasSignedIn = this.#refreshToken !== undefined;
    this.#refreshToken = undefined;
    this.#tokens = undefined;
    if (wasSignedIn) this.emit('signedOut', reason);
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
