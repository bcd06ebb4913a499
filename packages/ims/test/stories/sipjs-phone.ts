// A sip.js 0.21 user agent running in Node, as the softphone uses it: SIP over WebSocket to the
// P-CSCF, `Authorization: Bearer` sent pre-emptively (sip.js has no RFC 8898 support). Media is
// out of scope here: a fixed-SDP session description handler stands in for WebRTC, which Node
// does not have.
import { WebSocket } from 'ws';
import { Inviter, Registerer, RegistererState, SessionState, UserAgent } from 'sip.js';
import type { Invitation, Session, SessionDescriptionHandler, SessionDescriptionHandlerFactory } from 'sip.js';
import type { IncomingResponse } from 'sip.js/lib/core/index.js';

(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

const SDP = ['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 9 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000', ''].join('\r\n');

class FixedSdh implements SessionDescriptionHandler {
  close(): void {}
  getDescription(): Promise<{ body: string; contentType: string }> {
    return Promise.resolve({ body: SDP, contentType: 'application/sdp' });
  }
  hasDescription(contentType: string): boolean {
    return contentType === 'application/sdp';
  }
  setDescription(): Promise<void> {
    return Promise.resolve();
  }
  sendDtmf(): boolean {
    return false;
  }
}
const sdhFactory: SessionDescriptionHandlerFactory = () => new FixedSdh();

export interface Phone {
  readonly ua: UserAgent;
  readonly aor: string;
  readonly incoming: Invitation[];
  /** REGISTER with the token; resolves with the final status. */
  register(token: string | undefined, extraHeaders?: string[]): Promise<number>;
  unregister(token: string | undefined): Promise<number>;
  waitForInvitation(timeoutMs?: number): Promise<Invitation>;
  call(target: string, token: string | undefined): { inviter: Inviter; final: Promise<number> };
  stop(): Promise<void>;
}

export async function startPhone(aor: string, wsUrl: string): Promise<Phone> {
  const incoming: Invitation[] = [];
  const waiters: ((i: Invitation) => void)[] = [];
  const uri = UserAgent.makeURI(aor);
  if (uri === undefined) throw new TypeError(`bad AOR ${aor}`);
  const ua = new UserAgent({
    uri,
    transportOptions: { server: wsUrl },
    sessionDescriptionHandlerFactory: sdhFactory,
    logLevel: 'error',
    logBuiltinEnabled: false,
    delegate: {
      onInvite(invitation) {
        incoming.push(invitation);
        waiters.shift()?.(invitation);
      },
    },
  });
  await ua.start();
  let registerer: Registerer | undefined;
  const send = (r: Registerer, headers: string[], unregister: boolean): Promise<number> =>
    new Promise((resolve) => {
      const done = (response: IncomingResponse): void => resolve(response.message.statusCode ?? 0);
      const options = { requestDelegate: { onAccept: done, onReject: done }, requestOptions: { extraHeaders: headers } };
      const p = unregister ? r.unregister(options) : r.register(options);
      p.catch(() => resolve(0));
    });
  return {
    ua,
    aor,
    incoming,
    register(token, extraHeaders = []) {
      registerer ??= new Registerer(ua, { expires: 600 });
      return send(registerer, [...(token === undefined ? [] : [`Authorization: Bearer ${token}`]), ...extraHeaders], false);
    },
    unregister(token) {
      if (registerer === undefined || registerer.state !== RegistererState.Registered) return Promise.resolve(0);
      return send(registerer, token === undefined ? [] : [`Authorization: Bearer ${token}`], true);
    },
    waitForInvitation(timeoutMs = 5000) {
      const pending = incoming.shift();
      if (pending !== undefined) return Promise.resolve(pending);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`${aor}: no INVITE within ${timeoutMs} ms`)), timeoutMs);
        waiters.push((i) => {
          clearTimeout(t);
          incoming.splice(incoming.indexOf(i), 1);
          resolve(i);
        });
      });
    },
    call(target, token) {
      const uri = UserAgent.makeURI(target);
      if (uri === undefined) throw new TypeError(`bad target ${target}`);
      const inviter = new Inviter(ua, uri, { extraHeaders: token === undefined ? [] : [`Authorization: Bearer ${token}`] });
      const final = new Promise<number>((resolve) => {
        const done = (response: IncomingResponse): void => resolve(response.message.statusCode ?? 0);
        inviter.invite({ requestDelegate: { onAccept: done, onReject: done } }).catch(() => resolve(0));
      });
      return { inviter, final };
    },
    async stop() {
      await ua.stop();
    },
  };
}

export type { Session };

/** Resolves when the session reaches `state` (at once if it is there already). */
export function untilState(session: Session, state: SessionState, timeoutMs = 5000): Promise<void> {
  if (session.state === state) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`session not ${state} within ${timeoutMs} ms (is ${session.state})`)), timeoutMs);
    session.stateChange.addListener((s) => {
      if (s === state) {
        clearTimeout(t);
        resolve();
      }
    });
  });
}
