// A call being placed or in progress: who, its state with the timer, and the controls
// "Hang up", "Mute", "Hold", "Keypad" (RFC 4733 tones).
import { useId, useState } from 'react';
import type { PhoneCall } from '@eims/phone';
import { shownName } from '../phone/shown-caller.ts';
import { IdentityBadge } from './identity-badge.tsx';
import { CallTimer } from './call-timer.tsx';
import { usePhoneController } from './use-phone.ts';

export const KEYPAD_TONES = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;

export function ActiveCall({ call, keypadOpen, onToggleKeypad }: { call: PhoneCall; keypadOpen: boolean; onToggleKeypad: () => void }) {
  const controller = usePhoneController();
  const titleId = useId();
  const keypadId = useId();
  const [sent, setSent] = useState('');
  const remote = call.remote;
  const connected = call.state === 'connected';
  const name = shownName(remote);
  const who = name ?? remote.number ?? remote.uri;
  const send = (tone: string) => {
    controller.sendDtmf(call, tone);
    setSent((s) => (s + tone).slice(-24));
  };
  return (
    <section className="active-call" aria-labelledby={titleId}>
      <h2 id={titleId}>Call with {who}</h2>
      <div className="caller">
        {name && remote.number ? <p className="caller-number">{remote.number}</p> : null}
        {call.direction === 'incoming' ? <IdentityBadge state={remote.state} compact /> : null}
      </div>
      {connected && call.connectedAt !== undefined ? <CallTimer since={call.connectedAt} /> : <p className="call-state">Calling…</p>}
      {call.holdChange === 'holding' ? <p className="call-flag" role="status">Putting the call on hold…</p> : call.holdChange === 'resuming' ? <p className="call-flag" role="status">Resuming the call…</p> : call.held ? <p className="call-flag">On hold</p> : null}
      {call.muted ? <p className="call-flag">Microphone muted</p> : null}
      <div className="actions">
        <button type="button" className="hang-up" aria-keyshortcuts="Alt+E" onClick={() => void controller.hangUp(call)}>
          Hang up
        </button>
        <button type="button" aria-pressed={call.muted} disabled={!connected} aria-keyshortcuts="Alt+M" onClick={() => controller.toggleMute(call)}>
          Mute
        </button>
        <button type="button" aria-pressed={call.held} aria-busy={call.holdChange !== undefined} disabled={!connected || call.holdChange !== undefined} aria-keyshortcuts="Alt+H" onClick={() => void controller.toggleHold(call)}>
          Hold
        </button>
        <button type="button" aria-expanded={keypadOpen} aria-controls={keypadId} disabled={!connected} aria-keyshortcuts="Alt+K" onClick={onToggleKeypad}>
          Keypad
        </button>
      </div>
      {keypadOpen && connected ? (
        <div id={keypadId} className="keypad" role="group" aria-label="Keypad tones">
          {KEYPAD_TONES.map((tone) => (
            <button key={tone} type="button" aria-label={`Tone ${tone}`} onClick={() => send(tone)}>
              {tone}
            </button>
          ))}
          <output className="tones-sent" aria-label="Tones sent">
            {sent}
          </output>
        </div>
      ) : null}
    </section>
  );
}
