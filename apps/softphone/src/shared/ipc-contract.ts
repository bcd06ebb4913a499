// The one IPC contract between the Electron main process, the preload bridge and the renderer:
// channel names as data, a validator per payload (main validates everything it receives), and
// the sender-frame rule. Imported by main, preload and renderer alike, so it uses no Node APIs.
import type { AccessTokenClaims } from '@eims/phone';
import { IDENTITY_STATES, type IdentityState } from '@eims/phone/identity-state';

export type Validation<T> = { ok: true; value: T } | { ok: false; error: string };
export type Validator<T> = (payload: unknown) => Validation<T>;

const none: Validator<undefined> = (p) => (p === undefined || p === null ? { ok: true, value: undefined } : { ok: false, error: 'this channel takes no payload' });

function object<T extends Record<string, unknown>>(fields: { [K in keyof T]: Validator<T[K]> }): Validator<T> {
  return (p) => {
    if (typeof p !== 'object' || p === null || Array.isArray(p)) return { ok: false, error: 'expected an object' };
    const extra = Object.keys(p).filter((k) => !(k in fields));
    if (extra.length > 0) return { ok: false, error: `unexpected field ${extra[0]}` };
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(fields) as (keyof T & string)[]) {
      const r = fields[key]((p as Record<string, unknown>)[key]);
      if (!r.ok) return { ok: false, error: `${key}: ${r.error}` };
      if (r.value !== undefined) out[key] = r.value;
    }
    return { ok: true, value: out as T };
  };
}

function string(max: number, pattern?: RegExp): Validator<string> {
  return (p) => {
    if (typeof p !== 'string') return { ok: false, error: 'expected a string' };
    if (p.length === 0 || p.length > max) return { ok: false, error: `expected 1..${max} characters` };
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(p)) return { ok: false, error: 'control characters are not allowed' };
    if (pattern && !pattern.test(p)) return { ok: false, error: 'unexpected format' };
    return { ok: true, value: p };
  };
}

function integer(min: number, max: number): Validator<number> {
  return (p) => (typeof p === 'number' && Number.isInteger(p) && p >= min && p <= max ? { ok: true, value: p } : { ok: false, error: `expected an integer ${min}..${max}` });
}

function optional<T>(v: Validator<T>): Validator<T | undefined> {
  return (p) => (p === undefined ? { ok: true, value: undefined } : v(p));
}

function oneOf<const T extends readonly string[]>(values: T): Validator<T[number]> {
  return (p) => (typeof p === 'string' && values.includes(p) ? { ok: true, value: p } : { ok: false, error: `expected one of ${values.join(', ')}` });
}

/** Caller identity states of the renderer (verstat, DESIGN.md): exactly one is shown beside a caller. */
export type { IdentityState };

/** Registration states the renderer reports for the tray icon (those of @eims/phone's user agent). */
export const registrationStates = ['signed-out', 'unregistered', 'registering', 'registered', 'failed'] as const;
export type RegistrationStatus = { state: (typeof registrationStates)[number]; cause?: string };

const CALL_ID = /^[\w.@:-]+$/;

/** Renderer → main requests (`ipcRenderer.invoke`), with what main answers (see `InvokeResults`). */
export const invokeChannels = {
  /** The renderer is listening: main sends the events it held back (click-to-call at startup). */
  'app:ready': { payload: none },
  /** Where the IdP and the P-CSCF are (the desktop app's configuration lives in main). */
  'app:get-config': { payload: none },
  /** Starts sign-in in the system browser (RFC 8252); answers the access token and its claims. */
  'session:sign-in': { payload: none },
  /** Resumes the saved session, if any (refresh token kept in main); answers null when there is none. */
  'session:restore': { payload: none },
  /** A fresh access token for the SIP user agent (refreshes when close to expiry); null when signed out. */
  'session:access-token': { payload: none },
  'session:sign-out': { payload: none },
  /** Opens a URL in the system browser, if the allow-list permits it. */
  'shell:open-external': { payload: object<{ url: string }>({ url: string(2048) }) },
  /** The unread missed-call count shown on the dock/taskbar badge. */
  'app:set-badge': { payload: object<{ count: number }>({ count: integer(0, 999) }) },
  /** The registration status shown by the tray icon, with its cause when not registered. */
  'app:registration-status': { payload: object<RegistrationStatus>({ state: oneOf(registrationStates), cause: optional(string(200)) }) },
  /** An OS notification for an incoming call (the renderer has the caller identity). */
  'app:notify-incoming-call': { payload: object<{ callId: string; caller: string; verified?: string }>({ callId: string(128, CALL_ID), caller: string(200), verified: optional(oneOf(IDENTITY_STATES)) }) },
  /** Withdraws the notification of a call that was answered, declined or cancelled. */
  'app:dismiss-incoming-call': { payload: object<{ callId: string }>({ callId: string(128, CALL_ID) }) },
} as const;

