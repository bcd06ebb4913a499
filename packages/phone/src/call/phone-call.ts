// One call, UI-free: state, caller identity, and the operations a person has (answer, decline,
// hang up or cancel, mute, hold and resume, DTMF per RFC 4733, ICE restart after reconnection).
// sip.js's Session is wrapped; the media live behind its SessionDescriptionHandler.
import { Invitation, Inviter, SessionState, type Session } from 'sip.js';
import { Emitter, systemClock, type Clock } from '../emitter.ts';
import { PhoneError, PhoneErrorCode } from '../errors.ts';
import { callerIdentity, type CallerIdentity } from '../identity/caller-identity.ts';

export type CallState = 'ringing' | 'calling' | 'connected' | 'ended';
export type CallEndReason = 'hung-up' | 'remote-hung-up' | 'declined' | 'cancelled' | 'missed' | 'rejected' | 'failed';

export type PhoneCallEvents = {
  changed: (call: PhoneCall) => void;
  ended: (reason: CallEndReason) => void;
};

const DTMF = /^[0-9A-D*#]$/;
/** How many times a hold or resume is sent again after 491 or 500 with Retry-After. */
const REINVITE_RETRIES = 2;

/**
 * The wait before re-sending a refused re-INVITE, in ms, or undefined when it must not be re-sent.
 * 491 (RFC 3261 §14.1): 2.1–4 s for the side that owns the Call-ID (the caller), 0–2 s for the other.
 * 500 with Retry-After (§14.2, §20.33): that many seconds, at most 10.
 */
export function reInviteRetryDelay(status: number, retryAfter: string | undefined, ownsCallId: boolean, random: () => number): number | undefined {
  if (status === 491) return Math.round(ownsCallId ? 2100 + random() * 1900 : random() * 2000);
  if (status === 500 && retryAfter !== undefined) {
    const seconds = Number.parseInt(retryAfter.trim(), 10);
    if (Number.isInteger(seconds) && seconds >= 0) return Math.min(seconds, 10) * 1000;
  }
  return undefined;
}
let counter = 0;

interface MediaControls {
  enableSenderTracks?(enable: boolean): void;
  sendDtmf(tones: string, options?: unknown): boolean;
}

export class PhoneCall extends Emitter<PhoneCallEvents> {
  readonly id = `call-${++counter}`;
  readonly direction: 'incoming' | 'outgoing';
  #session: Session;
  readonly remote: CallerIdentity;
  state: CallState;
  muted = false;
  held = false;
  /** Set while a hold or resume is being negotiated (it may wait seconds for a retry). */
  holdChange: 'holding' | 'resuming' | undefined;
  connectedAt: number | undefined;
  endReason: CallEndReason | undefined;
  #localEnd: CallEndReason | undefined;
  /** Set while the first INVITE's 401 is answered with a fresh token (see CallManager.place). */
  #retrying = false;

  readonly #clock: Clock;
  readonly #random: () => number;

  constructor(session: Session, remote: CallerIdentity, options: { clock?: Clock; random?: () => number } = {}) {
    super();
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? Math.random;
    this.#session = session;
    this.remote = remote;
    this.direction = session instanceof Invitation ? 'incoming' : 'outgoing';
    this.state = this.direction === 'incoming' ? 'ringing' : 'calling';
    this.#watch(session);
  }

  /** The sip.js session of the call (a new one after an INVITE was retried with a fresh token). */
  get session(): Session {
    return this.#session;
  }

  #watch(session: Session): void {
    session.stateChange.addListener((s) => {
      if (session !== this.#session) return; // a replaced INVITE
      switch (s) {
        case SessionState.Established:
          this.state = 'connected';
          this.connectedAt = Date.now();
          this.emit('changed', this);
          return;
        case SessionState.Terminated:
          // sip.js reports the rejection first and the response after it, in the same tick: give
          // a retry with a fresh token (RFC 8898 §3) the chance to claim the call.
          if (this.state === 'calling') queueMicrotask(() => {
            if (session === this.#session && !this.#retrying) this.#ended();
          });
          else this.#ended();
          return;
        case SessionState.Initial:
        case SessionState.Establishing:
        case SessionState.Terminating:
          return;
      }
    });
  }

  /**
   * Claims an outgoing call whose INVITE was refused 401 while a fresh token is fetched. Returns
   * the function to call with the new INVITE's session, or with undefined when there is none.
   * @internal CallManager only.
   */
  beginRetry(): ((next: Session | undefined) => boolean) | undefined {
    if (this.state !== 'calling' || this.#localEnd !== undefined || this.#retrying) return undefined;
    this.#retrying = true;
    return (next) => {
      this.#retrying = false;
      // The person hung up meanwhile, or there is nothing to retry with: the call ends here.
      if (next === undefined || this.#localEnd !== undefined) {
        this.#ended();
        return false;
      }
      this.#session = next;
      this.#watch(next);
      return true;
    };
  }

  static incoming(invitation: Invitation, options: { clock?: Clock } = {}): PhoneCall {
    const request = invitation.request;
    return new PhoneCall(invitation, callerIdentity({
      pAssertedIdentity: request.getHeaders('p-asserted-identity'),
      from: request.getHeader('from'),
      callInfo: request.getHeaders('call-info'),
    }), options);
  }

  #ended(): void {
    if (this.state === 'ended') return;
    const wasConnected = this.state === 'connected';
    const wasRinging = this.state === 'ringing';
    this.state = 'ended';
    this.endReason = this.#localEnd ?? (wasConnected ? 'remote-hung-up' : wasRinging ? 'missed' : 'rejected');
    this.emit('changed', this);
    this.emit('ended', this.endReason);
  }

  #require(states: CallState[], action: string): void {
    if (!states.includes(this.state)) throw new PhoneError(PhoneErrorCode.CallState, `Cannot ${action} a call that is ${this.state}.`);
  }

  async answer(): Promise<void> {
    this.#require(['ringing'], 'answer');
    await (this.session as Invitation).accept();
  }

  /** Declines a ringing call: 603 Decline, or 486 Busy Here when `busy` (call waiting). */
  async decline(busy = false): Promise<void> {
    this.#require(['ringing'], 'decline');
    this.#localEnd = 'declined';
    await (this.session as Invitation).reject({ statusCode: busy ? 486 : 603 });
  }

  /** Hangs up a connected call (BYE) or cancels an outgoing one still ringing (CANCEL). */
  async hangUp(): Promise<void> {
    this.#require(['calling', 'connected', 'ringing'], 'hang up');
    if (this.state === 'ringing') return this.decline();
    if (this.state === 'calling') {
      this.#localEnd = 'cancelled';
      // While a refused INVITE is retried there is nothing to cancel yet: the retry ends the call.
      if (this.#retrying) return;
      await (this.session as Inviter).cancel();
      return;
    }
    this.#localEnd = 'hung-up';
    await this.session.bye();
  }

  #media(): MediaControls {
    const sdh = this.session.sessionDescriptionHandler as unknown as MediaControls | undefined;
    if (!sdh) throw new PhoneError(PhoneErrorCode.CallState, 'The call has no media yet.');
    return sdh;
  }

  /** Stops sending the microphone (no signalling: the far end hears silence). */
  setMuted(muted: boolean): void {
    this.#require(['connected'], 'mute');
    this.#media().enableSenderTracks?.(!muted && !this.held);
    this.muted = muted;
    this.emit('changed', this);
  }

  /**
   * Holds or resumes with a re-INVITE (a=sendonly / a=sendrecv, RFC 3264 §8.4). A re-INVITE that
   * crosses one from the other side (491, RFC 3261 §14.1), or reaches it while it still handles
   * the previous one (500 with Retry-After, §14.2), is sent again after the wait the RFC gives.
   */
  async setHeld(held: boolean): Promise<void> {
    this.#require(['connected'], held ? 'hold' : 'resume');
    if (this.holdChange !== undefined) throw new PhoneError(PhoneErrorCode.CallState, `The call is already being ${this.holdChange === 'holding' ? 'put on hold' : 'resumed'}.`);
    if (this.held === held) return;
    const previous = this.session.sessionDescriptionHandlerOptionsReInvite;
    this.session.sessionDescriptionHandlerOptionsReInvite = { ...previous, hold: held } as typeof previous;
    this.holdChange = held ? 'holding' : 'resuming';
    this.emit('changed', this);
    try {
      for (let attempt = 0; ; attempt++) {
        const outcome = await this.#reInvite();
        if (outcome.ok) break;
        const wait = attempt < REINVITE_RETRIES ? reInviteRetryDelay(outcome.status, outcome.retryAfter, this.direction === 'outgoing', this.#random) : undefined;
        if (wait === undefined || this.state !== 'connected') {
          this.session.sessionDescriptionHandlerOptionsReInvite = previous;
          throw new PhoneError(PhoneErrorCode.CallState, `The other side refused to ${held ? 'hold' : 'resume'} (${outcome.status}).`);
        }
        await new Promise<void>((resolve) => this.#clock.setTimeout(resolve, wait));
        if (this.state !== 'connected') throw new PhoneError(PhoneErrorCode.CallState, `The call ended before it could be ${held ? 'held' : 'resumed'}.`);
      }
    } finally {
      this.holdChange = undefined;
      this.emit('changed', this);
    }
    this.held = held;
    this.#media().enableSenderTracks?.(!held && !this.muted);
    this.emit('changed', this);
  }

  #reInvite(): Promise<{ ok: true } | { ok: false; status: number; retryAfter: string | undefined }> {
    return new Promise((resolve, reject) => {
      this.session
        .invite({
          requestDelegate: {
            onAccept: () => resolve({ ok: true }),
            onReject: (r) => resolve({ ok: false, status: r.message.statusCode ?? 0, retryAfter: r.message.getHeader('Retry-After') }),
          },
        })
        .catch(reject);
    });
  }

  /** Sends one DTMF tone in the media (RFC 4733 telephone-event), not SIP INFO. */
  sendDtmf(tone: string): void {
    this.#require(['connected'], 'send tones on');
    if (!DTMF.test(tone)) throw new PhoneError(PhoneErrorCode.CallState, `"${tone}" is not a keypad tone.`);
    if (!this.#media().sendDtmf(tone, { duration: 100, interToneGap: 70 })) {
      throw new PhoneError(PhoneErrorCode.CallState, 'The call cannot send keypad tones.');
    }
  }

  /** After the WebSocket came back: re-INVITE with an ICE restart so media find a new path. */
  async restartIce(): Promise<void> {
    if (this.state !== 'connected') return;
    await this.session.invite({ sessionDescriptionHandlerOptions: { offerOptions: { iceRestart: true } } as never });
  }
}
