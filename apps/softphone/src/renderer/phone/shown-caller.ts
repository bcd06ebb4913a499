// The name the phone shows for the other party of a call. A caller whose identity check failed
// (TN-Validation-Failed, TS 24.229 §7.2A.20) is shown by number only: the display name came in
// the same request whose identity did not verify, so a forger could otherwise put any name
// ("Alice Avery", "Your Bank") in large letters above the warning. Unverified callers keep their
// display name (ordinary caller ID, marked "Unverified caller" beside it).
import type { CallerIdentity } from '@eims/phone';

/**
 * @example shownName({ name: 'Alice Avery', state: 'failed', uri: 'tel:+15705550100', verstat: 'TN-Validation-Failed' }) // → undefined
 */
export function shownName(remote: Pick<CallerIdentity, 'name' | 'state'>): string | undefined {
  return remote.state === 'failed' ? undefined : remote.name;
}
