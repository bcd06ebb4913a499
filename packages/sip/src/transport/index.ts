// Public API of the transports: WebSocket (RFC 7118), TCP, TLS, UDP, and the flow table.
export type { Endpoint, Flow, TransportProtocol } from './flow.ts';
export { isReliable, viaTransport } from './flow.ts';
export { FlowTable } from './flow-table.ts';
export type { FlowEntry, FlowListener } from './flow-table.ts';
export type { SipTransport, TransportContext, TransportLogEvent, TransportOptions } from './sip-transport.ts';
export { transportDefaults } from './sip-transport.ts';
export { TcpTransport, TlsTransport } from './stream-transport.ts';
export type { TlsTransportOptions } from './stream-transport.ts';
export { WsTransport } from './ws-transport.ts';
export type { UpgradeDecision, WsTransportOptions } from './ws-transport.ts';
export { UdpTransport } from './udp-transport.ts';
export { answerForParseError } from './inbound-error.ts';
