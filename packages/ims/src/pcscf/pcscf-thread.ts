// Runs the P-CSCF in a worker thread of its own, so that its SIP work (every message to and from
// clients is parsed and written twice there) has a core of its own instead of sharing the main
// event loop with the S-CSCF, the MMTel AS and the EDS. It talks to the S-CSCF over SIP/TCP as
// before; only start, log lines and close cross between the threads.
import { Worker } from 'node:worker_threads';
import type { PcscfListeners, PcscfOptions } from './pcscf.ts';

/** What the core needs of a P-CSCF, in this thread (`Pcscf`) or another (`PcscfThread`). */
export interface PcscfHandle {
  readonly listeners: PcscfListeners;
  close(): Promise<void>;
}

export type PcscfThreadMessage =
  | { type: 'ready'; listeners: PcscfListeners }
  | { type: 'log'; line: string }
  | { type: 'failed'; message: string; code?: string }
  | { type: 'closed' };

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
export function startPcscfThread(options: PcscfThreadOptions): Promise<PcscfThread> {
  const { log, onCrash, ...data } = options;
  const worker = new Worker(new URL('../core/ts-worker.mjs', import.meta.url), {
    workerData: { entry: new URL('./pcscf-thread-entry.ts', import.meta.url).href, options: data },
  });
  let closing: Promise<void> | undefined;
  return new Promise<PcscfThread>((resolve, reject) => {
    let started = false;
    worker.on('message', (message: PcscfThreadMessage) => {
      if (message.type === 'log') log?.(message.line);
      else if (message.type === 'failed') reject(Object.assign(new Error(message.message), message.code === undefined ? {} : { code: message.code }));
      else if (message.type === 'ready') {
        started = true;
        resolve({
          threadId: worker.threadId,
          listeners: message.listeners,
          close: () => (closing ??= closeWorker(worker)),
        });
      }
    });
    let crashed = false;
    const crash = (error: Error): void => {
      if (!started) return reject(error);
      if (closing !== undefined || crashed) return;
      crashed = true;
      onCrash?.(error);
    };
    worker.on('error', crash);
    worker.on('exit', (code) => crash(new Error(`the P-CSCF thread ended (exit code ${code})${started ? '' : ' before it started'}`)));
  });
}

function closeWorker(worker: Worker): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => void worker.terminate(), 5000);
    worker.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    worker.postMessage({ type: 'close' });
  });
}
