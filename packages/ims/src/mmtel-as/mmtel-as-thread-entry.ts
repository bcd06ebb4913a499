// The MMTel AS's thread (started by `startMmtelAsThread`): its own IF2 client and STIR service,
// CDRs sent to the main thread.
import type { Endpoint } from '@eims/sip';
import type { CdrInput } from '../billing/cdr.ts';
import { edsIf2Port } from '../core/eds-if2-port.ts';
import { serveNfThread } from '../core/nf-thread.ts';
import { If2Client } from '../eds/if2-client.ts';
import { createPhotoFetcher } from '../stir/photo-fetcher.ts';
import { createStirService } from '../stir/stir-service.ts';
import { MmtelAs } from './mmtel-as.ts';
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
  const client = new If2Client(data.sbi);
  const if2 = edsIf2Port({ client, onError: (e) => thread.log(`mmtel-as: IF2 event stream: ${e.message}`) });
  const stir =
    data.stir === undefined
      ? undefined
      : createStirService({ ...data.stir, photos: createPhotoFetcher({ log: (line) => thread.log(`mmtel-as: ${line}`) }) });
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
      if2.close();
      client.close();
    },
  };
});
