// The P-CSCF's thread (started by `startPcscfThread`).
import { serveNfThread } from '../core/nf-thread.ts';
import { Pcscf, type PcscfListeners, type PcscfOptions } from './pcscf.ts';

await serveNfThread<Omit<PcscfOptions, 'log'>, PcscfListeners>(async (options, thread) => {
  const pcscf = await Pcscf.start({ ...options, log: thread.log });
  return { info: pcscf.listeners, close: () => pcscf.close() };
});
