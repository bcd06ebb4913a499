// The softphone's SIP user agent over sip.js 0.21 on a WebSocket (RFC 7118): REGISTER with the
// 3PID and `Authorization: Bearer` (RFC 8898), re-REGISTER after every token refresh, one
// refresh-and-retry on a 401 Bearer challenge from a trusted IdP, Service-Route (RFC 3608)
// honoured, reg-event subscription (RFC 3680) so a network de-registration is reported, and
// reconnection with back-off after the WebSocket drops. sip.js stays behind this class.
import { Registerer, RegistererState, Subscriber, UserAgent, type Invitation, type SessionDescriptionHandlerFactory } from 'sip.js';
import type { IncomingResponse } from 'sip.js/lib/core/messages/incoming-response.js';
import { Emitter, systemClock, type Clock } from '../emitter.ts';
import { PhoneError, PhoneErrorCode, type Result } from '../errors.ts';
import { splitHeaderList } from '../identity/header-list.ts';
import { checkAuthzServer, findBearerChallenge } from './bearer-challenge.ts';
import { parseRegInfo, registrationVerdict } from './reg-info.ts';

export type RegistrationState = 'unregistered' | 'registering' | 'registered' | 'failed';

export interface RegistrationInfo {
  /** P-Associated-URI (RFC 7315): the implicit registration set, default identity first. */
  associatedUris: string[];
  /** Service-Route (RFC 3608), used as the route set of later out-of-dialog requests. */
  serviceRoute: string[];
}

export interface PhoneUserAgentOptions {
  /** P-CSCF WebSocket URL (`ws://localhost:5066`, `wss://...` outside one machine). */
  server: string;
  /** The 3PID to register, from the access token's `3pid` claim. */
  aor: string;
  displayName?: string;
  /** Request-URI of REGISTER: the IMS home domain (`sip:ims.mnc001.mcc001.3gppnetwork.org`). */
  registrar: string;
  /** The configured IdP issuer(s): the only `authz_server` values trusted (RFC 8898 §3). */
  trustedAuthzServers: readonly string[];
  accessToken: string;
  /** Gets a fresh access token (one refresh) when the registrar challenges with 401 Bearer. */
  refreshAccessToken: () => Promise<string>;
  /** RFC 5626 instance URN, generated once per installation and kept. */
  instanceId: string;
  expires?: number;
  sessionDescriptionHandlerFactory: SessionDescriptionHandlerFactory;
  clock?: Clock;
  /** Back-off of reconnection attempts: first delay and cap, ms (defaults 1000 and 30000). */
  reconnect?: { initialMs?: number; maxMs?: number };
}

export type PhoneUserAgentEvents = {
  registrationChanged: (state: RegistrationState, error?: PhoneError) => void;
  registered: (info: RegistrationInfo) => void;
  /** The network ended the registration (reg-event); the app signs the user out with `message`. */
  networkDeregistered: (reason: { event: string; message: string }) => void;
  connectionChanged: (connected: boolean) => void;
  /** The WebSocket came back and the registration was renewed; calls need an ICE restart. */
  reconnected: () => void;
  invitation: (invitation: Invitation) => void;
};

export class PhoneUserAgent extends Emitter<PhoneUserAgentEvents> {
  readonly #options: PhoneUserAgentOptions;
  readonly #clock: Clock;
  readonly #routeSet: string[] = [];
  readonly ua: UserAgent;
  #registerer: Registerer | undefined;
  #subscriber: Subscriber | undefined;
  #token: string;
  #state: RegistrationState = 'unregistered';
  #retriedChallenge = false;
  #stopping = false;
  #reconnectTimer: unknown;
  #attempt = 0;
  #wasConnected = false;
  info: RegistrationInfo = { associatedUris: [], serviceRoute: [] };

