// The calls of one signed-in user agent: placing calls, incoming calls including a second one
// while in a call (call waiting: the new call rings, answering it holds the current one), and the
// ICE restart of calls in progress after the WebSocket reconnected.
import { Inviter, UserAgent, type Invitation } from 'sip.js';
import { Emitter, type Clock } from '../emitter.ts';
import { PhoneError, PhoneErrorCode } from '../errors.ts';
import type { PhoneUserAgent } from '../sip/phone-user-agent.ts';
import { resolveDialTarget, type ColleagueDirectory } from './dial-target.ts';
import { PhoneCall } from './phone-call.ts';

export type CallManagerEvents = {
  /** A new incoming call; `waiting` when another call is already in progress. */
  incoming: (call: PhoneCall, waiting: boolean) => void;
  callsChanged: (calls: readonly PhoneCall[]) => void;
};

export interface CallManagerOptions {
  homeDomain: string;
  directory?: ColleagueDirectory;
  /** More simultaneous incoming calls are answered 486 Busy Here. Default 2. */
  maxCalls?: number;
  /** Timers for re-sending a refused hold or resume (tests pass their own). */
  clock?: Clock;
}

export class CallManager extends Emitter<CallManagerEvents> {
  readonly #ua: PhoneUserAgent;
  readonly #options: CallManagerOptions;
  readonly #calls: PhoneCall[] = [];

  #callOptions(): { clock?: Clock } {
    return this.#options.clock === undefined ? {} : { clock: this.#options.clock };
  }

  constructor(ua: PhoneUserAgent, options: CallManagerOptions) {
    super();
    this.#ua = ua;
    this.#options = options;
    ua.on('invitation', (invitation) => this.#onInvitation(invitation));
    ua.on('reconnected', () => {
      for (const call of this.#calls) void call.restartIce().catch(() => undefined);
    });
  }

  get calls(): readonly PhoneCall[] {
    return this.#calls;
  }

  #track(call: PhoneCall): void {
    this.#calls.push(call);
    call.on('changed', () => this.emit('callsChanged', this.#calls));
    call.on('ended', () => {
      this.#calls.splice(this.#calls.indexOf(call), 1);
      this.emit('callsChanged', this.#calls);
    });
    this.emit('callsChanged', this.#calls);
  }

  #onInvitation(invitation: Invitation): void {
    if (this.#calls.length >= (this.#options.maxCalls ?? 2)) {
      void invitation.reject({ statusCode: 486 });
      return;
    }
    const waiting = this.#calls.some((c) => c.state !== 'ended');
    const call = PhoneCall.incoming(invitation, this.#callOptions());
    this.#track(call);
    this.emit('incoming', call, waiting);
  }

  /**
   * Places a call to a number, a 3PID or a colleague's name. The INVITE carries the bearer token;
   * a 401 Bearer challenge from the configured IdP gets one refresh and one new INVITE (RFC 8898 §3),
   * under the same `PhoneCall`.
   */
  async place(input: string, options: { subject?: string } = {}): Promise<PhoneCall> {
    const target = await resolveDialTarget(input, this.#options.homeDomain, this.#options.directory);
    if (!target.ok) throw target.error;
    const uri = UserAgent.makeURI(target.value.uri);
    if (!uri) throw new PhoneError(PhoneErrorCode.CallState, `Cannot call ${target.value.display}.`);
    // The originating S-CSCF authorises a 3PID's INVITE with its bearer token, like REGISTER.
    const inviterFor = (token: string): Inviter =>
      new Inviter(this.#ua.ua, uri, { extraHeaders: [`Authorization: Bearer ${token}`, ...(options.subject ? [`Subject: ${options.subject}`] : [])] });
    const first = inviterFor(this.#ua.accessToken);
    const call = new PhoneCall(first, { uri: target.value.uri, name: target.value.display, verstat: undefined, state: 'unverified' }, this.#callOptions());
    this.#track(call);
    const send = (inviter: Inviter, retry: boolean): Promise<unknown> =>
      inviter.invite({
        requestDelegate: {
          onReject: (response) => {
            if (!retry || response.message.statusCode !== 401) return;
            const finish = call.beginRetry();
            if (!finish) return;
            void this.#ua.refreshForChallenge(response).then((fresh) => {
              const next = fresh.ok ? inviterFor(fresh.value) : undefined;
              if (finish(next) && next) void send(next, false).catch(() => undefined);
            });
          },
        },
      });
    await send(first, true);
    return call;
  }

  /** Answers `call`; any connected call is put on hold first (call waiting). */
  async answer(call: PhoneCall): Promise<void> {
    for (const other of this.#calls) {
      if (other !== call && other.state === 'connected' && !other.held) await other.setHeld(true);
    }
    await call.answer();
  }
}
