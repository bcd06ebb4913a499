// The softphone's state for the screens: signs in through the platform, runs @eims/phone's user
// agent and call manager, keeps the call history, rings, plays the far end's audio on the chosen
// speaker, and publishes one immutable snapshot per change (React reads it with
// useSyncExternalStore). No React here: the screens only render snapshots and call methods.
import { CallManager, IdpColleagueDirectory, PhoneUserAgent, readAccessTokenClaims, type AccessTokenClaims, type Colleague, type CallEndReason, type PhoneCall, type RegistrationState } from '@eims/phone';
import type { Platform, PlatformSignOut, PlatformTokens } from '../platform/platform.ts';
import type { RuntimeConfig } from '../runtime-config.ts';
import { webRtcMediaFactory } from '../media/webrtc-media.ts';
import { Ringtone } from '../media/ringtone.ts';
import { RemoteAudio } from '../media/remote-audio.ts';
import { CallHistory, type CallHistoryEntry } from './call-history.ts';
import { historyEntryOf } from './history-entry.ts';
import { shownName } from './shown-caller.ts';
import { DevicePreferences } from '../media/device-preferences.ts';

export type Phase = 'starting' | 'signed-out' | 'signing-in' | 'signed-in';

export interface Me {
  threePid: string;
  name?: string;
  number?: string;
}

export interface PhoneSnapshot {
  phase: Phase;
  /** A problem that keeps the phone from starting at all (no configuration). */
  fatal?: string;
  /** Why the person is signed out, when they did not ask for it. */
  signedOut?: { title: string; detail: string };
  me?: Me;
  registration: RegistrationState;
  /** Why the phone is not registered, in words for the person. */
  registrationCause?: string;
  connected: boolean;
  calls: readonly PhoneCall[];
  history: readonly CallHistoryEntry[];
  /** The last thing that went wrong with an action (a call that failed, a bad number). */
  notice?: string;
}

const ORGANIZATION_SIGN_OUT = 'You were signed out by your organization';
const STOP_WAIT_MS = 3000;

export class PhoneController {
  readonly #platform: Platform;
  readonly devices = new DevicePreferences(localStorage);
  readonly #ringtone = new Ringtone();
  readonly #listeners = new Set<() => void>();
  readonly #audio = new RemoteAudio();
  readonly #seen = new WeakSet<PhoneCall>();
  #snapshot: PhoneSnapshot = { phase: 'starting', registration: 'unregistered', connected: false, calls: [], history: [] };
  #config: RuntimeConfig | undefined;
  #accessToken: string | undefined;
  #ua: PhoneUserAgent | undefined;
  #calls: CallManager | undefined;
  #history: CallHistory | undefined;
  #search: IdpColleagueDirectory | undefined;
  #endingSession = false;
  #unlink: (() => void)[] = [];

