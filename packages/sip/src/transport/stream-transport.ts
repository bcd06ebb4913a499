// SIP over TCP and TLS (RFC 3261 §18, §26.2): a listening server plus outbound connections, all
// registered as flows; TLS can demand client certificates and exposes the peer certificate.
import net from 'node:net';
import tls from 'node:tls';
import type { Endpoint } from './flow.ts';
import type { FlowEntry } from './flow-table.ts';
import type { SipTransport, TransportContext, TransportOptions } from './sip-transport.ts';
import { transportDefaults } from './sip-transport.ts';
import { attachStreamConnection } from './stream-connection.ts';
import { listen } from './listen.ts';

export interface TlsTransportOptions extends TransportOptions {
  /** Server credentials and trust: key, cert, ca; `requestCert` + `rejectUnauthorized` for mutual TLS. */
  readonly server: tls.TlsOptions;
  /** Options for outbound connections (ca, and cert/key to present as a client). */
  readonly client?: tls.ConnectionOptions;
}

/**
 * SIP over TCP.
 * @example
 * const tcp = new TcpTransport({ port: 5060 });
 * await stack.addTransport(tcp);
 */
export class TcpTransport implements SipTransport {
  readonly protocol: 'tcp' | 'tls' = 'tcp';
  protected readonly options: TransportOptions;
  private server: net.Server | undefined;
  private context: TransportContext | undefined;
  private bound: Endpoint | undefined;
  private readonly sockets = new Set<net.Socket>();

  constructor(options: TransportOptions = {}) {
    this.options = options;
  }

  get local(): Endpoint {
    if (this.bound === undefined) throw new Error(`${this.protocol} transport is not started`);
    return this.bound;
  }

  protected createServer(): net.Server {
    return net.createServer();
  }

  protected connectSocket(remote: Endpoint): Promise<net.Socket> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: remote.host, port: remote.port });
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(socket);
      });
      socket.once('error', reject);
    });
  }

  /** Event name on which an accepted socket is ready to use. */
  protected readonly connectionEvent: 'connection' | 'secureConnection' = 'connection';

  async start(context: TransportContext): Promise<void> {
    this.context = context;
    const server = this.createServer();
    server.on(this.connectionEvent, (socket: net.Socket) => this.accept(socket, true));
    server.maxConnections = this.options.maxConnections ?? transportDefaults.maxConnections;
    server.on('drop', (data) => {
      context.log?.({ type: 'rejected', transport: this.protocol, remote: { host: data?.remoteAddress ?? '', port: data?.remotePort ?? 0 }, reason: 'maxConnections' });
    });
    server.on('tlsClientError', (error: Error, socket: tls.TLSSocket) => {
      context.log?.({ type: 'rejected', transport: this.protocol, remote: { host: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 }, reason: error.message });
    });
    this.server = server;
    this.bound = await listen(server, this.options.port ?? transportDefaults.port, this.options.host ?? transportDefaults.host);
  }

  private accept(socket: net.Socket, inbound: boolean): FlowEntry {
    const context = this.context;
    if (context === undefined) throw new Error('transport not started');
    this.sockets.add(socket);
    // A SIP message goes out whole in one write: Nagle's algorithm could only hold it back until
    // the peer acknowledges the previous one (RFC 896), a delay on every hop of a busy link.
    socket.setNoDelay(true);
    socket.on('close', () => this.sockets.delete(socket));
    return attachStreamConnection(socket, this.protocol, context, this.options, inbound);
  }

  async flowTo(remote: Endpoint): Promise<FlowEntry> {
    const context = this.context;
    if (context === undefined) throw new Error('transport not started');
    const existing = context.flows.findByRemote(this.protocol, remote);
    if (existing !== undefined) return existing;
    const socket = await this.connectSocket(remote);
    return this.accept(socket, false);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    const server = this.server;
    this.server = undefined;
    if (server === undefined) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/**
 * SIP over TLS; with `server.requestCert` and `server.rejectUnauthorized` a peer without a
 * certificate from `server.ca` is refused during the handshake.
 */
export class TlsTransport extends TcpTransport {
  override readonly protocol = 'tls' as const;
  protected override readonly connectionEvent = 'secureConnection' as const;
  private readonly tlsOptions: TlsTransportOptions;

  constructor(options: TlsTransportOptions) {
    super(options);
    this.tlsOptions = options;
  }

  protected override createServer(): net.Server {
    return tls.createServer(this.tlsOptions.server);
  }

  protected override connectSocket(remote: Endpoint): Promise<net.Socket> {
    return new Promise((resolve, reject) => {
      const socket = tls.connect({ ...this.tlsOptions.client, host: remote.host, port: remote.port });
      socket.once('secureConnect', () => {
        socket.off('error', reject);
        resolve(socket);
      });
      socket.once('error', reject);
    });
  }
}
