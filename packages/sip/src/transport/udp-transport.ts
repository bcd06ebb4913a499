// SIP over UDP (RFC 3261 §18): one datagram, one message; Content-Length longer than the datagram
// is an error, shorter truncates (§18.3). Flows are remote addresses seen or sent to.
import dgram from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { parseMessage } from '../parser/parse-message.ts';
import type { Endpoint, Flow } from './flow.ts';
import type { FlowEntry } from './flow-table.ts';
import { answerForParseError } from './inbound-error.ts';
import type { SipTransport, TransportContext, TransportOptions } from './sip-transport.ts';
import { transportDefaults } from './sip-transport.ts';

/**
 * @example
 * const udp = new UdpTransport({ port: 5060 });
 * await stack.addTransport(udp);
 */
export class UdpTransport implements SipTransport {
  readonly protocol = 'udp' as const;
  private readonly options: TransportOptions;
  /** UDP flows in creation order; the oldest are forgotten beyond `maxConnections` so spoofed sources cannot grow the table. */
  private readonly flowIds = new Set<string>();
  private socket: dgram.Socket | undefined;
  private context: TransportContext | undefined;
  private bound: Endpoint | undefined;

  constructor(options: TransportOptions = {}) {
    this.options = options;
  }

  get local(): Endpoint {
    if (this.bound === undefined) throw new Error('udp transport is not started');
    return this.bound;
  }

  async start(context: TransportContext): Promise<void> {
    this.context = context;
    const host = this.options.host ?? transportDefaults.host;
    const socket = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
    this.socket = socket;
    socket.on('message', (bytes, rinfo) => this.onDatagram(bytes, { host: rinfo.address, port: rinfo.port }));
    socket.on('error', (error) => context.log?.({ type: 'socketError', message: error.message }));
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(this.options.port ?? transportDefaults.port, host, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    const address = socket.address();
    this.bound = { host: address.address, port: address.port };
  }

  private onDatagram(bytes: Buffer, remote: Endpoint): void {
    const context = this.context;
    if (context === undefined) return;
    // Keep-alive datagrams (CRLF) are ignored; RFC 5626 uses STUN on UDP.
    if (bytes.every((b) => b === 13 || b === 10 || b === 0)) return;
    const entry = this.entryFor(remote);
    const parsed = parseMessage(bytes, { datagram: true, ...(this.options.limits === undefined ? {} : { limits: this.options.limits }) });
    if (!parsed.ok) {
      context.log?.({ type: 'parseError', flow: entry.flow, code: parsed.error.code, message: parsed.error.message, fatal: false });
      const answer = answerForParseError(parsed.error);
      if (answer !== undefined) entry.send(answer).catch((error: unknown) => context.log?.({ type: 'socketError', flow: entry.flow, message: String(error) }));
      return;
    }
    context.receive(parsed.value, entry.flow);
  }

  private entryFor(remote: Endpoint): FlowEntry {
    const context = this.context;
    const socket = this.socket;
    if (context === undefined || socket === undefined) throw new Error('udp transport not started');
    const existing = context.flows.findByRemote('udp', remote);
    if (existing !== undefined) return existing;
    const limit = this.options.maxConnections ?? transportDefaults.maxConnections;
    for (const oldest of this.flowIds) {
      if (this.flowIds.size < limit) break;
      this.flowIds.delete(oldest);
      context.flows.remove(oldest);
    }
    const flow: Flow = { id: `udp-${randomBytes(9).toString('base64url')}`, transport: 'udp', local: this.local, remote };
    this.flowIds.add(flow.id);
    const entry: FlowEntry = {
      flow,
      send: (bytes) =>
        new Promise<void>((resolve, reject) => {
          socket.send(bytes, remote.port, remote.host, (error) => (error ? reject(error) : resolve()));
        }),
      close: () => {
        this.flowIds.delete(flow.id);
        context.flows.remove(flow.id);
      },
    };
    context.flows.add(entry);
    return entry;
  }

  async flowTo(remote: Endpoint): Promise<FlowEntry> {
    return this.entryFor(remote);
  }

  async close(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    if (socket === undefined) return;
    for (const id of this.flowIds) this.context?.flows.remove(id);
    this.flowIds.clear();
    await new Promise<void>((resolve) => socket.close(() => resolve()));
  }
}
