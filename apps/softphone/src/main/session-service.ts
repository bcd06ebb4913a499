// The sign-in session as main holds it: @eims/phone's PhoneSession (system browser + loopback
// redirect) with the refresh token persisted encrypted by the TokenStore. The renderer only ever
// receives access tokens (`RendererTokens`); the refresh token never crosses the IPC boundary.
import type { PhoneSession, SessionTokens, SignOutReasonInfo } from '@eims/phone';
import type { RendererTokens, SignedOutEvent } from '../shared/ipc-contract.ts';
import type { StoreResult } from './token-store.ts';

export type SessionLike = Pick<PhoneSession, 'signIn' | 'restore' | 'refresh' | 'signOut' | 'tokens' | 'on'>;
export interface TokenStoreLike {
  save(secret: string): Promise<StoreResult>;
  load(): Promise<string | undefined>;
  clear(): Promise<void>;
  unavailableReason(): string | undefined;
}

export interface SessionServiceEvents {
  tokensChanged(tokens: RendererTokens): void;
  signedOut(event: SignedOutEvent): void;
  /** Something went wrong that the person need not act on now (logged by main). */
  warn(message: string): void;
}

/** Refresh an access token handed to the renderer when it has less than this left. */
const FRESH_MS = 30_000;

export class SessionService {
  readonly #session: SessionLike;
  readonly #store: TokenStoreLike;
  readonly #events: SessionServiceEvents;
  readonly #now: () => number;
  #signingIn: Promise<RendererTokens> | undefined;
  #saving: Promise<void> = Promise.resolve();

  constructor(session: SessionLike, store: TokenStoreLike, events: SessionServiceEvents, now: () => number = Date.now) {
    this.#session = session;
    this.#store = store;
    this.#events = events;
    this.#now = now;
    session.on('tokensChanged', (tokens) => {
      // Refresh tokens rotate: persist every new one, in order, so a restart resumes with the latest.
      this.#saving = this.#saving.then(() => this.#persist(tokens.persisted));
      this.#events.tokensChanged(this.#forRenderer(tokens));
    });
    session.on('signedOut', (reason: SignOutReasonInfo) => {
      this.#saving = this.#saving.then(() => this.#forget());
      this.#events.signedOut({ code: reason.code, message: reason.message });
    });
  }

  /** One sign-in at a time: a second click while the browser is open waits for the same one. */
  signIn(): Promise<RendererTokens> {
    this.#signingIn ??= this.#session.signIn().then((t) => this.#forRenderer(t)).finally(() => {
      this.#signingIn = undefined;
    });
    return this.#signingIn;
  }

  /** Resumes the saved session; null when there is none or it can no longer be used. */
  async restore(): Promise<RendererTokens | null> {
    if (this.#session.tokens) return this.#forRenderer(this.#session.tokens);
    const saved = await this.#store.load();
    if (saved === undefined) return null;
    try {
      return this.#forRenderer(await this.#session.restore(saved));
    } catch (error) {
      // A refused refresh token already signed the session out (and the store was cleared by
      // `signedOut`); an unreachable IdP keeps it, and PhoneSession retries on its own. Only an
      // unreadable file is dropped here.
      const cause = (error as { cause?: unknown }).cause;
      if (cause instanceof SyntaxError || cause instanceof TypeError) await this.#forget();
      this.#events.warn(`The saved session could not be resumed: ${(error as Error).message}`);
      return null;
    }
  }

  /** The current access token, refreshed first when it is about to expire; null when signed out. */
  async accessToken(): Promise<RendererTokens | null> {
    const tokens = this.#session.tokens;
    if (!tokens) return null;
    if (tokens.expiresAt - this.#now() > FRESH_MS) return this.#forRenderer(tokens);
    return this.#forRenderer(await this.#session.refresh());
  }

  async signOut(): Promise<void> {
    try {
      await this.#session.signOut();
    } finally {
      await this.#saving;
      await this.#forget();
    }
  }

  /** Waits for pending writes of the token store (tests, and quitting). */
  flush(): Promise<void> {
    return this.#saving;
  }

  #forRenderer(tokens: SessionTokens): RendererTokens {
    const warning = this.#store.unavailableReason();
    return { accessToken: tokens.accessToken, expiresAt: tokens.expiresAt, claims: tokens.claims, ...(warning !== undefined ? { persistenceWarning: warning } : {}) };
  }

  async #persist(persisted: string): Promise<void> {
    const saved = await this.#store.save(persisted);
    if (!saved.ok) this.#events.warn(saved.error);
  }

  async #forget(): Promise<void> {
    try {
      await this.#store.clear();
    } catch (error) {
      this.#events.warn(`Could not remove the saved session: ${(error as Error).message}`);
    }
  }
}
