// A flow: one transport association with one peer (a connection, or a UDP 5-tuple), the unit
// RFC 5626 routes on. WebSocket clients can only be reached over the flow they opened.
import type { X509Certificate } from 'node:crypto';

export type TransportProtocol = 'udp' | 'tcp' | 'tls' | 'ws' | 'wss';

export interface Endpoint {
  readonly host: string;
  readonly port: number;
}

export interface Flow {
  /** Unguessable id, usable as an RFC 5626 flow token. */
  readonly id: string;
  readonly transport: TransportProtocol;
  readonly local: Endpoint;
  readonly remote: Endpoint;
  /** The certificate the peer presented (TLS / WSS with client certificates). */
  readonly peerCertificate?: X509Certificate;
  /**
   * What the transport learnt when accepting the connection, e.g. the identity bound to a
   * WebSocket by its handshake cookie (RFC 7118 Appendix A.2); set by `authorizeUpgrade`.
   */
  readonly attributes?: Readonly<Record<string, string>>;
}

/** TCP, TLS, WS and WSS are reliable (RFC 3261 §17, RFC 7118 §5). */
export function isReliable(transport: TransportProtocol): boolean {
  return transport !== 'udp';
}

/** The Via transport token for a flow transport (RFC 3261 §18, RFC 7118 §5). */
export function viaTransport(transport: TransportProtocol): string {
  return transport.toUpperCase();
}
