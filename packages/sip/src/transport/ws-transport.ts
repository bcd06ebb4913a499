// SIP over WebSocket (RFC 7118): the `sip` subprotocol is required on both sides, each WebSocket
// message carries exactly one SIP message (text or binary), framing needs no Content-Length.
import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import { randomBytes } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import { WebSocket, WebSocketServer } from 'ws';
import type { ClientOptions, RawData } from 'ws';
import { resolveLimits } from '../parser/limits.ts';
import { parseMessage } from '../parser/parse-message.ts';
import type { Endpoint, Flow } from './flow.ts';
import type { FlowEntry } from './flow-table.ts';
import { answerForParseError } from './inbound-error.ts';
import type { SipTransport, TransportContext, TransportOptions } from './sip-transport.ts';
import { transportDefaults } from './sip-transport.ts';
import { listen } from './listen.ts';

export interface WsTransportOptions extends TransportOptions {
  /** Serve WSS with these TLS options (key, cert, ca, requestCert ...); plain WS when absent. */
  readonly tls?: https.ServerOptions;
  /** Options for outbound WebSocket connections (ca, headers ...). */
  readonly client?: ClientOptions;
  /** Only upgrade requests for this path; any path when absent. */
  readonly path?: string;
  /**
   * Decide on each handshake (cookies, Authorization, Origin): accept with attributes for the
   * flow, or refuse with an HTTP status such as 401 or 403 (RFC 7118 §7, Appendix A).
   */
  readonly authorizeUpgrade?: (request: http.IncomingMessage) => UpgradeDecision | Promise<UpgradeDecision>;
}

export type UpgradeDecision =
  | { readonly accept: true; readonly attributes?: Readonly<Record<string, string>> }
  | { readonly accept: false; readonly status: number; readonly reason: string };

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Text frames carry only valid UTF-8; anything else goes in a binary frame (RFC 7118 §5.2). */
function isUtf8(bytes: Uint8Array): boolean {
  try {
    fatalUtf8.decode(bytes);
    return true;
  } catch (error) {
    if (error instanceof TypeError) return false;
    throw error;
  }
}

/** Whether the client offered the `sip` subprotocol (RFC 7118 §4.1). */
function offersSip(header: string | undefined): boolean {
  return (header ?? '').split(',').some((p) => p.trim() === 'sip');
}

/**
 * WebSocket server and client transport.
 * @example
 * const ws = new WsTransport({ port: 5066 });
 * await stack.addTransport(ws); // browsers connect with new WebSocket(url, 'sip')
 */
export class WsTransport implements SipTransport {
  readonly protocol: 'ws' | 'wss';
  private readonly options: WsTransportOptions;
  private server: http.Server | undefined;
  private readonly wss: WebSocketServer;
  private context: TransportContext | undefined;
  private bound: Endpoint | undefined;
  private readonly sockets = new Set<WebSocket>();

  constructor(options: WsTransportOptions = {}) {
    this.options = options;
    this.protocol = options.tls === undefined ? 'ws' : 'wss';
    this.wss = new WebSocketServer({
      noServer: true,
      // A frame larger than a SIP message may be is refused by ws itself (close code 1009).
      maxPayload: resolveLimits(options.limits).maxMessageBytes,
      handleProtocols: (protocols) => (protocols.has('sip') ? 'sip' : false),
    });
  }

  get local(): Endpoint {
    if (this.bound === undefined) throw new Error(`${this.protocol} transport is not started`);
    return this.bound;
  }

