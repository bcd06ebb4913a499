// Which browser origins may call the IdP's endpoints for a client (token, revocation, userinfo,
// directory search). Native clients (RFC 8252) are also allowed any loopback origin, whatever the
// port: the softphone's web build under test and `npm run dev` are served from random ports.
import type { ClientRegistration } from '../config/idp-config.ts';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** True for `http://127.0.0.1:<port>`, `http://[::1]:<port>` and `http://localhost:<port>` (port optional). */
export function isLoopbackOrigin(origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  // An origin has no path, query, credentials or fragment; anything else is not an origin.
  if (url.origin !== origin) return false;
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
}

/** Whether `origin` may call the IdP on behalf of `client`. */
export function clientAllowsOrigin(client: ClientRegistration, origin: string): boolean {
  if (client.corsOrigins.includes(origin)) return true;
  return client.metadata['application_type'] === 'native' && isLoopbackOrigin(origin);
}