  constructor(options: PhoneUserAgentOptions) {
    super();
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#token = options.accessToken;
    const uri = UserAgent.makeURI(options.aor);
    if (!uri) throw new PhoneError(PhoneErrorCode.Registration, `Not a SIP URI: ${options.aor}`);
    this.ua = new UserAgent({
      uri,
      ...(options.displayName ? { displayName: options.displayName } : {}),
      transportOptions: { server: options.server },
      instanceId: options.instanceId.replace(/^urn:uuid:/, ''),
      // The same array object is read for every out-of-dialog request: Service-Route is written
      // into it after each 200 to REGISTER (sip.js has no Service-Route support of its own).
      preloadedRouteSet: this.#routeSet,
      sessionDescriptionHandlerFactory: options.sessionDescriptionHandlerFactory,
      logBuiltinEnabled: false,
      reconnectionAttempts: 0,
      delegate: {
        onConnect: () => this.#onConnect(),
        onDisconnect: (error) => this.#onDisconnect(error),
        onInvite: (invitation) => this.emit('invitation', invitation),
      },
    });
  }

  get state(): RegistrationState {
    return this.#state;
  }

  /** The access token in use: initial INVITEs carry it too (the S-CSCF checks it, RFC 8898 §6). */
  get accessToken(): string {
    return this.#token;
  }

