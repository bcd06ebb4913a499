// One call as the MMTel AS sees it, from the originating INVITE to the BYE, turned into a CDR
// (billing and record for audit: enterprise charged, 3PID, presented E.164, called party, times,
// disposition).
import type { CdrDisposition, CdrInput } from '../billing/cdr.ts';

export interface CallRecord {
  readonly callId: string;
  readonly enterpriseId: string | null;
  readonly chargedParty: string;
  readonly thirdPartyId: string | null;
  readonly presentedE164: string;
  readonly calledParty: string;
  readonly startedAt: number;
  answeredAt: number | null;
  /** SHAKEN attestation the originating AS signed with (null: not signed). */
  attestation: 'A' | 'B' | 'C' | null;
  /** Verification result the terminating AS delivered (null: not verified here). */
  verstat: string | null;
}

/** The disposition of a call that ended with a final non-2xx `status` (before any answer). */
export function dispositionOf(status: number): CdrDisposition {
  if (status === 486 || status === 600) return 'busy';
  if (status === 487) return 'cancelled';
  if (status === 480 || status === 408) return 'no-answer';
  if (status === 403 || status === 603 || status === 401) return 'rejected';
  return 'failed';
}

export function toCdr(call: CallRecord, endedAt: number, disposition: CdrDisposition, cause: string): CdrInput {
  return {
    callId: call.callId,
    enterpriseId: call.enterpriseId,
    chargedParty: call.chargedParty,
    thirdPartyId: call.thirdPartyId,
    presentedE164: call.presentedE164,
    calledParty: call.calledParty,
    startedAt: call.startedAt,
    answeredAt: call.answeredAt,
    endedAt,
    disposition,
    cause,
    attestation: call.attestation,
    verstat: call.verstat,
  };
}
