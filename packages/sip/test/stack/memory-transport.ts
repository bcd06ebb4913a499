// An in-memory transport for driver tests with a fake clock: what the stack sends is recorded,
// and the test injects what the network would deliver. Real sockets are covered in ../transport.
import { parseMessage } from '../../src/parser/parse-message.ts';
import type { Endpoint, Flow } from '../../src/transport/flow.ts';
import type { FlowEntry } from '../../src/transport/flow-table.ts';
import type { SipTransport, TransportContext } from '../../src/transport/sip-transport.ts';

export class MemoryTransport implements SipTransport {
  readonly protocol: 'udp' | 'tcp';
  readonly local: Endpoint = { host: '127.0.0.1', port: 5060 };
  readonly sent: { text: string; flow: Flow }[] = [];
  private context: TransportContext | undefined;
  private counter = 0;

  constructor(protocol: 'udp' | 'tcp' = 'udp') {
    this.protocol = protocol;
  }

  async start(context: TransportContext): Promise<void> {
    this.context = context;
  }

  private entry(remote: Endpoint): FlowEntry {
    const context = this.context!;
    const existing = context.flows.findByRemote(this.protocol, remote);
    if (existing !== undefined) return existing;
    const flow: Flow = { id: `mem-${++this.counter}`, transport: this.protocol, local: this.local, remote };
    const entry: FlowEntry = {
      flow,
      send: async (bytes) => {
        this.sent.push({ text: Buffer.from(bytes).toString('utf8'), flow });
      },
      close: () => context.flows.remove(flow.id),
    };
    context.flows.add(entry);
    return entry;
  }

  async flowTo(remote: Endpoint): Promise<FlowEntry> {
    return this.entry(remote);
  }

  /** Deliver wire text as if it arrived from `remote`. */
  inject(text: string, remote: Endpoint = { host: '192.0.2.7', port: 5070 }): void {
    const parsed = parseMessage(Buffer.from(text), { datagram: true });
    if (!parsed.ok) throw parsed.error;
    this.context!.receive(parsed.value, this.entry(remote).flow);
  }

  /** First lines of what was sent, e.g. `INVITE sip:...` or `SIP/2.0 100 Trying`. */
  startLines(): string[] {
    return this.sent.map((s) => s.text.slice(0, s.text.indexOf('\r\n')));
  }

  async close(): Promise<void> {
    this.context = undefined;
  }
}
