// Call detail records (billing and record for audit, TR 23.700-87 steps 10/14/24/25) and the
// canonical form their hash chain is computed over.
import { createHash } from 'node:crypto';

export const CDR_DISPOSITIONS = ['answered', 'busy', 'no-answer', 'cancelled', 'failed', 'rejected'] as const;
export type CdrDisposition = (typeof CDR_DISPOSITIONS)[number];

/** What the call-handling functions report at the end of a call. Times are ms since the epoch. */
export interface CdrInput {
  callId: string;
  /** The enterprise charged, or null for a plain subscriber. */
  enterpriseId: string | null;
  /** Who pays: the enterprise id or the subscriber's IMPU. */
  chargedParty: string;
  thirdPartyId: string | null;
  presentedE164: string;
  calledParty: string;
  startedAt: number;
  answeredAt: number | null;
  endedAt: number;
  disposition: CdrDisposition;
  /** SIP status or Reason of the end (e.g. "200", "486", "BYE"). */
  cause: string;
  attestation: 'A' | 'B' | 'C' | null;
  verstat: string | null;
}

/** A stored record: times as ISO 8601 strings, chained to its predecessor. */
export interface Cdr {
  seq: number;
  callId: string;
  enterpriseId: string | null;
  chargedParty: string;
  thirdPartyId: string | null;
  presentedE164: string;
  calledParty: string;
  startedAt: string;
  answeredAt: string | null;
  endedAt: string;
  disposition: CdrDisposition;
  cause: string;
  attestation: 'A' | 'B' | 'C' | null;
  verstat: string | null;
  prevHash: string;
  hash: string;
}

export const CDR_FIELDS = ['seq', 'callId', 'enterpriseId', 'chargedParty', 'thirdPartyId', 'presentedE164', 'calledParty', 'startedAt', 'answeredAt', 'endedAt', 'disposition', 'cause', 'attestation', 'verstat', 'prevHash', 'hash'] as const;

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with keys sorted, of every field but `hash` (the sequence number and `prevHash` included). */
export function canonicalCdr(record: Omit<Cdr, 'hash'>): string {
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort()) if (key !== 'hash') sorted[key] = (record as Record<string, unknown>)[key];
  return JSON.stringify(sorted);
}

/** hash = SHA-256(prevHash ‖ canonical JSON of the record), hex. */
export function cdrHash(record: Omit<Cdr, 'hash'>): string {
  return createHash('sha256').update(record.prevHash).update(canonicalCdr(record)).digest('hex');
}
