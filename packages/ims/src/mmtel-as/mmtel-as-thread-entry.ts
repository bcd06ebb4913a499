// The MMTel AS's thread (started by `startMmtelAsThread`): its own IF2 client and STIR service
// (`mmtelAsServices`), CDRs sent to the main thread.
import type { Endpoint } from '@eims/sip';
import type { CdrInput } from '../billing/cdr.ts';
import { serveNfThread } from '../core/nf-thread.ts';
import { MmtelAs } from './mmtel-as.ts';
import { mmtelAsServices } from './mmtel-as-services.ts';
import type { MmtelAsThreadData } from './mmtel-as-thread.ts';

await serveNfThread<MmtelAsThreadData, Endpoint>(async (data, thread) => {
  // The CDRs of one event-loop turn cross to the main thread together and are stored in one
  // transaction there.
  let pending: CdrInput[] = [];
  const cdrBatch = (cdr: CdrInput): void => {
    if (pending.length === 0) {
      setImmediate(() => {
        thread.emit(pending);
        pending = [];
      });
    }
    pending.push(cdr);
  };
  const services = mmtelAsServices(data.sbi, data.stir, thread.log);
  const { if2, stir } = services;
  const as = await MmtelAs.start({
    host: data.host,
    port: data.port,
    domain: data.domain,
    if2,
    cdrs: { append: (cdr) => cdrBatch(cdr) },
    ...(stir === undefined ? {} : { stir }),
    ...(data.firstMessageTimeoutMs === undefined ? {} : { firstMessageTimeoutMs: data.firstMessageTimeoutMs }),
    log: thread.log,
  });
  return {
    info: as.local,
    async close() {
      await as.close();
      services.close();
    },
  };
});
