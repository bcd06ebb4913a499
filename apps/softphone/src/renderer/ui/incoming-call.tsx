// An incoming call: the caller's name and number, the identity state, the verified name card,
// and "Answer" / "Decline". A second call while in a call (call waiting) looks the same and says so.
import { useId } from 'react';
import type { PhoneCall } from '@eims/phone';
import { shownName } from '../phone/shown-caller.ts';
import { IdentityBadge } from './identity-badge.tsx';
import { NameCard } from './name-card.tsx';
import { usePhoneController } from './use-phone.ts';

export function IncomingCall({ call, waiting }: { call: PhoneCall; waiting: boolean }) {
  const controller = usePhoneController();
  const titleId = useId();
  const remote = call.remote;
  return (
    <section className={`incoming-call identity-frame-${remote.state}`} aria-labelledby={titleId}>
      <h2 id={titleId}>Incoming call</h2>
      {waiting ? <p className="call-waiting">Call waiting: answering puts your current call on hold.</p> : null}
      <div className="caller">
        <p className="caller-name">{shownName(remote) ?? 'Unknown caller'}</p>
        <p className="caller-number">{remote.number ?? remote.uri}</p>
        <IdentityBadge state={remote.state} />
        {remote.state === 'failed' ? <p className="identity-warning">The network could not confirm who is calling: the number may be spoofed.</p> : null}
      </div>
      <NameCard identity={remote} />
      <div className="actions">
        <button type="button" className="answer" aria-keyshortcuts="Alt+A" onClick={() => void controller.answer(call)}>
          Answer
        </button>
        <button type="button" className="decline" aria-keyshortcuts="Alt+D" onClick={() => void controller.decline(call)}>
          Decline
        </button>
      </div>
    </section>
  );
}
