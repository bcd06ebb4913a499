// RFC 8898 §4 Bearer challenges in WWW-Authenticate / Proxy-Authenticate, and the UAC rule of
// §3: the `authz_server` named by a challenge MUST be checked against the locally configured
// trusted authorization servers before any token is sent towards it.
import { PhoneError, PhoneErrorCode, type Result } from '../errors.ts';
import { unquote } from '../identity/header-list.ts';

export interface BearerChallenge {
  realm?: string;
  scope?: string;
  authzServer?: string;
  error?: string;
}

/** Finds and parses the Bearer challenge among the challenge header values; undefined if none. */
export function findBearerChallenge(values: readonly string[]): BearerChallenge | undefined {
  for (const value of values) {
    const m = /^\s*bearer(?:\s+(.*))?$/is.exec(value);
    if (!m) continue;
    const challenge: BearerChallenge = {};
    const re = /([A-Za-z_][A-Za-z0-9_-]*)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s,]+)/g;
    for (const p of (m[1] ?? '').matchAll(re)) {
      const v = unquote(p[2]!);
      switch (p[1]!.toLowerCase()) {
        case 'realm':
          challenge.realm = v;
          break;
        case 'scope':
          challenge.scope = v;
          break;
        case 'authz_server':
          challenge.authzServer = v;
          break;
        case 'error':
          challenge.error = v;
          break;
        default:
          break; // auth-param extensions are allowed and ignored
      }
    }
    return challenge;
  }
  return undefined;
}

function normalizeServer(url: string): string | undefined {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host.toLowerCase()}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return undefined; // not a URL: never trusted
  }
}

/**
 * RFC 8898 §3: "the UAC MUST check the AS URL received in the 401/407 response against a list
 * of trusted ASs configured on the UAC". A challenge without `authz_server` is accepted when
 * exactly the configured IdP is in use (the token goes to the registrar that challenged, not to
 * an AS it named).
 */
export function checkAuthzServer(challenge: BearerChallenge, trusted: readonly string[]): Result<void> {
  if (challenge.authzServer === undefined) return { ok: true, value: undefined };
  const named = normalizeServer(challenge.authzServer);
  if (named !== undefined && trusted.some((t) => normalizeServer(t) === named)) return { ok: true, value: undefined };
  return {
    ok: false,
    error: new PhoneError(PhoneErrorCode.UntrustedAuthzServer, `The network asked for a token from ${challenge.authzServer}, which is not your organization's sign-in server. Registration stopped.`, {
      details: { authzServer: challenge.authzServer, trusted },
    }),
  };
}
