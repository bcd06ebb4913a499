// The registration status (role "status", announced by screen readers): "Registered" with the
// person's number once registered, otherwise what is happening or why it failed.
import type { PhoneSnapshot } from '../phone/phone-controller.ts';
import { assertNever } from '@eims/phone';

export function statusText(s: PhoneSnapshot): { text: string; tone: 'ok' | 'busy' | 'bad' } {
  const who = [s.me?.name, s.me?.number ?? s.me?.threePid].filter(Boolean).join(' · ');
  switch (s.registration) {
    case 'registered':
      return s.connected ? { text: `Registered · ${who}`, tone: 'ok' } : { text: `Connection lost, reconnecting… (${who})`, tone: 'busy' };
    case 'registering':
      return { text: s.connected ? 'Registering with the network…' : 'Connecting to the network…', tone: 'busy' };
    case 'failed':
      return { text: `Not registered: ${s.registrationCause ?? 'the network refused the registration.'}`, tone: 'bad' };
    case 'unregistered':
      return { text: `Not registered${s.registrationCause ? `: ${s.registrationCause}` : '.'}`, tone: 'bad' };
    default:
      return assertNever(s.registration);
  }
}

export function StatusBar({ snapshot }: { snapshot: PhoneSnapshot }) {
  const { text, tone } = statusText(snapshot);
  return (
    <p role="status" className={`status status-${tone}`}>
      <span className="status-dot" aria-hidden="true" />
      {text}
    </p>
  );
}
