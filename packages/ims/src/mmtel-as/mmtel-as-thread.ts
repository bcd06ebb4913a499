// Runs the MMTel AS in a worker thread of its own (`src/core/nf-thread.ts`): its SIP work (two
// passes of every call message, STIR/SHAKEN signing and verification) gets a core of its own. It
// reaches the EDS over IF2 with its own SBI client, as before; its CDRs cross to the main thread,
// which writes them into the billing store (as an AS hands its charging data to a CDF): those of
// one event-loop turn together, in one transaction.
import type { Endpoint } from '@eims/sip';
import type { CdrInput } from '../billing/cdr.ts';
import { startNfThread } from '../core/nf-thread.ts';
import type { SbiClientOptions } from '../sbi/sbi-client.ts';
import type { StirMaterial } from './mmtel-as-services.ts';
import type { CdrSink } from './mmtel-as.ts';

/** What the core needs of an MMTel AS, in this thread (`MmtelAs`) or another (`MmtelAsThread`). */
export interface AsHandle {
  readonly local: Endpoint;
  onCdr(listener: (cdr: CdrInput) => void): () => void;
  close(): Promise<void>;
}

export interface MmtelAsThread extends AsHandle {
  readonly threadId: number;
}

/** Everything the thread starts from: plain data. */
export interface MmtelAsThreadData {
  readonly host: string;
  readonly port: number;
  readonly domain: string;
  readonly firstMessageTimeoutMs?: number;
  /** IF2 over the SBI. */
  readonly sbi: Pick<SbiClientOptions, 'sbiUrl' | 'caCertPem' | 'apiKey'>;
  /** STIR/SHAKEN material; neither signing nor verification without it. */
  readonly stir?: StirMaterial;
}

export interface MmtelAsThreadOptions extends MmtelAsThreadData {
  /** Where the CDRs go (the billing store), in this thread. */
  readonly cdrs: CdrSink;
  readonly log?: (line: string) => void;
  /** Called when the thread ends without being closed (a crash): the AS is gone. */
  readonly onCrash?: (error: Error) => void;
}

/**
 * @example
 * const as = await startMmtelAsThread({ host: '127.0.0.1', port: 6070, domain, sbi, stir, cdrs: ims.cdrs, log: console.log });
 * const scscf = await Scscf.start({ ..., as: as.local });
 */
export async function startMmtelAsThread(options: MmtelAsThreadOptions): Promise<MmtelAsThread> {
  const { cdrs, log, onCrash, ...data } = options;
  const listeners = new Set<(cdr: CdrInput) => void>();
  const thread = await startNfThread<Endpoint>({
    name: 'MMTel AS',
    entry: new URL('./mmtel-as-thread-entry.ts', import.meta.url),
    data,
    log,
    onCrash,
    onEvent: (event) => {
      const batch = event as CdrInput[];
      if (!appendTogether(cdrs, batch)) {
        // One record the store refuses must not cost the others theirs: one by one.
        for (const cdr of batch) {
          try {
            cdrs.append(cdr);
          } catch (error) {
            log?.(`mmtel-as: CDR of ${cdr.callId} not stored: ${String(error)}`);
          }
        }
      }
      for (const cdr of batch) for (const l of listeners) l(cdr);
    },
  });
  return {
    threadId: thread.threadId,
    local: thread.info,
    onCdr(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => thread.close(),
  };
}

function appendTogether(cdrs: CdrSink, batch: readonly CdrInput[]): boolean {
  if (cdrs.appendAll === undefined) return false;
  try {
    cdrs.appendAll(batch);
    return true;
  } catch {
    return false;
  }
}