  #setState(state: RegistrationState, error?: PhoneError): void {
    this.#state = state;
    this.emit('registrationChanged', state, ...(error ? [error] : []));
  }

  /** Connects and registers; resolves once registered, rejects with a `PhoneError`. */
  async start(): Promise<RegistrationInfo> {
    this.#stopping = false;
    try {
      await this.ua.start();
    } catch (error) {
      throw new PhoneError(PhoneErrorCode.Transport, `Cannot reach the network at ${this.#options.server}.`, { cause: error });
    }
    return this.register();
  }

  /** Sends a REGISTER with the current token; resolves when registered. */
  register(): Promise<RegistrationInfo> {
    return new Promise<RegistrationInfo>((resolve, reject) => {
      const offOk = this.on('registered', (info) => {
        offOk();
        offFail();
        resolve(info);
      });
      const offFail = this.on('registrationChanged', (state, error) => {
        if (state !== 'failed') return;
        offOk();
        offFail();
        reject(error ?? new PhoneError(PhoneErrorCode.Registration, 'Registration failed.'));
      });
      void this.#sendRegister();
    });
  }

  /** Re-REGISTERs with a new access token (call after every refresh). */
  async setAccessToken(token: string): Promise<void> {
    if (token === this.#token) return;
    this.#token = token;
    // During a 401 retry the retried REGISTER carries this token already.
    if (this.#answeringChallenge) return;
    if (this.#state === 'registered' || this.#state === 'registering') await this.register();
  }

  #answeringChallenge = false;

  /**
   * For a 401 to a request other than REGISTER (an INVITE): when it carries a Bearer challenge from
   * a trusted authorization server (RFC 8898 §3), gets one fresh token, re-REGISTERs with it, and
   * resolves with it; otherwise resolves with the reason not to retry.
   */
  async refreshForChallenge(response: IncomingResponse): Promise<Result<string>> {
    const message = response.message;
    const challenge = message.statusCode === 401 || message.statusCode === 407 ? findBearerChallenge(message.getHeaders(message.statusCode === 401 ? 'www-authenticate' : 'proxy-authenticate')) : undefined;
    if (!challenge) return { ok: false, error: new PhoneError(PhoneErrorCode.Registration, 'The network asked for credentials this softphone cannot provide (no Bearer challenge).') };
    const trusted = checkAuthzServer(challenge, this.#options.trustedAuthzServers);
    if (!trusted.ok) return trusted;
    let token: string;
    try {
      token = await this.#options.refreshAccessToken();
    } catch (error) {
      return { ok: false, error: new PhoneError(PhoneErrorCode.Session, 'Your sign-in could not be renewed. Sign in again.', { cause: error }) };
    }
    // A linked session has already handed the new token over (and re-REGISTERed); otherwise do it here.
    if (token !== this.#token) await this.setAccessToken(token).catch(() => undefined);
    return { ok: true, value: token };
  }

  async #sendRegister(): Promise<void> {
    const registerer = (this.#registerer ??= new Registerer(this.ua, {
      expires: this.#options.expires ?? 600,
      registrar: UserAgent.makeURI(this.#options.registrar)!,
      regId: 1,
      // Refresh at 80 %: a token refresh always gets its re-REGISTER in before the binding lapses.
      refreshFrequency: 80,
    }));
    await waitUntilIdle(registerer);
    // A renewal (new token, reconnection) does not make a registered phone look unregistered.
    if (this.#state !== 'registered') this.#setState('registering');
    // register() stores these options, so sip.js's own refresh REGISTERs carry the latest token.
    // It throws (not rejects) once the registerer is disposed, e.g. by stop() during a retry.
    try {
      await registerer.register({
        requestOptions: { extraHeaders: [`Authorization: Bearer ${this.#token}`, 'Supported: outbound'] },
        requestDelegate: {
          onAccept: (response) => this.#onAccepted(response),
          onReject: (response) => void this.#onRejected(response),
        },
      });
    } catch (error) {
      this.#setState('failed', new PhoneError(PhoneErrorCode.Registration, 'The REGISTER could not be sent.', { cause: error }));
    }
  }

  #onAccepted(response: IncomingResponse): void {
    this.#retriedChallenge = false;
    const message = response.message;
    const serviceRoute = message.getHeaders('service-route').flatMap((v) => splitHeaderList(v)).map((v) => v.trim());
    const associatedUris = message.getHeaders('p-associated-uri').flatMap((v) => splitHeaderList(v)).map((v) => (/<([^>]*)>/.exec(v)?.[1] ?? v).trim());
    this.#routeSet.splice(0, this.#routeSet.length, ...serviceRoute);
    this.info = { associatedUris, serviceRoute };
    this.#setState('registered');
    this.emit('registered', this.info);
    if (!this.#subscriber) this.#subscribeRegEvent();
  }

  async #onRejected(response: IncomingResponse): Promise<void> {
    const message = response.message;
    if (message.statusCode === 401 || message.statusCode === 407) {
      const challenge = findBearerChallenge(message.getHeaders(message.statusCode === 401 ? 'www-authenticate' : 'proxy-authenticate'));
      if (!challenge) {
        this.#setState('failed', new PhoneError(PhoneErrorCode.Registration, 'The network asked for credentials this softphone cannot provide (no Bearer challenge).'));
        return;
      }
      const trusted = checkAuthzServer(challenge, this.#options.trustedAuthzServers);
      if (!trusted.ok) {
        this.#setState('failed', trusted.error);
        return;
      }
      if (this.#retriedChallenge) {
        this.#retriedChallenge = false;
        this.#setState('failed', new PhoneError(PhoneErrorCode.Registration, `The network refused your sign-in token${challenge.error ? ` (${challenge.error})` : ''}. Sign in again.`, { details: { ...challenge } }));
        return;
      }
      // RFC 8898 §3: obtain a (new) token and retry the request once.
      this.#retriedChallenge = true;
      this.#answeringChallenge = true;
      try {
        this.#token = await this.#options.refreshAccessToken();
      } catch (error) {
        this.#retriedChallenge = false;
        this.#answeringChallenge = false;
        this.#setState('failed', new PhoneError(PhoneErrorCode.Session, 'Your sign-in could not be renewed. Sign in again.', { cause: error }));
        return;
      }
      this.#answeringChallenge = false;
      if (this.#stopping) return; // signed out while the token was being refreshed
      await this.#sendRegister();
      return;
    }
    this.#setState('failed', new PhoneError(PhoneErrorCode.Registration, `The network refused the registration (${message.statusCode} ${message.reasonPhrase}).`, { details: { status: message.statusCode } }));
  }

  #subscribeRegEvent(): void {
    const target = UserAgent.makeURI(this.#options.aor)!;
    const subscriber = new Subscriber(this.ua, target, 'reg', { expires: 3761, extraHeaders: ['Accept: application/reginfo+xml'] });
    this.#subscriber = subscriber;
    subscriber.delegate = {
      onNotify: (notification) => {
        void notification.accept();
        const info = parseRegInfo(notification.request.body ?? '');
        if (!info) return;
        const verdict = registrationVerdict(info, this.#options.aor);
        switch (verdict.type) {
          case 'active':
            return;
          case 'reregister':
            // The network asks for a new REGISTER (re-authentication): always send one.
            this.#answeringChallenge = true; // the linked session's tokensChanged must not REGISTER twice
            void this.#options
              .refreshAccessToken()
              .then((token) => {
                this.#answeringChallenge = false;
                this.#token = token;
                return this.register();
              })
              .catch(() => {
                this.#answeringChallenge = false;
              });
            return;
          case 'deregistered':
            this.#setState('unregistered');
            this.emit('networkDeregistered', { event: verdict.event, message: verdict.message });
            return;
        }
      },
    };
    subscriber.subscribe().catch(() => undefined); // the registration works without reg-event
  }

  #onConnect(): void {
    this.emit('connectionChanged', true);
    if (this.#wasConnected && this.#state !== 'unregistered') {
      // The back-off restarts only once the registration is back: a socket that opens and drops
      // again at once must not reset it.
      this.register()
        .then(() => {
          this.#attempt = 0;
          this.emit('reconnected');
        })
        .catch(() => undefined);
    }
    this.#wasConnected = true;
  }

  #onDisconnect(error?: Error): void {
    this.emit('connectionChanged', false);
    if (this.#stopping || !error) return;
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    // A failed attempt can be reported twice (the connect promise and the close event): one timer.
    if (this.#reconnectTimer !== undefined) return;
    const initial = this.#options.reconnect?.initialMs ?? 1000;
    const max = this.#options.reconnect?.maxMs ?? 30_000;
    const delay = Math.min(max, initial * 2 ** this.#attempt);
    this.#attempt++;
    this.#reconnectTimer = this.#clock.setTimeout(() => {
      this.#reconnectTimer = undefined;
      this.ua.reconnect().catch(() => {
        if (!this.#stopping) this.#scheduleReconnect();
      });
    }, delay);
  }

  /** Un-REGISTERs (with the token: sip.js does not reuse it for unregister) and disconnects. */
  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.#reconnectTimer !== undefined) this.#clock.clearTimeout(this.#reconnectTimer);
    // Unsubscribe without waiting for the notifier's final NOTIFY (up to Timer N, 32 s, in sip.js).
    void this.#subscriber?.dispose().catch(() => undefined);
    this.#subscriber = undefined;
    const registerer = this.#registerer;
    if (registerer && registerer.state === RegistererState.Registered && this.ua.isConnected()) {
      const unregister = (async () => {
        await waitUntilIdle(registerer);
        await new Promise<void>((resolve) => {
          registerer
            .unregister({ requestOptions: { extraHeaders: [`Authorization: Bearer ${this.#token}`] }, requestDelegate: { onAccept: () => resolve(), onReject: () => resolve() } })
            .catch(() => resolve());
        });
      })();
      // Signing out never hangs on a lost REGISTER transaction (sip.js would wait Timer F, 32 s).
      let timer: unknown;
      await Promise.race([unregister, new Promise<void>((resolve) => (timer = this.#clock.setTimeout(resolve, STOP_WAIT_MS)))]);
      this.#clock.clearTimeout(timer);
    }
    this.#setState('unregistered');
    await this.ua.stop();
  }
}

/** How long stop() waits for an outstanding REGISTER and the un-REGISTER before disconnecting. */
const STOP_WAIT_MS = 3000;

/** sip.js rejects a second REGISTER while one is outstanding (RequestPendingError, its #1071). */
function waitUntilIdle(registerer: Registerer): Promise<void> {
  // `waiting` / `waitingChange` are private in sip.js 0.21's typings but stable in the pinned
  // version; they are the only way to know when register() may be called again.
  const r = registerer as unknown as { waiting: boolean; waitingChange: { addListener(l: (w: boolean) => void): void; removeListener(l: (w: boolean) => void): void } };
  if (!r.waiting) return Promise.resolve();
  return new Promise((resolve) => {
    const listener = (waiting: boolean) => {
      if (waiting) return;
      r.waitingChange.removeListener(listener);
      resolve();
    };
    r.waitingChange.addListener(listener);
  });
}
