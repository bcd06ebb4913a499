// Where a response goes (RFC 3261 §18.2.2, RFC 3581 §4): back over the request's connection when
// it is reliable and still open, otherwise to received/rport or sent-by of the top Via.
import { getHeader } from '../message/sip-message.ts';
import type { SipResponse } from '../message/sip-message.ts';
import { parseViaShared } from '../headers/via.ts';
import type { Endpoint, TransportProtocol } from '../transport/flow.ts';

export interface ResponseDestination {
  readonly transport: TransportProtocol;
  readonly remote: Endpoint;
}

const defaultPorts: Record<TransportProtocol, number> = { udp: 5060, tcp: 5060, tls: 5061, ws: 80, wss: 443 };

/** The address from the top Via, or undefined when it cannot be read. */
export function responseDestination(response: SipResponse): ResponseDestination | undefined {
  const top = getHeader(response, 'Via');
  if (top === undefined) return undefined;
  const parsed = parseViaShared(top);
  if (!parsed.ok) return undefined;
  const via = parsed.value;
  const transport = via.transport.toLowerCase();
  if (transport !== 'udp' && transport !== 'tcp' && transport !== 'tls' && transport !== 'ws' && transport !== 'wss') return undefined;
  const bare = via.host.startsWith('[') ? via.host.slice(1, -1) : via.host;
  const host = via.received ?? bare;
  // "the response MUST be sent to the source IP address and port of the request" when rport was filled (RFC 3581 §4).
  const port = typeof via.rport === 'number' ? via.rport : (via.port ?? defaultPorts[transport]);
  return { transport, remote: { host, port } };
}
