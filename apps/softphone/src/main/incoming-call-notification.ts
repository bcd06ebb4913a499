// Native notifications for incoming calls: one per call, withdrawn when the call is answered,
// declined or cancelled; clicking it brings the window forward on that call. The Electron
// `Notification` is injected so the bookkeeping is tested without Electron.
import { IDENTITY_TEXT } from '@eims/phone/identity-state';
import type { IdentityState } from '../shared/ipc-contract.ts';

export interface IncomingCallInfo {
  callId: string;
  caller: string;
  /** The verstat-based identity state shown by the renderer: one of `IdentityState` (checked by the IPC contract). */
  verified?: string | undefined;
}

export interface NotificationContent {
  title: string;
  body: string;
  urgency: 'critical';
  timeoutType: 'never';
  silent: boolean;
}

/** What the notification says. A failed verification is said plainly; a name is never shown as verified unless it is. */
export function incomingCallContent(info: IncomingCallInfo): NotificationContent {
  // The same words as the renderer's identity badge (DESIGN.md), so both say the same thing.
  const state = info.verified as IdentityState | undefined;
  const note = state === undefined ? undefined : IDENTITY_TEXT[state];
  return {
    title: `Incoming call from ${info.caller}`,
    body: note ? `${note}. Click to show the call.` : 'Click to show the call.',
    urgency: 'critical',
    timeoutType: 'never',
    silent: true, // the renderer plays the ringtone on the chosen ringer device
  };
}

export interface NotificationLike {
  show(): void;
  close(): void;
  on(event: 'click', listener: () => void): unknown;
}

export class IncomingCallNotifications {
  readonly #create: (content: NotificationContent) => NotificationLike;
  readonly #onClick: (callId: string) => void;
  readonly #open = new Map<string, NotificationLike>();
  /** Bound: a flood of call notifications from a misbehaving page stays small. */
  readonly #limit = 4;

  constructor(create: (content: NotificationContent) => NotificationLike, onClick: (callId: string) => void) {
    this.#create = create;
    this.#onClick = onClick;
  }

  show(info: IncomingCallInfo): void {
    this.dismiss(info.callId);
    if (this.#open.size >= this.#limit) {
      const [oldest] = this.#open.keys();
      if (oldest !== undefined) this.dismiss(oldest);
    }
    const n = this.#create(incomingCallContent(info));
    n.on('click', () => {
      this.dismiss(info.callId);
      this.#onClick(info.callId);
    });
    this.#open.set(info.callId, n);
    n.show();
  }

  dismiss(callId: string): void {
    const n = this.#open.get(callId);
    if (!n) return;
    this.#open.delete(callId);
    n.close();
  }

  get openCallIds(): string[] {
    return [...this.#open.keys()];
  }
}
