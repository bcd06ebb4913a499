// The softphone's one window: status, sign-in or the phone (incoming calls, the call in
// progress, dialling, history, audio devices), and the keyboard shortcuts.
import { useEffect, useRef, useState } from 'react';
import type { PhoneCall } from '@eims/phone';
import { ActiveCall, KEYPAD_TONES } from './active-call.tsx';
import { CallHistoryList } from './call-history-list.tsx';
import { DeviceSettings } from './device-settings.tsx';
import { Dialer } from './dialer.tsx';
import { IncomingCall } from './incoming-call.tsx';
import { SignInScreen } from './sign-in-screen.tsx';
import { StatusBar } from './status-bar.tsx';
import { usePhone, usePhoneController } from './use-phone.ts';

export const SHORTCUTS: readonly { keys: string; what: string }[] = [
  { keys: '/', what: 'Go to "Number or name"' },
  { keys: 'Alt+A', what: 'Answer the ringing call' },
  { keys: 'Alt+D', what: 'Decline the ringing call' },
  { keys: 'Alt+E', what: 'Hang up' },
  { keys: 'Alt+M', what: 'Mute or unmute' },
  { keys: 'Alt+H', what: 'Hold or resume' },
  { keys: 'Alt+K', what: 'Show or hide the keypad' },
  { keys: '0–9, *, #', what: 'Keypad tones while the keypad is open' },
];

export function App() {
  const snapshot = usePhone();
  const controller = usePhoneController();
  const dialRef = useRef<HTMLInputElement | null>(null);
  const [keypadOpen, setKeypadOpen] = useState(false);

  const ringing = snapshot.calls.filter((c) => c.direction === 'incoming' && c.state === 'ringing');
  const active = snapshot.calls.filter((c) => c.state === 'connected' || (c.direction === 'outgoing' && c.state === 'calling'));
  const current: PhoneCall | undefined = active.find((c) => !c.held) ?? active[0];

  useEffect(() => {
    if (!current) setKeypadOpen(false);
  }, [current]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const inField = event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement || event.target instanceof HTMLTextAreaElement;
      if (event.altKey && !event.ctrlKey && !event.metaKey) {
        const key = event.key.toLowerCase();
        const first = ringing[0];
        const handled =
          (key === 'a' && first && (void controller.answer(first), true)) ||
          (key === 'd' && first && (void controller.decline(first), true)) ||
          (key === 'e' && current && (void controller.hangUp(current), true)) ||
          (key === 'm' && current?.state === 'connected' && (controller.toggleMute(current), true)) ||
          (key === 'h' && current?.state === 'connected' && (void controller.toggleHold(current), true)) ||
          (key === 'k' && current?.state === 'connected' && (setKeypadOpen((o) => !o), true));
        if (handled) event.preventDefault();
        return;
      }
      if (inField || event.ctrlKey || event.metaKey) return;
      if (event.key === '/' && snapshot.phase === 'signed-in') {
        event.preventDefault();
        dialRef.current?.focus();
      } else if (keypadOpen && current?.state === 'connected' && (KEYPAD_TONES as readonly string[]).includes(event.key)) {
        event.preventDefault();
        controller.sendDtmf(current, event.key);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const signedIn = snapshot.phase === 'signed-in';
  return (
    <div className="app">
      <header className="top">
        <h1>Softphone</h1>
        {signedIn ? <StatusBar snapshot={snapshot} /> : null}
        {signedIn ? (
          <button type="button" className="link" onClick={() => void controller.signOut()}>
            Sign out
          </button>
        ) : null}
      </header>
      <main>
        {snapshot.phase === 'starting' ? <p className="hint">Starting…</p> : null}
        {snapshot.phase === 'signed-out' || snapshot.phase === 'signing-in' ? <SignInScreen snapshot={snapshot} /> : null}
        {signedIn ? (
          <>
            {snapshot.registration === 'failed' ? (
              <button type="button" onClick={() => void controller.retryRegistration()}>
                Try again
              </button>
            ) : null}
            {snapshot.notice ? (
              <div role="alert" className="notice">
                <p>{snapshot.notice}</p>
                <button type="button" className="link" onClick={() => controller.dismissNotice()}>
                  Dismiss
                </button>
              </div>
            ) : null}
            {ringing.map((call) => (
              <IncomingCall key={call.id} call={call} waiting={active.length > 0} />
            ))}
            {active.map((call) => (
              <ActiveCall key={call.id} call={call} keypadOpen={keypadOpen && call === current} onToggleKeypad={() => setKeypadOpen((o) => !o)} />
            ))}
            <Dialer disabled={snapshot.registration !== 'registered'} inputRef={dialRef} />
            <CallHistoryList entries={snapshot.history} canCall={snapshot.registration === 'registered'} />
            <DeviceSettings />
            <details className="shortcuts">
              <summary>Keyboard shortcuts</summary>
              <dl>
                {SHORTCUTS.map((s) => (
                  <div key={s.keys}>
                    <dt>
                      <kbd>{s.keys}</kbd>
                    </dt>
                    <dd>{s.what}</dd>
                  </div>
                ))}
              </dl>
            </details>
          </>
        ) : null}
      </main>
    </div>
  );
}
