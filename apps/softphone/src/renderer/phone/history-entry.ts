// What the history keeps of a call that ended: who, which way, how it ended, how long, and for
// incoming calls the identity state shown at the time.
import type { CallEndReason, PhoneCall } from '@eims/phone';
import type { CallHistoryEntry, CallOutcome } from './call-history.ts';
import { shownName } from './shown-caller.ts';

export function historyEntryOf(call: PhoneCall, reason: CallEndReason, now: number): CallHistoryEntry {
  const remote = call.remote;
  const name = shownName(remote);
  return {
    id: `${call.id}:${call.connectedAt ?? now}`,
    direction: call.direction,
    uri: remote.uri,
    ...(name ? { name } : {}),
    ...(remote.number ? { number: remote.number } : {}),
    ...(call.direction === 'incoming' ? { identity: remote.state } : {}),
    outcome: outcomeOf(call, reason),
    startedAt: call.connectedAt ?? now,
    durationSeconds: call.connectedAt ? Math.round((now - call.connectedAt) / 1000) : 0,
  };
}

export function outcomeOf(call: PhoneCall, reason: CallEndReason): CallOutcome {
  if (call.connectedAt !== undefined) return 'answered';
  switch (reason) {
    case 'missed':
      return 'missed';
    case 'declined':
      return 'declined';
    case 'cancelled':
      return 'cancelled';
    case 'hung-up':
    case 'remote-hung-up':
      return 'answered';
    case 'rejected':
    case 'failed':
      return 'failed';
  }
}
