// Electron security checklist #7: the renderer's Content-Security-Policy, set by main on every
// response of our own origins (app:// protocol handler and, in development, the dev server).
// Scripts only from our origin; network only to the IdP and the P-CSCF's WebSocket.

export interface CspInput {
  /** The IdP issuer (sign-in is in the system browser; the renderer calls its directory API). */
  issuer: string;
  /** SIP over WebSocket (RFC 7118) endpoint(s) of the P-CSCF. */
  sipWebSocketUrls: readonly string[];
  /**
   * Development with Vite's dev server: its React refresh preamble is an inline script and its
   * styles are injected `<style>` elements, and HMR talks over a WebSocket to the same host.
   */
  devServerUrl?: string;
}

function origin(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.origin === 'null' ? undefined : u.origin;
  } catch {
    return undefined; // a malformed setting adds no source
  }
}

/** Origin of a ws:/wss: URL (`URL.origin` is correct for ws/wss: they are special schemes). */
function wsOrigin(url: string): string | undefined {
  const o = origin(url);
  return o && /^wss?:/.test(o) ? o : undefined;
}

export function contentSecurityPolicy(input: CspInput): string {
  const idp = origin(input.issuer);
  const ws = input.sipWebSocketUrls.map(wsOrigin).filter((x): x is string => x !== undefined);
  const dev = input.devServerUrl !== undefined ? origin(input.devServerUrl) : undefined;
  const devWs = dev?.replace(/^http/, 'ws');
  const list = (...sources: (string | undefined)[]) => [...new Set(sources.filter((s): s is string => s !== undefined))].join(' ');
  const directives: [string, string][] = [
    ['default-src', "'none'"],
    ['script-src', dev ? list("'self'", "'unsafe-inline'") : "'self'"],
    ['style-src', dev ? list("'self'", "'unsafe-inline'") : "'self'"],
    ['img-src', list("'self'", 'data:', 'blob:', idp)],
    ['font-src', "'self'"],
    ['media-src', list("'self'", 'blob:', 'data:')],
    ['connect-src', list("'self'", idp, ...ws, devWs)],
    ['worker-src', "'self'"],
    ['manifest-src', "'self'"],
    ['object-src', "'none'"],
    ['frame-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
    ['frame-ancestors', "'none'"],
  ];
  return directives.map(([name, value]) => `${name} ${value}`).join('; ');
}
