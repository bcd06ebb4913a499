// Runs the P-CSCF in a worker thread of its own (`src/core/nf-thread.ts`): every client message is
// read and written twice there, which then has a core of its own instead of a share of the main
// event loop. It talks to the S-CSCF over SIP/TCP as before.
import { startNfThread } from '../core/nf-thread.ts';
import type { PcscfListeners, PcscfOptions } from './pcscf.ts';

/** What the core needs of a P-CSCF, in this thread (`Pcscf`) or another (`PcscfThread`). */
export interface PcscfHandle {
  readonly listeners: PcscfListeners;
  close(): Promise<void>;
}

export interface PcscfThread extends PcscfHandle {
  readonly threadId: number;
}

export interface PcscfThreadOptions extends PcscfOptions {
  /** Called when the thread ends without being closed (a crash): the P-CSCF is gone. */
  readonly onCrash?: (error: Error) => void;
}

/**
 * @example
 * const pcscf = await startPcscfThread({ tcpPort: 5060, wsPort: 5066, scscf: scscf.local, log: console.log, onCrash: () => process.exit(1) });
 * console.log(pcscf.listeners.tcp); // { host: '127.0.0.1', port: 5060 }
 */
export async function startPcscfThread(options: PcscfThreadOptions): Promise<PcscfThread> {
  const { log, onCrash, ...data } = options;
  const thread = await startNfThread<PcscfListeners>({ name: 'P-CSCF', entry: new URL('./pcscf-thread-entry.ts', import.meta.url), data, log, onCrash });
  return { threadId: thread.threadId, listeners: thread.info, close: () => thread.close() };
}
