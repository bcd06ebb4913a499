// Plays the system browser in tests: follows an authorization URL through the IdP's real sign-in
// form (cookies carried by hand) and returns the callback URL the IdP redirects to.
import { CookieJar } from '../../../../idp/test/support/oauth-client.ts';

export async function browserSignIn(authorizationUrl: string, redirectPrefix: string, username: string, password: string): Promise<string> {
  const jar = new CookieJar();
  let url = authorizationUrl;
  let init: RequestInit = {};
  let submitted = false;
  for (let hop = 0; hop < 12; hop++) {
    const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: jar.header() } });
    jar.store(response);
    init = {};
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      const next = new URL(location, url).href;
      if (next.startsWith(redirectPrefix)) return next;
      url = next;
      continue;
    }
    const body = await response.text();
    const action = /<form method="post" action="([^"]+\/login)"/.exec(body)?.[1];
    if (response.status === 200 && action && !submitted) {
      submitted = true;
      url = new URL(action, url).href;
      init = {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ username, password }).toString(),
      };
      continue;
    }
    throw new Error(`sign-in stopped at ${response.status}: ${body.slice(0, 200)}`);
  }
  throw new Error('too many redirects');
}
