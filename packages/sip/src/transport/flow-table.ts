// Live flows by id and by remote address, so that a request for a client registered over a
// connection goes back over that same connection (RFC 5626 §5.3, RFC 7118 §5).
import type { Endpoint, Flow, TransportProtocol } from './flow.ts';

/** A flow plus the means to use it. */
export interface FlowEntry {
  readonly flow: Flow;
  /** Writes one serialized message; rejects when the flow is gone. */
  send(bytes: Uint8Array): Promise<void>;
  /** Closes the flow (the connection, for stream transports). */
  close(): void;
  /**
   * Drops the flow without any closing handshake, as a lost connection would (a WebSocket is
   * terminated with no Close frame). Transports without such a difference omit it: use `close`.
   */
  abort?(): void;
}

export type FlowListener = (flow: Flow) => void;

/**
 * @example
 * const entry = flows.get(registration.flowId);
 * if (entry === undefined) return respond(430); // RFC 5626 §5.3 Flow Failed
 */
export class FlowTable {
  private readonly byId = new Map<string, FlowEntry>();
  private readonly byRemote = new Map<string, FlowEntry>();
  private readonly closedListeners = new Set<FlowListener>();

  get size(): number {
    return this.byId.size;
  }

  add(entry: FlowEntry): void {
    this.byId.set(entry.flow.id, entry);
    this.byRemote.set(remoteKey(entry.flow.transport, entry.flow.remote), entry);
  }

  get(id: string): FlowEntry | undefined {
    return this.byId.get(id);
  }

  /** The most recent flow to a remote address over a transport. */
  findByRemote(transport: TransportProtocol, remote: Endpoint): FlowEntry | undefined {
    return this.byRemote.get(remoteKey(transport, remote));
  }

  /** Forget a flow and tell listeners (a registrar marks its bindings dead). */
  remove(id: string): void {
    const entry = this.byId.get(id);
    if (entry === undefined) return;
    this.byId.delete(id);
    const key = remoteKey(entry.flow.transport, entry.flow.remote);
    if (this.byRemote.get(key) === entry) this.byRemote.delete(key);
    for (const listener of this.closedListeners) listener(entry.flow);
  }

  /** Called with each flow that closes. Returns an unsubscribe function. */
  onClosed(listener: FlowListener): () => void {
    this.closedListeners.add(listener);
    return () => this.closedListeners.delete(listener);
  }

  entries(): IterableIterator<FlowEntry> {
    return this.byId.values();
  }
}

function remoteKey(transport: TransportProtocol, remote: Endpoint): string {
  return `${transport} ${remote.host.toLowerCase()} ${remote.port}`;
}