  constructor(platform: Platform) {
    this.#platform = platform;
    platform.onTokens((tokens) => this.#onTokens(tokens));
    platform.onSignedOut((reason) => void this.#forcedSignOut(reason, 'platform'));
    void this.#ringtone.setSink(this.devices.ringer);
    void this.#audio.setSpeaker(this.devices.speaker);
    // Desktop: click-to-call links wait for the registration; missed calls badge the dock/taskbar
    // until the person looks at the window again.
    platform.desktop?.onDial((target) => {
      if (this.#snapshot.registration === 'registered') void this.call(target);
      else this.#pendingDial = target;
    });
    if (platform.desktop) {
      window.addEventListener('focus', () => {
        this.#missed = 0;
        platform.desktop?.setBadge(0);
      });
    }
  }

  #pendingDial: string | undefined;
  #missed = 0;

  // --- store protocol for useSyncExternalStore -------------------------------------------------
  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };
  readonly getSnapshot = (): PhoneSnapshot => this.#snapshot;

  #update(patch: Partial<PhoneSnapshot>): void {
    this.#snapshot = { ...this.#snapshot, ...patch };
    for (const l of this.#listeners) l();
  }

  #drop(...keys: (keyof PhoneSnapshot)[]): void {
    const next = { ...this.#snapshot };
    for (const k of keys) delete next[k];
    this.#snapshot = next;
    for (const l of this.#listeners) l();
  }

  // --- session ---------------------------------------------------------------------------------
  /** Loads the configuration and resumes a session when there is one. */
  async start(): Promise<void> {
    try {
      this.#config = await this.#platform.loadConfig();
    } catch (error) {
      this.#update({ phase: 'signed-out', fatal: messageOf(error) });
      return;
    }
    let tokens: PlatformTokens | undefined;
    try {
      tokens = await this.#platform.resume();
    } catch (error) {
      this.#update({ phase: 'signed-out', signedOut: { title: 'Sign-in failed', detail: messageOf(error) } });
      return;
    }
    if (tokens) await this.#startPhone(tokens);
    else this.#update({ phase: 'signed-out' });
  }

  async signIn(): Promise<void> {
    this.#drop('signedOut', 'notice');
    this.#update({ phase: 'signing-in' });
    try {
      await this.#startPhone(await this.#platform.signIn());
    } catch (error) {
      this.#update({ phase: 'signed-out', signedOut: { title: 'Sign-in failed', detail: messageOf(error) } });
    }
  }

  async signOut(): Promise<void> {
    this.#endingSession = true;
    try {
      await this.#stopPhone(true);
      await this.#platform.signOut().catch((e: unknown) => console.warn('Revoking the tokens failed:', e));
    } finally {
      this.#endingSession = false;
    }
    this.#reset({ phase: 'signed-out' });
  }

  #onTokens(tokens: PlatformTokens): void {
    this.#accessToken = tokens.accessToken;
    void this.#ua?.setAccessToken(tokens.accessToken).catch(() => undefined); // failures show as registrationChanged('failed')
  }

  /**
   * The network or the platform (a refused refresh, main's session) ended the session: say so,
   * then clean up. The platform already forgot its tokens; after a network de-registration the
   * platform is told to revoke them.
   */
  async #forcedSignOut(reason: PlatformSignOut, source: 'network' | 'platform'): Promise<void> {
    if (this.#endingSession || this.#snapshot.phase === 'signed-out') return;
    this.#endingSession = true;
    try {
      const byOrganization = reason.code === 'network-deregistered' || reason.code === 'session-expired';
      // The network's message may already say it (@eims/phone's reg-event wording): not twice.
      const saysIt = reason.message.toLowerCase().includes(ORGANIZATION_SIGN_OUT.toLowerCase());
      const title = byOrganization && !saysIt ? ORGANIZATION_SIGN_OUT : 'Signed out';
      this.#reset({ phase: 'signed-out', signedOut: { title, detail: reason.message } });
      // The network already ended the registration; otherwise un-REGISTER while the token may still work.
      await this.#stopPhone(source === 'platform');
      if (source === 'network') await this.#platform.signOut(reason).catch(() => undefined); // usually revoked already
    } finally {
      this.#endingSession = false;
    }
  }

  #reset(patch: Partial<PhoneSnapshot>): void {
    this.#ringtone.stop();
    this.#snapshot = { phase: 'signed-out', registration: 'unregistered', connected: false, calls: [], history: [], ...patch };
    for (const l of this.#listeners) l();
  }

  async #startPhone(tokens: PlatformTokens): Promise<void> {
    const config = this.#config!;
    this.#accessToken = tokens.accessToken;
    const claims: AccessTokenClaims | undefined = readAccessTokenClaims(tokens.accessToken);
    if (!claims?.threePid) {
      this.#update({ phase: 'signed-in', registration: 'failed', registrationCause: 'Your account has no phone identity. Ask your IT administrator to give you a number.' });
      return;
    }
    const me: Me = { threePid: claims.threePid, ...(claims.name ? { name: claims.name } : {}), ...(claims.phoneNumber ? { number: claims.phoneNumber } : {}) };
    this.#history = new CallHistory(localStorage, claims.threePid);
    this.#search = new IdpColleagueDirectory({
      issuer: config.issuer,
      accessToken: () => this.#accessToken,
      refreshAccessToken: () => this.#freshToken(),
    });
    const ua = new PhoneUserAgent({
      server: config.sipWebSocketUrl,
      aor: claims.threePid,
      ...(claims.name ? { displayName: claims.name } : {}),
      registrar: `sip:${config.imsDomain}`,
      trustedAuthzServers: [config.issuer],
      accessToken: tokens.accessToken,
      refreshAccessToken: () => this.#freshToken(),
      instanceId: instanceId(),
      sessionDescriptionHandlerFactory: webRtcMediaFactory({ microphone: () => this.devices.microphone || undefined }),
      reconnect: { initialMs: 500, maxMs: 10_000 },
    });
    const calls = new CallManager(ua, { homeDomain: config.imsDomain, directory: this.#search });
    this.#ua = ua;
    this.#calls = calls;
    this.#unlink = [
      ua.on('registrationChanged', (state, error) => {
        if (state === 'registered') {
          this.#drop('registrationCause');
          const dial = this.#pendingDial;
          this.#pendingDial = undefined;
          if (dial !== undefined) void this.call(dial);
        }
        this.#update({ registration: state, ...(error ? { registrationCause: error.message } : {}) });
        this.#platform.desktop?.registrationStatus(state, error?.message);
      }),
      ua.on('connectionChanged', (connected) => {
        this.#update({ connected, ...(connected ? {} : { registrationCause: 'The connection to the network was lost. Reconnecting…' }) });
      }),
      ua.on('networkDeregistered', (reason) => void this.#forcedSignOut({ code: 'network-deregistered', message: reason.message }, 'network')),
      calls.on('callsChanged', (list) => this.#onCallsChanged(list)),
      calls.on('incoming', (call) => {
        this.#platform.desktop?.notifyIncomingCall(call.id, describeParty(call), call.remote.state);
      }),
    ];
    this.#update({ phase: 'signed-in', me, history: this.#history.entries, registration: 'registering', connected: false });
    try {
      await ua.start();
    } catch (error) {
      this.#update({ registration: 'failed', registrationCause: messageOf(error) });
    }
  }

  async #freshToken(): Promise<string> {
    const fresh = await this.#platform.refresh();
    this.#accessToken = fresh.accessToken;
    return fresh.accessToken;
  }

  /** Registers again after a failure (the "Try again" button). */
  async retryRegistration(): Promise<void> {
    const ua = this.#ua;
    if (!ua) return;
    try {
      if (!ua.ua.isConnected()) await ua.start();
      else await ua.register();
    } catch (error) {
      this.#update({ registration: 'failed', registrationCause: messageOf(error) });
    }
  }

  async #stopPhone(unregister: boolean): Promise<void> {
    for (const off of this.#unlink) off();
    this.#unlink = [];
    const ua = this.#ua;
    const calls = this.#calls;
    this.#ua = undefined;
    this.#calls = undefined;
    for (const call of calls?.calls ?? []) await call.hangUp().catch(() => undefined);
    this.#audio.stopAll();
    this.#ringtone.stop();
    if (!ua) return;
    // sip.js may wait up to Timer N (32 s) for a final NOTIFY: the person never waits that long.
    const stopped = unregister ? ua.stop() : ua.ua.stop();
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, STOP_WAIT_MS));
    await Promise.race([stopped.catch((e: unknown) => console.warn('Stopping the user agent failed:', e)), timeout]);
  }

  // --- calls -----------------------------------------------------------------------------------
  #onCallsChanged(list: readonly PhoneCall[]): void {
    for (const call of list) {
      if (this.#seen.has(call)) continue;
      this.#seen.add(call);
      call.on('ended', (reason) => this.#onEnded(call, reason));
    }
    for (const call of list) if (call.state === 'connected') this.#playRemote(call);
    const ringing = list.some((c) => c.direction === 'incoming' && c.state === 'ringing');
    if (ringing) this.#ringtone.start();
    else this.#ringtone.stop();
    this.#update({ calls: [...list] });
  }

  #playRemote(call: PhoneCall): void {
    const sdh = call.session.sessionDescriptionHandler as unknown as { remoteMediaStream?: MediaStream } | undefined;
    if (sdh?.remoteMediaStream) this.#audio.play(call.id, sdh.remoteMediaStream);
  }

  #onEnded(call: PhoneCall, reason: CallEndReason): void {
    this.#audio.stop(call.id);
    this.#platform.desktop?.dismissIncomingCall(call.id);
    const entry = historyEntryOf(call, reason, Date.now());
    const outcome = entry.outcome;
    this.#history?.add(entry);
    if (outcome === 'missed' && this.#platform.desktop && !document.hasFocus()) this.#platform.desktop.setBadge(++this.#missed);
    if (call.direction === 'outgoing' && outcome === 'failed') this.#update({ notice: `The call to ${describeParty(call)} could not be connected.` });
    this.#update({ history: this.#history?.entries ?? [] });
  }

  /**
   * Places a call; `target` is a number, a SIP address or a colleague's name (or a picked
   * colleague's 3PID, with `who` saying how to show them).
   */
  async call(target: string, who?: { name: string; number?: string }): Promise<void> {
    const calls = this.#calls;
    if (!calls) return;
    this.#drop('notice');
    const before = new Set(calls.calls);
    let labelled = false;
    const label = (list: readonly PhoneCall[]) => {
      // The new outgoing call shows the colleague as picked, not as the bare 3PID.
      const call = list.find((c) => c.direction === 'outgoing' && !before.has(c));
      if (!call || !who || labelled) return;
      labelled = true;
      Object.assign(call.remote, { name: who.name, ...(who.number ? { number: who.number } : {}) });
      this.#update({ calls: [...list] });
    };
    const off = calls.on('callsChanged', label);
    try {
      await calls.place(target);
    } catch (error) {
      this.#update({ notice: messageOf(error) });
    } finally {
      off();
    }
  }

  async answer(call: PhoneCall): Promise<void> {
    this.#platform.desktop?.dismissIncomingCall(call.id);
    await this.#act(() => this.#calls!.answer(call));
  }

  async decline(call: PhoneCall): Promise<void> {
    this.#platform.desktop?.dismissIncomingCall(call.id);
    await this.#act(() => call.decline());
  }

  async hangUp(call: PhoneCall): Promise<void> {
    await this.#act(() => call.hangUp());
  }

  // Each change of the call is published through its 'changed' event (callsChanged).
  async toggleHold(call: PhoneCall): Promise<void> {
    await this.#act(() => call.setHeld(!call.held));
  }

  toggleMute(call: PhoneCall): void {
    void this.#act(() => call.setMuted(!call.muted));
  }

  sendDtmf(call: PhoneCall, tone: string): void {
    void this.#act(() => call.sendDtmf(tone));
  }

  async #act(action: () => unknown): Promise<void> {
    try {
      await action();
    } catch (error) {
      this.#update({ notice: messageOf(error) });
    }
  }

  dismissNotice(): void {
    this.#drop('notice');
  }

  /** Colleagues matching `query` in the company directory; a failure becomes the notice. */
  async searchColleagues(query: string): Promise<Colleague[]> {
    const search = this.#search;
    if (!search) return [];
    const found = await search.search(query);
    if (found.ok) return found.value;
    this.#update({ notice: found.error.message });
    return [];
  }

  clearHistory(): void {
    this.#history?.clear();
    this.#update({ history: [] });
  }

  /** Applies a new speaker or ringer choice to what is playing now. */
  async applyDevices(): Promise<void> {
    await this.#ringtone.setSink(this.devices.ringer);
    await this.#audio.setSpeaker(this.devices.speaker);
  }

  /** Rings the ringer device once, so the person can check their choice. */
  testRinger(): void {
    this.#ringtone.start();
    setTimeout(() => {
      if (!this.#snapshot.calls.some((c) => c.direction === 'incoming' && c.state === 'ringing')) this.#ringtone.stop();
    }, 2000);
  }
}

export function describeParty(call: PhoneCall): string {
  const r = call.remote;
  return [shownName(r), r.number].filter(Boolean).join(' ') || r.uri;
}

function instanceId(): string {
  const key = 'softphone.instance-id';
  let id = localStorage.getItem(key);
  if (!id) {
    id = `urn:uuid:${crypto.randomUUID()}`;
    localStorage.setItem(key, id);
  }
  return id;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