/** The access token handed to the renderer; the refresh token never leaves main. */
export interface RendererTokens {
  accessToken: string;
  /** ms since the epoch. */
  expiresAt: number;
  /** The access token's claims (3PID, E.164, name card fields), as read by @eims/phone. */
  claims: AccessTokenClaims;
  /** Set when the session cannot be kept across restarts (no encrypted storage): say so to the person. */
  persistenceWarning?: string;
}

export interface DesktopConfig {
  issuer: string;
  clientId: string;
  /** RFC 8707 resource of the IMS. */
  resource: string;
  /** The P-CSCF's SIP-over-WebSocket URL (RFC 7118). */
  sipWebSocketUrl: string;
  imsDomain: string;
}

export type SignedOutEvent = { code: string; message: string };

/** What main answers on each invoke channel. */
export interface InvokeResults {
  'app:ready': void;
  'app:get-config': DesktopConfig;
  'session:sign-in': RendererTokens;
  'session:restore': RendererTokens | null;
  'session:access-token': RendererTokens | null;
  'session:sign-out': void;
  'shell:open-external': boolean;
  'app:set-badge': void;
  'app:registration-status': void;
  'app:notify-incoming-call': void;
  'app:dismiss-incoming-call': void;
}

/** Main → renderer events (`webContents.send`) and their payloads. */
export interface EventPayloads {
  'session:tokens-changed': RendererTokens;
  'session:signed-out': SignedOutEvent;
  /** Click-to-call (sip:/tel: link): a parsed dial target of `protocol-handler.ts`. */
  'call:dial': DialTargetEvent;
  /** The person clicked the incoming-call notification: show that call. */
  'call:show-incoming': { callId: string };
}

/** Mirrors `DialTarget` of main's protocol handler (kept here so the renderer needs no main import). */
export type DialTargetEvent =
  | { kind: 'e164'; number: string; display: string }
  | { kind: 'local'; number: string; context: string; display: string }
  | { kind: 'sip'; uri: string; display: string; subject?: string };

export const eventChannels = ['session:tokens-changed', 'session:signed-out', 'call:dial', 'call:show-incoming'] as const satisfies readonly (keyof EventPayloads)[];

export type InvokeChannel = keyof typeof invokeChannels;
export type EventChannel = (typeof eventChannels)[number];
export type PayloadOf<C extends InvokeChannel> = (typeof invokeChannels)[C]['payload'] extends Validator<infer T> ? T : never;
export type ResultOf<C extends InvokeChannel> = InvokeResults[C];

export function isInvokeChannel(channel: unknown): channel is InvokeChannel {
  return typeof channel === 'string' && Object.hasOwn(invokeChannels, channel);
}

/** Validates a payload received on `channel`; main calls this for every message. */
export function validatePayload<C extends InvokeChannel>(channel: C, payload: unknown): Validation<PayloadOf<C>> {
  return (invokeChannels[channel].payload as Validator<PayloadOf<C>>)(payload);
}

/** What main needs to know about the frame that sent a message (Electron's `WebFrameMain`). */
export interface SenderFrame {
  url: string;
  /** The parent frame; null/undefined for the top frame. */
  parent: unknown;
}

/**
 * Electron security checklist #17: accept IPC only from our own top-level frame, never from an
 * iframe or from a page that navigated elsewhere. `appOrigins` are the origins the UI is served
 * from (the app's custom protocol, or the dev server).
 */
export function isTrustedSender(frame: SenderFrame | null | undefined, appOrigins: readonly string[]): boolean {
  if (!frame || (frame.parent !== null && frame.parent !== undefined)) return false;
  let url: URL;
  try {
    url = new URL(frame.url);
  } catch {
    return false; // about:blank or garbage: not our UI
  }
  const origin = url.origin === 'null' ? `${url.protocol}//${url.host}` : url.origin;
  return appOrigins.includes(origin);
}
