// The HTML of the sign-in, second-factor, consent and account pages. Accessible names are part
// of the interface (DESIGN.md): textboxes "Username" and "Password" (a password input's implicit
// role is textbox for Playwright and screen readers alike), button "Sign in", errors in an
// element with role `alert`.
import { alertBox, escapeHtml, renderPage } from './layout.ts';

export function signInPage(o: { company: string; action: string; clientName: string; username?: string; error?: string }): string {
  return renderPage({
    company: o.company,
    title: 'Sign in',
    body: `<h1>Sign in</h1>
<p>to <strong>${escapeHtml(o.clientName)}</strong> with your ${escapeHtml(o.company)} account</p>
${alertBox(o.error)}
<form method="post" action="${escapeHtml(o.action)}" novalidate>
<label for="username">Username</label>
<input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required maxlength="128" value="${escapeHtml(o.username ?? '')}"${o.username ? '' : ' autofocus'}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required maxlength="256"${o.username ? ' autofocus' : ''}>
<button type="submit">Sign in</button>
</form>`,
  });
}

export function totpPage(o: { company: string; action: string; ticket: string; error?: string }): string {
  return renderPage({
    company: o.company,
    title: 'Verification code',
    body: `<h1>Enter your verification code</h1>
<p>Open your authenticator app and enter the 6-digit code for ${escapeHtml(o.company)}.</p>
${alertBox(o.error)}
<form method="post" action="${escapeHtml(o.action)}" novalidate>
<input type="hidden" name="ticket" value="${escapeHtml(o.ticket)}">
<label for="code">Verification code</label>
<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required autofocus>
<button type="submit">Verify</button>
</form>`,
  });
}

export function consentPage(o: { company: string; action: string; clientName: string; scopes: string[]; resources: string[] }): string {
  const items = [...o.scopes.map((s) => `<li>${escapeHtml(describeScope(s))}</li>`), ...o.resources.map((r) => `<li>Access to <code>${escapeHtml(r)}</code></li>`)];
  return renderPage({
    company: o.company,
    title: 'Allow access',
    body: `<h1>Allow access?</h1>
<p><strong>${escapeHtml(o.clientName)}</strong> asks for:</p>
<ul>${items.join('')}</ul>
<form method="post" action="${escapeHtml(o.action)}">
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny" class="secondary">Deny</button>
</form>`,
  });
}

export function messagePage(o: { company: string; title: string; message: string; alert?: boolean }): string {
  return renderPage({
    company: o.company,
    title: o.title,
    body: `<h1>${escapeHtml(o.title)}</h1>${o.alert ? alertBox(o.message) : `<p role="status">${escapeHtml(o.message)}</p>`}`,
  });
}

export function accountPage(o: { company: string; username?: string; error?: string; done?: string }): string {
  return renderPage({
    company: o.company,
    title: 'Your account',
    body: `<h1>Sign out everywhere</h1>
<p>Ends every session of your ${escapeHtml(o.company)} account: the softphone and all other apps must sign in again.</p>
${o.done ? `<p role="status">${escapeHtml(o.done)}</p>` : ''}${alertBox(o.error)}
<form method="post" action="/account" novalidate>
<label for="username">Username</label>
<input id="username" name="username" type="text" autocomplete="username" required maxlength="128" value="${escapeHtml(o.username ?? '')}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required maxlength="256">
<label for="code">Verification code (only if you use an authenticator app)</label>
<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="6">
<button type="submit">Sign out everywhere</button>
</form>`,
  });
}

function describeScope(scope: string): string {
  switch (scope) {
    case 'openid':
      return 'Your identity';
    case 'profile':
      return 'Your name and photo';
    case 'phone':
      return 'Your phone number';
    case 'offline_access':
      return 'Staying signed in';
    default:
      return `Permission "${scope}"`;
  }
}
