// What the MMTel AS works with besides SIP, built the same way whichever thread it runs in: its own
// IF2 client and port (user data kept while the IF2 event stream is up) and, with STIR/SHAKEN on,
// its signing and verification service (with the photo fetcher for Rich Call Data).
import { edsIf2Port } from '../core/eds-if2-port.ts';
import { If2Client } from '../eds/if2-client.ts';
import type { SbiClientOptions } from '../sbi/sbi-client.ts';
import { createPhotoFetcher } from '../stir/photo-fetcher.ts';
import { createStirService, type StirService, type StirServiceOptions } from '../stir/stir-service.ts';

/** The carrier's STI material the AS signs and verifies with: plain data (it crosses into the AS's thread). */
export type StirMaterial = Pick<StirServiceOptions, 'keyPem' | 'x5u' | 'trustAnchorPems'>;

export interface MmtelAsServices {
  readonly if2: ReturnType<typeof edsIf2Port>;
  readonly stir: StirService | undefined;
  /** Ends the IF2 event stream and the SBI client (after the AS has closed). */
  close(): void;
}

/**
 * @example const { if2, stir } = mmtelAsServices({ sbiUrl, caCertPem, apiKey }, material, console.log);
 */
export function mmtelAsServices(sbi: Pick<SbiClientOptions, 'sbiUrl' | 'caCertPem' | 'apiKey'>, material: StirMaterial | undefined, log: (line: string) => void): MmtelAsServices {
  const client = new If2Client(sbi);
  const if2 = edsIf2Port({ client, onError: (e) => log(`mmtel-as: IF2 event stream: ${e.message}`) });
  const stir = material === undefined ? undefined : createStirService({ ...material, photos: createPhotoFetcher({ log: (line) => log(`mmtel-as: ${line}`) }) });
  return {
    if2,
    stir,
    close() {
      if2.close();
      client.close();
    },
  };
}
