// Styled replacements for oidc-provider's built-in error and logout pages (no stack traces).
import { escapeHtml, renderPage } from './layout.ts';

const ERROR_HELP: Record<string, string> = {
  invalid_redirect_uri: 'The app asked to return to an address that is not registered for it. Check the app\'s configuration.',
  invalid_client: 'The app is not registered with this sign-in service.',
  invalid_request: 'The app sent an incomplete or malformed sign-in request.',
  invalid_target: 'The app asked for access to a service this sign-in service does not know.',
  access_denied: 'Access was denied.',
  session_not_found: 'Your sign-in session has expired. Go back to the app and start again.',
};

export function renderProviderError(company: string, out: { error?: string | undefined; error_description?: string | undefined }, _error: unknown): string {
  const code = out.error ?? 'server_error';
  const help = ERROR_HELP[code] ?? 'Something went wrong. Go back to the app and try again.';
  return renderPage({
    company,
    title: 'Sign-in error',
    body: `<h1>Sign-in failed</h1><div role="alert">${escapeHtml(help)}</div>
<p>Details: <code>${escapeHtml(code)}</code>${out.error_description ? ` — ${escapeHtml(out.error_description)}` : ''}</p>`,
  });
}

/** `form` is oidc-provider's hidden logout form (trusted HTML with its own xsrf field). */
export function renderLogoutForm(company: string, form: string): string {
  return renderPage({
    company,
    title: 'Sign out',
    body: `<h1>Sign out?</h1><p>You will be signed out of ${escapeHtml(company)} on this browser.</p>${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button>
<button type="submit" form="op.logoutForm" class="secondary">Stay signed in</button>`,
  });
}

export function renderLogoutDone(company: string): string {
  return renderPage({ company, title: 'Signed out', body: '<h1>Signed out</h1><p>You can close this window.</p>' });
}
