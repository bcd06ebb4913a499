// One TCP or TLS connection: stream framing with SipStreamParser (RFC 3261 §18.3), CRLF keep-alive
// pongs (RFC 5626 §4.4.1), first-message and idle timeouts, and closing on fatal framing errors.
import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { randomBytes } from 'node:crypto';
import { SipStreamParser } from '../parser/stream-parser.ts';
import type { Flow, TransportProtocol } from './flow.ts';
import type { FlowEntry } from './flow-table.ts';
import { answerForParseError } from './inbound-error.ts';
import type { TransportContext, TransportOptions } from './sip-transport.ts';
import { transportDefaults } from './sip-transport.ts';

const pong = new Uint8Array([13, 10]);

/** Wraps a connected socket, registers its flow and feeds parsed messages to the context. */
export function attachStreamConnection(
  socket: Socket,
  transport: Extract<TransportProtocol, 'tcp' | 'tls'>,
  context: TransportContext,
  options: TransportOptions,
  inbound: boolean,
): FlowEntry {
  const peer = socket instanceof TLSSocket ? socket.getPeerX509Certificate() : undefined;
  const flow: Flow = {
    id: `${transport}-${randomBytes(9).toString('base64url')}`,
    transport,
    local: { host: socket.localAddress ?? '', port: socket.localPort ?? 0 },
    remote: { host: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 },
    ...(peer === undefined ? {} : { peerCertificate: peer }),
  };
  const parser = new SipStreamParser(options.limits);
  let open = true;
  let closing = false;
  // Messages sent in one turn of the event loop leave in one write (one syscall under load).
  let corked = false;
  const uncork = (): void => {
    corked = false;
    socket.uncork();
  };

  const entry: FlowEntry = {
    flow,
    send: (bytes) =>
      new Promise<void>((resolve, reject) => {
        if (!open || socket.destroyed) {
          reject(new Error(`flow ${flow.id} is closed`));
          return;
        }
        if (!corked) {
          corked = true;
          socket.cork();
          process.nextTick(uncork);
        }
        socket.write(bytes, (error) => (error ? reject(error) : resolve()));
      }),
    close: () => socket.destroy(),
  };

  // "Idle connections that never send a message" must not hold a slot forever.
  const firstMessageTimer = inbound
    ? setTimeout(() => {
        context.log?.({ type: 'idleTimeout', flow });
        socket.destroy();
      }, options.firstMessageTimeoutMs ?? transportDefaults.firstMessageTimeoutMs)
    : undefined;
  socket.setTimeout(options.idleTimeoutMs ?? transportDefaults.idleTimeoutMs, () => {
    context.log?.({ type: 'idleTimeout', flow });
    socket.destroy();
  });

  socket.on('data', (chunk: Buffer) => {
    if (closing) return;
    for (const event of parser.push(chunk)) {
      switch (event.type) {
        case 'message':
          clearTimeout(firstMessageTimer);
          context.receive(event.message, flow);
          break;
        case 'keepalive':
          // A double-CRLF ping is answered with a single-CRLF pong (RFC 5626 §4.4.1, §5.4).
          if (event.pong && !socket.destroyed) socket.write(pong);
          break;
        case 'error': {
          context.log?.({ type: 'parseError', flow, code: event.error.code, message: event.error.message, fatal: event.fatal });
          const answer = answerForParseError(event.error);
          if (answer !== undefined && !socket.destroyed) socket.write(answer);
          // Stream framing cannot be recovered after a bad Content-Length (RFC 3261 §18.3).
          if (event.fatal) {
            closing = true;
            socket.end();
            setTimeout(() => socket.destroy(), 1000).unref();
            return;
          }
          break;
        }
      }
      if (socket.destroyed) return;
    }
  });
  socket.on('error', (error) => {
    context.log?.({ type: 'socketError', flow, message: error.message });
  });
  socket.on('close', () => {
    open = false;
    clearTimeout(firstMessageTimer);
    context.flows.remove(flow.id);
  });
  context.flows.add(entry);
  return entry;
}
