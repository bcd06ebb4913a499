// The stack's transports and flows: where requests and responses leave (RFC 3261 §18.1.1, §18.2.2).
import type { SipMessage, SipResponse } from '../message/sip-message.ts';
import { serialize } from '../serializer/serialize.ts';
import type { Endpoint, Flow, TransportProtocol } from '../transport/flow.ts';
import { isReliable, viaTransport } from '../transport/flow.ts';
import { FlowTable } from '../transport/flow-table.ts';
import type { FlowEntry } from '../transport/flow-table.ts';
import type { SipTransport, TransportContext } from '../transport/sip-transport.ts';
import { responseDestination } from './response-target.ts';

/** Where to send a request: an existing flow, or an address over a transport. */
export type Target = { readonly flowId: string } | { readonly transport: TransportProtocol; readonly host: string; readonly port: number };

export class TransportSet {
  readonly flows = new FlowTable();
  private readonly transports = new Map<TransportProtocol, SipTransport>();
  private readonly viaHost: string | undefined;

  constructor(viaHost: string | undefined) {
    this.viaHost = viaHost;
  }

  async add(transport: SipTransport, context: Omit<TransportContext, 'flows'>): Promise<void> {
    await transport.start({ ...context, flows: this.flows });
    this.transports.set(transport.protocol, transport);
  }

  get(protocol: TransportProtocol): SipTransport | undefined {
    return this.transports.get(protocol);
  }

  async resolve(target: Target): Promise<FlowEntry> {
    if ('flowId' in target) {
      const entry = this.flows.get(target.flowId);
      if (entry === undefined) throw new Error(`flow ${target.flowId} is gone`);
      return entry;
    }
    const transport = this.transports.get(target.transport);
    if (transport === undefined) throw new Error(`no ${target.transport} transport`);
    return transport.flowTo({ host: target.host, port: target.port });
  }

  async send(message: SipMessage, target: Target): Promise<Flow> {
    const entry = await this.resolve(target);
    await entry.send(serialize(message));
    return entry.flow;
  }

  /**
   * A response of a server transaction: over the request's connection while it lives (reliable
   * transports), or over the UDP flow when the Via points back at it; otherwise per §18.2.2.
   */
  async sendForTransaction(flow: Flow, response: SipResponse): Promise<void> {
    const entry = this.flows.get(flow.id);
    if (entry !== undefined && (isReliable(entry.flow.transport) || viaPointsAt(response, entry.flow))) {
      await entry.send(serialize(response));
      return;
    }
    await this.sendResponse(response);
  }

  /** Stateless response (§18.2.2): a live connection `flow`, else received/rport or sent-by of the top Via. */
  async sendResponse(response: SipResponse, flow?: Flow): Promise<void> {
    const live = flow === undefined ? undefined : this.flows.get(flow.id);
    if (live !== undefined && isReliable(live.flow.transport)) {
      await live.send(serialize(response));
      return;
    }
    const destination = responseDestination(response);
    if (destination === undefined) throw new Error('response has no usable top Via');
    const transport = this.transports.get(destination.transport);
    if (transport === undefined) throw new Error(`no ${destination.transport} transport for the response`);
    const entry = await transport.flowTo(destination.remote);
    await entry.send(serialize(response));
  }

  /** Our Via for a request leaving over `flow`: the listening address, so responses can find us. */
  viaFor(flow: Flow, branch: string): string {
    const transport = this.transports.get(flow.transport);
    const local: Endpoint = (transport === undefined ? undefined : safeLocal(transport)) ?? flow.local;
    const host = this.viaHost ?? local.host;
    const hostPart = host.includes(':') ? `[${host}]` : host;
    return `SIP/2.0/${viaTransport(flow.transport)} ${hostPart}:${local.port};branch=${branch};rport`;
  }

  async close(): Promise<void> {
    for (const transport of this.transports.values()) await transport.close();
    this.transports.clear();
  }
}

function viaPointsAt(response: SipResponse, flow: Flow): boolean {
  const destination = responseDestination(response);
  return destination !== undefined && destination.remote.host === flow.remote.host && destination.remote.port === flow.remote.port;
}

function safeLocal(transport: SipTransport): Endpoint | undefined {
  try {
    return transport.local;
  } catch (error) {
    if (error instanceof Error) return undefined;
    throw error;
  }
}
