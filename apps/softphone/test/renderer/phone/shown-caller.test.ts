// The name shown for a caller whose identity check failed (TS 24.229 verstat=TN-Validation-Failed):
// none, on the incoming screen, in the call and in the history; the number and the state remain.
import { describe, expect, it } from 'vitest';
import { callerIdentity, type PhoneCall } from '@eims/phone';
import { shownName } from '../../../src/renderer/phone/shown-caller.ts';
import { historyEntryOf } from '../../../src/renderer/phone/history-entry.ts';

function caller(verstat: string | undefined) {
  return callerIdentity({
    pAssertedIdentity: [`"Alice Avery" <tel:+15705550100${verstat ? `;verstat=${verstat}` : ''}>`],
    from: '<sip:+15705550100@peer.example;user=phone>;tag=1',
    callInfo: [],
  });
}

/** The fields of a ringing incoming call that the history reads. */
function declinedCall(verstat: string | undefined): PhoneCall {
  return { id: 'c1', direction: 'incoming', remote: caller(verstat), connectedAt: undefined } as unknown as PhoneCall;
}

describe('the caller name the phone shows', () => {
  it('a caller whose identity check failed is shown by number only: the display name a forger chose ("Alice Avery") is not shown', () => {
    const who = caller('TN-Validation-Failed');
    expect(who).toMatchObject({ state: 'failed', name: 'Alice Avery', number: '+15705550100' });
    expect(shownName(who)).toBeUndefined();
  });

  it('verified and unverified callers keep their display name (beside "Verified caller" / "Unverified caller")', () => {
    expect(shownName(caller('TN-Validation-Passed'))).toBe('Alice Avery');
    expect(shownName(caller(undefined))).toBe('Alice Avery');
    expect(shownName(caller('No-TN-Validation'))).toBe('Alice Avery');
  });

  it('the history entry of a failed call keeps the number and the failed state, not the claimed name', () => {
    const entry = historyEntryOf(declinedCall('TN-Validation-Failed'), 'declined', 1_700_000_000_000);
    expect(entry).toMatchObject({ identity: 'failed', number: '+15705550100', outcome: 'declined' });
    expect(entry.name).toBeUndefined();
    expect(historyEntryOf(declinedCall('TN-Validation-Passed'), 'declined', 1_700_000_000_000)).toMatchObject({ identity: 'verified', name: 'Alice Avery' });
  });
});
