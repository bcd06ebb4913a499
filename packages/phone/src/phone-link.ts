// Ties the sign-in session to the SIP user agent: every refreshed token is re-REGISTERed, a
// network de-registration signs the person out with the network's reason, and sign-out
// un-REGISTERs while the token still works, then revokes it.
import type { PhoneSession } from './session/phone-session.ts';
import { SignOutReason } from './session/phone-session.ts';
import type { PhoneUserAgent } from './sip/phone-user-agent.ts';

/** Returns the function that unlinks them. */
export function linkSessionToUserAgent(session: PhoneSession, ua: PhoneUserAgent): () => void {
  const offTokens = session.on('tokensChanged', (tokens) => {
    ua.setAccessToken(tokens.accessToken).catch(() => undefined); // failures surface as registrationChanged('failed')
  });
  const offDeregistered = ua.on('networkDeregistered', (reason) => {
    session.signOut({ code: SignOutReason.NetworkDeregistered, message: reason.message }).catch(() => undefined);
  });
  session.onBeforeSignOut(() => ua.stop());
  return () => {
    offTokens();
    offDeregistered();
  };
}
