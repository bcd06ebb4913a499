// A realistic CDR for tests: Alice (Acme) calls out, answered, signed with attestation A.
import type { CdrInput } from '../../src/billing/cdr.ts';

export function sampleCdr(i: number, overrides: Partial<CdrInput> = {}): CdrInput {
  const start = Date.UTC(2026, 0, 5, 9, 0, 0) + i * 60_000;
  return {
    callId: `call-${i}@pcscf.invalid`,
    enterpriseId: 'acme',
    chargedParty: 'acme',
    thirdPartyId: 'sip:alice@acme.example',
    presentedE164: '+12025550101',
    calledParty: 'tel:+12025550999',
    startedAt: start,
    answeredAt: start + 3000,
    endedAt: start + 45_000,
    disposition: 'answered',
    cause: 'BYE',
    attestation: 'A',
    verstat: null,
    ...overrides,
  };
}
