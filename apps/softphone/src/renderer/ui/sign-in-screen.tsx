// Signed out: the "Sign in" button (the company's sign-in page opens: this page on the web, the
// system browser in the desktop app), and why the person was signed out when they did not ask.
import type { PhoneSnapshot } from '../phone/phone-controller.ts';
import { usePhoneController } from './use-phone.ts';

export function SignInScreen({ snapshot }: { snapshot: PhoneSnapshot }) {
  const controller = usePhoneController();
  const busy = snapshot.phase === 'signing-in';
  return (
    <section className="sign-in" aria-labelledby="sign-in-title">
      <h2 id="sign-in-title">Sign in with your company account</h2>
      {snapshot.signedOut ? (
        <div role="alert" className="signed-out-reason">
          <p className="signed-out-title">{snapshot.signedOut.title}</p>
          <p>{snapshot.signedOut.detail}</p>
        </div>
      ) : null}
      {snapshot.fatal ? (
        <p role="alert" className="fatal">
          {snapshot.fatal}
        </p>
      ) : null}
      <button type="button" className="primary" disabled={busy || snapshot.fatal !== undefined} onClick={() => void controller.signIn()}>
        Sign in
      </button>
      {busy ? <p className="hint">Complete the sign-in in the page that opened…</p> : null}
    </section>
  );
}