  async start(context: TransportContext): Promise<void> {
    this.context = context;
    const server = this.options.tls === undefined ? http.createServer() : https.createServer(this.options.tls);
    server.on('request', (_req: http.IncomingMessage, res: http.ServerResponse) => {
      res.writeHead(426, { 'content-type': 'text/plain', upgrade: 'websocket' }).end('SIP over WebSocket: upgrade with subprotocol "sip"\n');
    });
    server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head));
    this.server = server;
    this.bound = await listen(server, this.options.port ?? transportDefaults.port, this.options.host ?? transportDefaults.host);
  }

  private upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    const context = this.context;
    if (context === undefined) return;
    const remote = { host: req.socket.remoteAddress ?? '', port: req.socket.remotePort ?? 0 };
    const refuse = (status: string, reason: string): void => {
      context.log?.({ type: 'rejected', transport: this.protocol, remote, reason });
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${reason.length + 1}\r\n\r\n${reason}\n`);
    };
    if (this.options.path !== undefined && new URL(req.url ?? '/', 'http://x').pathname !== this.options.path) {
      refuse('404 Not Found', 'unknown path');
      return;
    }
    // The client must offer the "sip" subprotocol in Sec-WebSocket-Protocol (RFC 7118 §4.1).
    if (!offersSip(req.headers['sec-websocket-protocol'])) {
      refuse('400 Bad Request', 'subprotocol "sip" required (RFC 7118)');
      return;
    }
    if (this.sockets.size >= (this.options.maxConnections ?? transportDefaults.maxConnections)) {
      refuse('503 Service Unavailable', 'too many connections');
      return;
    }
    const authorize = this.options.authorizeUpgrade;
    if (authorize === undefined) {
      this.accept(req, socket, head, remote, undefined);
      return;
    }
    Promise.resolve()
      .then(() => authorize(req))
      .then(
        (decision) => {
          if (socket.destroyed) return;
          if (decision.accept) this.accept(req, socket, head, remote, decision.attributes);
          else refuse(`${decision.status} ${http.STATUS_CODES[decision.status] ?? 'Refused'}`, decision.reason);
        },
        (error: unknown) => refuse('500 Internal Server Error', `handshake check failed: ${error instanceof Error ? error.message : String(error)}`),
      );
  }

  private accept(req: http.IncomingMessage, socket: Duplex, head: Buffer, remote: Endpoint, attributes: Flow['attributes']): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const tlsSocket = req.socket as Partial<TLSSocket>;
      const peer = typeof tlsSocket.getPeerX509Certificate === 'function' ? tlsSocket.getPeerX509Certificate() : undefined;
      const local = { host: req.socket.localAddress ?? '', port: req.socket.localPort ?? 0 };
      this.attach(ws, local, remote, peer, true, attributes);
    });
  }

  private attach(ws: WebSocket, local: Endpoint, remote: Endpoint, peer: Flow['peerCertificate'], inbound: boolean, attributes?: Flow['attributes']): FlowEntry {
    const context = this.context;
    if (context === undefined) throw new Error('transport not started');
    const flow: Flow = {
      id: `${this.protocol}-${randomBytes(9).toString('base64url')}`,
      transport: this.protocol,
      local,
      remote,
      ...(peer === undefined ? {} : { peerCertificate: peer }),
      ...(attributes === undefined ? {} : { attributes }),
    };
    this.sockets.add(ws);
    const entry: FlowEntry = {
      flow,
      send: (bytes) =>
        new Promise<void>((resolve, reject) => {
          if (ws.readyState !== WebSocket.OPEN) {
            reject(new Error(`flow ${flow.id} is closed`));
            return;
          }
          ws.send(bytes, { binary: !isUtf8(bytes) }, (error) => (error ? reject(error) : resolve()));
        }),
      close: () => ws.close(1000),
      abort: () => ws.terminate(),
    };
    // Inbound connections that never send a message do not keep a slot.
    const firstMessageTimer = inbound
      ? setTimeout(() => {
          context.log?.({ type: 'idleTimeout', flow });
          ws.terminate();
        }, this.options.firstMessageTimeoutMs ?? transportDefaults.firstMessageTimeoutMs)
      : undefined;
    ws.on('message', (data: RawData) => {
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
      // RFC 5626 CRLF keep-alives may also travel inside frames (RFC 7118 §6 allows either kind).
      if (bytes.length > 0 && bytes.every((b) => b === 13 || b === 10)) {
        if (bytes.length >= 4) ws.send('\r\n');
        return;
      }
      const parsed = parseMessage(bytes, { datagram: true, ...(this.options.limits === undefined ? {} : { limits: this.options.limits }) });
      if (!parsed.ok) {
        context.log?.({ type: 'parseError', flow, code: parsed.error.code, message: parsed.error.message, fatal: false });
        const answer = answerForParseError(parsed.error);
        if (answer !== undefined) ws.send(answer, { binary: !isUtf8(answer) });
        return;
      }
      clearTimeout(firstMessageTimer);
      context.receive(parsed.value, flow);
    });
    ws.on('error', (error) => context.log?.({ type: 'socketError', flow, message: error.message }));
    ws.on('close', () => {
      clearTimeout(firstMessageTimer);
      this.sockets.delete(ws);
      context.flows.remove(flow.id);
    });
    context.flows.add(entry);
    return entry;
  }

  /**
   * A flow to a WebSocket server at `remote` (URL `ws://host:port/` or `wss://`); the server must
   * accept the `sip` subprotocol or the connection fails (RFC 7118 §4.1).
   */
  async flowTo(remote: Endpoint, path = '/'): Promise<FlowEntry> {
    const context = this.context;
    if (context === undefined) throw new Error('transport not started');
    const existing = context.flows.findByRemote(this.protocol, remote);
    if (existing !== undefined) return existing;
    const host = remote.host.includes(':') ? `[${remote.host}]` : remote.host;
    const ws = new WebSocket(`${this.protocol}://${host}:${remote.port}${path}`, 'sip', this.options.client);
    let local: Endpoint = { host: '', port: 0 };
    ws.once('upgrade', (res: http.IncomingMessage) => {
      local = { host: res.socket.localAddress ?? '', port: res.socket.localPort ?? 0 };
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => {
        ws.off('error', reject);
        resolve();
      });
      ws.once('error', reject);
    });
    if (ws.protocol !== 'sip') {
      ws.terminate();
      throw new Error('WebSocket server did not accept subprotocol "sip" (RFC 7118 §4.1)');
    }
    return this.attach(ws, local, remote, undefined, false);
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
    const server = this.server;
    this.server = undefined;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
