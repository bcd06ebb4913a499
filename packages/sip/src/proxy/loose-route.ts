// Route processing of a proxy (RFC 3261 §16.4): restore the Request-URI after a strict router,
// and pop the top Route when it names this proxy.
import { getHeaders, removeFirstHeaderValue, setHeader, removeHeader } from '../message/sip-message.ts';
import type { SipRequest } from '../message/sip-message.ts';
import { parseNameAddr } from '../headers/name-addr.ts';

/** Decides whether a URI designates this proxy (its host/port, or a Record-Route URI it issued). */
export type IsLocalUri = (uri: string) => boolean;

export interface RouteResult {
  /** The Request-URI was one of ours, restored from the last Route (a strict router upstream). */
  readonly strictRestored: boolean;
  /** The top Route named us and was removed. */
  readonly popped: boolean;
}

/**
 * "If the Request-URI contains a value this proxy previously placed into a Record-Route header
 * field, the proxy MUST replace the Request-URI in the request with the last value from the Route
 * header field, and remove that value from the Route header field" (§16.4). "If the first value in
 * the Route header field indicates this proxy, the proxy MUST remove that value" (§16.4).
 */
export function processRoute(request: SipRequest, isLocal: IsLocalUri): RouteResult {
  let strictRestored = false;
  if (isLocal(request.uri)) {
    const routes = getHeaders(request, 'Route');
    const last = routes.at(-1);
    const parsed = last === undefined ? undefined : parseNameAddr(last, 'Route');
    if (parsed?.ok) {
      request.uri = parsed.value.uri;
      routes.pop();
      if (routes.length === 0) removeHeader(request, 'Route');
      else setHeader(request, 'Route', routes);
      strictRestored = true;
    }
  }
  let popped = false;
  const top = getHeaders(request, 'Route')[0];
  const parsedTop = top === undefined ? undefined : parseNameAddr(top, 'Route');
  if (parsedTop?.ok && isLocal(parsedTop.value.uri)) {
    removeFirstHeaderValue(request, 'Route');
    popped = true;
  }
  return { strictRestored, popped };
}
