// The transport contract (RFC 3261 §18): start with a context, send to an address, close.
import type { SipMessage } from '../message/sip-message.ts';
import type { ParserLimits } from '../parser/limits.ts';
import type { Endpoint, Flow, TransportProtocol } from './flow.ts';
import type { FlowEntry, FlowTable } from './flow-table.ts';

/** What a transport gives incoming traffic to. */
export interface TransportContext {
  readonly flows: FlowTable;
  /** A parsed message arrived on a flow. */
  receive(message: SipMessage, flow: Flow): void;
  /** Diagnostics (bad input, closed connections); optional. */
  log?(event: TransportLogEvent): void;
}

export type TransportLogEvent =
  | { readonly type: 'parseError'; readonly flow: Flow; readonly code: string; readonly message: string; readonly fatal: boolean }
  | { readonly type: 'rejected'; readonly transport: TransportProtocol; readonly remote: Endpoint; readonly reason: string }
  | { readonly type: 'idleTimeout'; readonly flow: Flow }
  | { readonly type: 'socketError'; readonly flow?: Flow; readonly message: string };

export interface SipTransport {
  readonly protocol: TransportProtocol;
  /** The bound address (valid after `start`). */
  readonly local: Endpoint;
  start(context: TransportContext): Promise<void>;
  /** A flow to `remote`: an existing one, or a new connection (stream transports). */
  flowTo(remote: Endpoint): Promise<FlowEntry>;
  close(): Promise<void>;
}

/** Options shared by every transport. */
export interface TransportOptions {
  /** Bind address; default 127.0.0.1. */
  readonly host?: string;
  /** Bind port; default 0 (any free port). */
  readonly port?: number;
  readonly limits?: Partial<ParserLimits>;
  /** Maximum simultaneous inbound connections (stream transports) or remembered UDP peers; default 1000. */
  readonly maxConnections?: number;
  /** A connection that has not sent one complete message within this time is closed; default 10 s. */
  readonly firstMessageTimeoutMs?: number;
  /** A connection silent (not even keep-alives) for this long is closed; default 300 s. */
  readonly idleTimeoutMs?: number;
}

export const transportDefaults = {
  host: '127.0.0.1',
  port: 0,
  maxConnections: 1000,
  firstMessageTimeoutMs: 10_000,
  idleTimeoutMs: 300_000,
} as const;
