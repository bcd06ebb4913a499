// "Call history": the calls kept on this device, newest first, each with its direction, outcome,
// duration and (incoming) the identity state it had; "Redial" calls again (not named "Call…":
// the dial button's name "Call" must stay unique for people and tests alike).
import type { CallHistoryEntry } from '../phone/call-history.ts';
import { IdentityBadge } from './identity-badge.tsx';
import { formatDuration } from './call-timer.tsx';
import { usePhoneController } from './use-phone.ts';

const OUTCOME_TEXT = { answered: '', missed: 'Missed', declined: 'Declined', cancelled: 'Cancelled', failed: 'Not connected' } as const;

export function CallHistoryList({ entries, canCall }: { entries: readonly CallHistoryEntry[]; canCall: boolean }) {
  const controller = usePhoneController();
  return (
    <section className="call-history" aria-labelledby="call-history-title">
      <div className="section-head">
        <h2 id="call-history-title">Call history</h2>
        {entries.length > 0 ? (
          <button type="button" className="link" onClick={() => controller.clearHistory()}>
            Clear history
          </button>
        ) : null}
      </div>
      {entries.length === 0 ? (
        <p className="empty">No calls yet.</p>
      ) : (
        <ol>
          {entries.map((e) => {
            const who = e.name ?? e.number ?? e.uri;
            const outcome = OUTCOME_TEXT[e.outcome];
            return (
              <li key={e.id} className={`history-entry ${e.direction} ${e.outcome}`}>
                <span className="direction" aria-label={e.direction === 'incoming' ? 'Incoming' : 'Outgoing'}>
                  {e.direction === 'incoming' ? '↙' : '↗'}
                </span>
                <span className="history-who">
                  <span className="history-name">{who}</span>
                  {e.name && e.number ? <span className="history-number"> {e.number}</span> : null}
                </span>
                {e.identity ? <IdentityBadge state={e.identity} compact /> : null}
                <span className="history-when">
                  <time dateTime={new Date(e.startedAt).toISOString()}>{new Date(e.startedAt).toLocaleString()}</time>
                  {outcome ? ` · ${outcome}` : ` · ${formatDuration(e.durationSeconds)}`}
                </span>
                {canCall ? (
                  <button type="button" className="link" aria-label={`Redial ${who}`} onClick={() => void controller.call(e.number ?? e.uri)}>
                    Redial
                  </button>
                ) : null}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
