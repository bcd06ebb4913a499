// Main → renderer events that may happen before the page listens (a click-to-call link that
// launched the app): held until the renderer says `app:ready`, then delivered in order. A reload
// makes the page deaf again until its next `app:ready`.
import type { EventChannel, EventPayloads } from '../shared/ipc-contract.ts';

export type SendEvent = <E extends EventChannel>(channel: E, payload: EventPayloads[E]) => void;

type Held = { [E in EventChannel]: { channel: E; payload: EventPayloads[E] } }[EventChannel];

export class RendererEvents {
  readonly #send: SendEvent;
  readonly #held: Held[] = [];
  #ready = false;
  /** At most this many events are held; the oldest are dropped (a storm of links is not a queue). */
  readonly #limit: number;

  constructor(send: SendEvent, limit = 16) {
    this.#send = send;
    this.#limit = limit;
  }

  emit<E extends EventChannel>(channel: E, payload: EventPayloads[E]): void {
    if (this.#ready) {
      this.#send(channel, payload);
      return;
    }
    this.#held.push({ channel, payload } as Held);
    if (this.#held.length > this.#limit) this.#held.shift();
  }

  /** The page is listening (`app:ready`): deliver what was held. */
  ready(): void {
    this.#ready = true;
    for (const event of this.#held.splice(0)) this.#send(event.channel, event.payload as never);
  }

  /** The page is loading again (reload, crash recovery): hold events until it is ready. */
  notReady(): void {
    this.#ready = false;
  }
}
