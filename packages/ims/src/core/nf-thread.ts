// Network functions in worker threads of their own. Each function keeps talking to the others over
// SIP/TCP and the SBI exactly as in one thread; a thread only gives its SIP work a core of its own
// instead of a share of one event loop. What crosses between the threads: the start data (plain,
// cloneable), the bound addresses once it listens, log lines, the function's own events (the
// MMTel AS's CDRs) and close.
import { parentPort, Worker, workerData } from 'node:worker_threads';

type FromThread<I> =
  | { type: 'ready'; info: I }
  | { type: 'log'; line: string }
  | { type: 'event'; event: unknown }
  | { type: 'failed'; message: string; code?: string };

export interface NfThread<I> {
  readonly threadId: number;
  /** What the function reported once it listened (its addresses). */
  readonly info: I;
  /** Closes the function and ends its thread (terminated after 5 s if it hangs). */
  close(): Promise<void>;
}

export interface NfThreadOptions {
  /** For messages: `P-CSCF`, `MMTel AS`. */
  readonly name: string;
  /** The module run in the thread; it calls `serveNfThread`. */
  readonly entry: URL;
  /** Start data, structured-cloned into the thread. */
  readonly data: unknown;
  readonly log?: ((line: string) => void) | undefined;
  readonly onEvent?: (event: unknown) => void;
  /** Called once when the thread ends without being closed: the function is gone. */
  readonly onCrash?: ((error: Error) => void) | undefined;
}

/**
 * @example
 * const t = await startNfThread<PcscfListeners>({ name: 'P-CSCF', entry: new URL('./pcscf-thread-entry.ts', import.meta.url), data });
 * console.log(t.info.tcp); // { host: '127.0.0.1', port: 5060 }
 */
export function startNfThread<I>(options: NfThreadOptions): Promise<NfThread<I>> {
  // Worker threads do not inherit the loader hooks that run TypeScript: ts-worker.mjs registers them.
  const worker = new Worker(new URL('./ts-worker.mjs', import.meta.url), { workerData: { entry: options.entry.href, data: options.data } });
  let closing: Promise<void> | undefined;
  return new Promise<NfThread<I>>((resolve, reject) => {
    let started = false;
    let crashed = false;
    const crash = (error: Error): void => {
      if (!started) return reject(error);
      if (closing !== undefined || crashed) return;
      crashed = true;
      options.onCrash?.(error);
    };
    worker.on('message', (message: FromThread<I>) => {
      if (message.type === 'log') options.log?.(message.line);
      else if (message.type === 'event') options.onEvent?.(message.event);
      else if (message.type === 'failed') crash(Object.assign(new Error(message.message), message.code === undefined ? {} : { code: message.code }));
      else {
        started = true;
        resolve({ threadId: worker.threadId, info: message.info, close: () => (closing ??= closeWorker(worker)) });
      }
    });
    worker.on('error', crash);
    worker.on('exit', (code) => crash(new Error(`the ${options.name} thread ended (exit code ${code})${started ? '' : ' before it started'}`)));
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

export interface NfThreadTools {
  log(line: string): void;
  /** Sends one of the function's events to the main thread (`onEvent` there). */
  emit(event: unknown): void;
}

/**
 * The thread's side: starts the function from the start data, reports its addresses, and closes
 * it on request. A start that throws is reported with its message and code (EADDRINUSE ...).
 * @example await serveNfThread<Data, PcscfListeners>(async (data, t) => { const p = await Pcscf.start({ ...data, log: t.log }); return { info: p.listeners, close: () => p.close() }; });
 */
export async function serveNfThread<D, I>(start: (data: D, tools: NfThreadTools) => Promise<{ info: I; close(): Promise<void> }>): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error('serveNfThread runs in a worker thread (started by startNfThread)');
  const post = (message: FromThread<I>): void => port.postMessage(message);
  let running: { info: I; close(): Promise<void> };
  try {
    running = await start((workerData as { data: D }).data, { log: (line) => post({ type: 'log', line }), emit: (event) => post({ type: 'event', event }) });
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    post({ type: 'failed', message: e.message, ...(typeof e.code === 'string' ? { code: e.code } : {}) });
    process.exit(1); // ends this thread only
  }
  post({ type: 'ready', info: running.info });
  port.on('message', (message: { type?: string }) => {
    if (message.type !== 'close') return;
    void running.close().finally(() => process.exit(0)); // this thread only, timers and all
  });
}
