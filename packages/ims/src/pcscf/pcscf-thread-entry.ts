// The P-CSCF in a worker thread (started by `startPcscfThread`): the options come in `workerData`,
// log lines and the bound listeners go back as messages, and a `close` message closes it.
import { parentPort, workerData } from 'node:worker_threads';
import { Pcscf, type PcscfOptions } from './pcscf.ts';
import type { PcscfThreadMessage } from './pcscf-thread.ts';

const port = parentPort!;
const post = (message: PcscfThreadMessage): void => port.postMessage(message);
const options = (workerData as { options: Omit<PcscfOptions, 'log'> }).options;

let pcscf: Pcscf;
try {
  pcscf = await Pcscf.start({ ...options, log: (line) => post({ type: 'log', line }) });
} catch (error) {
  const e = error as NodeJS.ErrnoException;
  post({ type: 'failed', message: e.message, ...(e.code === undefined ? {} : { code: e.code }) });
  process.exit(1); // ends this thread only
}
post({ type: 'ready', listeners: pcscf.listeners });
port.on('message', (message: { type: string }) => {
  if (message.type !== 'close') return;
  void pcscf.close().then(() => {
    post({ type: 'closed' });
    process.exit(0); // ends this thread only, timers and all
  });
});
