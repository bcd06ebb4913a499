// A proxy's own Via on a forwarded request (RFC 3261 §16.6 step 8).
import { addHeader } from '../message/sip-message.ts';
import type { SipRequest } from '../message/sip-message.ts';

export interface ViaSpec {
  /** Via transport token: UDP, TCP, TLS, WS, WSS. */
  readonly transport: string;
  readonly host: string;
  readonly port?: number;
  /** A new branch for this hop; must start with z9hG4bK (§16.6 step 8). */
  readonly branch: string;
  /** Ask the next hop for rport (RFC 3581 §3); default true. */
  readonly rport?: boolean;
}

/**
 * "The proxy MUST insert a Via header field value into the copy before the existing Via header
 * field values" (§16.6 step 8).
 * @example addVia(copy, { transport: 'TCP', host: 'pcscf.ims.example', port: 5060, branch: stack.newBranch() })
 */
export function addVia(request: SipRequest, via: ViaSpec): string {
  if (!via.branch.startsWith('z9hG4bK')) throw new TypeError('branch must start with z9hG4bK (RFC 3261 §8.1.1.7)');
  const host = via.host.includes(':') && !via.host.startsWith('[') ? `[${via.host}]` : via.host;
  const value = `SIP/2.0/${via.transport.toUpperCase()} ${host}${via.port === undefined ? '' : `:${via.port}`};branch=${via.branch}${via.rport === false ? '' : ';rport'}`;
  addHeader(request, 'Via', value, 'first');
  return value;
}
