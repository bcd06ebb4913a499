// The shape of `window.softphone`, the only door from the renderer to main (exposed by the
// preload). Type-only, so the renderer can import it without pulling in Electron.
import type { EventChannel, EventPayloads, InvokeChannel, PayloadOf, ResultOf } from './ipc-contract.ts';

/**
 * @example
 * const tokens = await window.softphone?.invoke('session:sign-in');
 * const stop = window.softphone?.on('call:dial', (target) => dial(target));
 */
export interface SoftphoneBridge {
  invoke<C extends InvokeChannel>(channel: C, ...payload: PayloadOf<C> extends undefined ? [] : [PayloadOf<C>]): Promise<ResultOf<C>>;
  /** Listens to a main → renderer event; returns the function that stops listening. */
  on<E extends EventChannel>(channel: E, listener: (payload: EventPayloads[E]) => void): () => void;
}
