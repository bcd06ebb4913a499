// Electron security checklist #15: `shell.openExternal` only for allow-listed URLs. Only http(s);
// https everywhere except loopback (the local demo IdP); no credentials in the URL; the origin
// must be the configured IdP or a configured help page prefix.

export interface ExternalUrlPolicy {
  /** Origins allowed as a whole (the IdP issuer's origin, for sign-in and account pages). */
  allowedOrigins: readonly string[];
  /** URL prefixes allowed (help pages), compared after normalisation. */
  allowedPrefixes?: readonly string[];
}

export type UrlDecision = { ok: true; url: string } | { ok: false; error: string };

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Decides whether `raw` may be opened in the system browser. */
export function checkExternalUrl(raw: unknown, policy: ExternalUrlPolicy): UrlDecision {
  if (typeof raw !== 'string' || raw.length > 2048) return { ok: false, error: 'not a URL string' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, error: 'not a valid URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, error: `the ${url.protocol} scheme is never opened` };
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname)) return { ok: false, error: 'plain http is only allowed for this computer' };
  if (url.username !== '' || url.password !== '') return { ok: false, error: 'URLs carrying credentials are refused' };
  const href = url.href;
  if (policy.allowedOrigins.some((o) => sameOrigin(o, url.origin))) return { ok: true, url: href };
  if ((policy.allowedPrefixes ?? []).some((p) => startsWithPrefix(href, p))) return { ok: true, url: href };
  return { ok: false, error: `${url.origin} is not on the list of sites the softphone opens` };
}

function sameOrigin(configured: string, origin: string): boolean {
  try {
    return new URL(configured).origin === origin;
  } catch {
    return false; // a malformed configuration entry allows nothing
  }
}

function startsWithPrefix(href: string, prefix: string): boolean {
  let p: URL;
  try {
    p = new URL(prefix);
  } catch {
    return false; // a malformed configuration entry allows nothing
  }
  // Compare on a path boundary so `/help` does not admit `/helpdesk-phish`.
  const base = p.href.endsWith('/') ? p.href : `${p.href}/`;
  return href === p.href || href.startsWith(base);
}
