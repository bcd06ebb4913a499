// The server transport's stamp on the top Via of a received request (RFC 3261 §18.2.1) and the
// symmetric response port of RFC 3581 §4.
import { getHeader, setHeader, getHeaders } from '../message/sip-message.ts';
import type { SipRequest } from '../message/sip-message.ts';
import { formatVia, parseVia } from '../headers/via.ts';

/**
 * "When the server transport receives a request over any transport, it MUST examine the value of
 * the "sent-by" parameter in the top Via header field value. If the host portion of the "sent-by"
 * parameter contains a domain name, or if it contains an IP address that differs from the packet
 * source address, the server MUST add a "received" parameter to that Via header field value"
 * (§18.2.1). "When a server ... receives a request which contains an rport parameter with no
 * value, it MUST set the value of the parameter to the source port of the request" and then also
 * add received (RFC 3581 §4). Returns false when the top Via does not parse.
 */
export function stampReceived(request: SipRequest, source: { host: string; port: number }): boolean {
  const top = getHeader(request, 'Via');
  if (top === undefined) return false;
  const parsed = parseVia(top);
  if (!parsed.ok) return false;
  const via = parsed.value;
  const sourceHost = source.host.startsWith('::ffff:') ? source.host.slice(7) : source.host;
  const sentHost = via.host.startsWith('[') ? via.host.slice(1, -1) : via.host;
  let changed = false;
  if (via.rport === null) {
    via.rport = source.port;
    via.received = sourceHost;
    changed = true;
  } else if (sentHost.toLowerCase() !== sourceHost.toLowerCase()) {
    via.received = sourceHost;
    changed = true;
  }
  if (!changed) return true;
  const values = getHeaders(request, 'Via');
  values[0] = formatVia(via);
  setHeader(request, 'Via', values);
  return true;
}
