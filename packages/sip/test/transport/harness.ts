// Test harness: starts a transport with a recording context, and raw clients that read bytes.
import type { Socket } from 'node:net';
import type { SipMessage } from '../../src/message/sip-message.ts';
import type { Flow } from '../../src/transport/flow.ts';
import { FlowTable } from '../../src/transport/flow-table.ts';
import type { SipTransport, TransportLogEvent } from '../../src/transport/sip-transport.ts';

export async function until(check: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export interface Recording {
  readonly flows: FlowTable;
  readonly received: { message: SipMessage; flow: Flow }[];
  readonly logs: TransportLogEvent[];
  messages(n: number): Promise<{ message: SipMessage; flow: Flow }[]>;
}

export async function startRecording(transport: SipTransport): Promise<Recording> {
  const flows = new FlowTable();
  const received: { message: SipMessage; flow: Flow }[] = [];
  const logs: TransportLogEvent[] = [];
  await transport.start({ flows, receive: (message, flow) => received.push({ message, flow }), log: (event) => logs.push(event) });
  return {
    flows,
    received,
    logs,
    messages: async (n) => {
      await until(() => received.length >= n, `${n} message(s)`);
      return received.slice(0, n);
    },
  };
}

/** A raw stream client that accumulates what it reads. */
export class RawStream {
  data = '';
  closed = false;
  readonly socket: Socket;

  constructor(socket: Socket) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => {
      this.data += chunk.toString('latin1');
    });
    socket.on('close', () => {
      this.closed = true;
    });
    socket.on('error', () => {
      this.closed = true;
    });
  }

  write(text: string | Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => this.socket.write(text, (error) => (error ? reject(error) : resolve())));
  }

  async read(pattern: RegExp | string, timeoutMs = 3000): Promise<string> {
    const test = (): boolean => (typeof pattern === 'string' ? this.data.includes(pattern) : pattern.test(this.data));
    await until(test, `data matching ${String(pattern)} (got ${JSON.stringify(this.data.slice(0, 200))})`, timeoutMs);
    return this.data;
  }

  async whenClosed(timeoutMs = 3000): Promise<void> {
    await until(() => this.closed, 'the connection to close', timeoutMs);
  }
}
