// The calls of one signed-in user agent: placing calls, incoming calls including a second one
// while in a call (call waiting: the new call rings, answering it holds the current one), and the
// ICE restart of calls in progress after the WebSocket reconnected.
import { Inviter, UserAgent, type Invitation } from 'sip.js';
import { Emitter } from '../emitter.ts';
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
}

export class CallManager extends Emitter<CallManagerEvents> {
  readonly #ua: PhoneUserAgent;
  readonly #options: CallManagerOptions;
  readonly #calls: PhoneCall[] = [];

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
    const call = PhoneCall.incoming(invitation);
    this.#track(call);
    this.emit('incoming', call, waiting);
  }

  /** Places a call to a number, a 3PID or a colleague's name. */
  async place(input: string, options: { subject?: string } = {}): Promise<PhoneCall> {
    const target = await resolveDialTarget(input, this.#options.homeDomain, this.#options.directory);
    if (!target.ok) throw target.error;
    const uri = UserAgent.makeURI(target.value.uri);
    if (!uri) throw new PhoneError(PhoneErrorCode.CallState, `Cannot call ${target.value.display}.`);
    const inviter = new Inviter(this.#ua.ua, uri, { ...(options.subject ? { extraHeaders: [`Subject: ${options.subject}`] } : {}) });
    const call = new PhoneCall(inviter, { uri: target.value.uri, name: target.value.display, verstat: undefined, state: 'unverified' });
    this.#track(call);
    await inviter.invite();
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
