// Where a proxy sends a request next (RFC 3261 §16.5, §16.6 step 6-7): the top Route if any
// (loose routing), else the Request-URI. Only sip URIs with a host and port we can reach over TCP
// are followed: the core's internal links are SIP/TCP on loopback.
import { getHeader, getHeaders, isSipUri, parseNameAddr, parseUri, processRoute } from '@eims/sip';
import type { SipRequest, Target } from '@eims/sip';

/** A Target for a sip URI (`transport=tcp` assumed inside the core), or undefined. */
export function targetOfUri(uri: string): Target | undefined {
  const parsed = parseUri(uri);
  if (!parsed.ok || !isSipUri(parsed.value)) return undefined;
  const u = parsed.value;
  const host = u.host.startsWith('[') ? u.host.slice(1, -1) : u.host;
  return { transport: 'tcp', host, port: u.port ?? 5060 };
}

/** The top Route URI of a request (after our own Route was popped), if any. */
export function topRouteUri(request: SipRequest): string | undefined {
  const top = getHeaders(request, 'Route')[0];
  if (top === undefined) return undefined;
  const parsed = parseNameAddr(top, 'Route');
  return parsed.ok ? parsed.value.uri : undefined;
}

/** Whether a sip URI names `host:port` (how each function recognises its own Route / Record-Route). */
export function uriNamesEndpoint(uri: string, endpoints: readonly { host: string; port: number }[]): boolean {
  const parsed = parseUri(uri);
  if (!parsed.ok || !isSipUri(parsed.value)) return false;
  const u = parsed.value;
  const host = u.host.startsWith('[') ? u.host.slice(1, -1) : u.host;
  return endpoints.some((e) => e.host === host && e.port === (u.port ?? 5060));
}

/** The user part of a sip URI (flow tokens live there), or undefined. */
export function userOfUri(uri: string): string | undefined {
  const parsed = parseUri(uri);
  if (!parsed.ok || !isSipUri(parsed.value)) return undefined;
  return parsed.value.user;
}

/**
 * Pops every leading Route that names this function (RFC 3261 §16.4) and returns the user parts of
 * the popped URIs in order (a flow token, a phase such as `orig` / `term`, or undefined).
 */
export function popOwnRoutes(request: SipRequest, isLocal: (uri: string) => boolean): (string | undefined)[] {
  const users: (string | undefined)[] = [];
  for (;;) {
    const top = topRouteUri(request);
    if (top === undefined || !isLocal(top)) return users;
    users.push(userOfUri(top));
    processRoute(request, isLocal);
  }
}

/** Whether the request is in a dialog: its To carries a tag (RFC 3261 §12.2). */
export function hasToTag(request: SipRequest): boolean {
  const to = parseNameAddr(getHeader(request, 'To') ?? '', 'To');
  return to.ok && to.value.tag !== undefined;
}
