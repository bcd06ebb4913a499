// The caller-identity state of DESIGN.md, shown beside the caller: exactly one of "Verified
// caller", "Unverified caller", "Caller identity check failed". The three differ in colour, icon
// and border, so they are told apart without colour too.
import { assertNever, IDENTITY_TEXT, type IdentityState } from '@eims/phone';

function icon(state: IdentityState): string {
  switch (state) {
    case 'verified':
      return '✔';
    case 'unverified':
      return '?';
    case 'failed':
      return '✖';
    default:
      return assertNever(state);
  }
}

export function IdentityBadge({ state, compact = false }: { state: IdentityState; compact?: boolean }) {
  return (
    <span className={`identity-badge identity-${state}${compact ? ' compact' : ''}`}>
      <span className="identity-icon" aria-hidden="true">
        {icon(state)}
      </span>
      <span className="identity-text">{IDENTITY_TEXT[state]}</span>
    </span>
  );
}
