// Records every SIP message the phones send and receive over their WebSockets, so tests can check
// what went on the wire (Authorization, Route, Expires, status codes) against the real emulator.
// sip.js opens `new globalThis.WebSocket(url, 'sip')`; this subclass of `ws` is installed there.
import WebSocket from 'ws';

export interface TracedMessage {
  direction: 'sent' | 'received';
  /** Which socket (a counter): a reconnection opens a new one. */
  socket: number;
  /** `REGISTER sip:...` or `SIP/2.0 200 OK`. */
  startLine: string;
  text: string;
  at: number;
}

export const trace: TracedMessage[] = [];
let sockets = 0;

class TracingWebSocket extends WebSocket {
  readonly #id = ++sockets;
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols);
    this.on('message', (data: WebSocket.RawData) => record('received', this.#id, rawText(data)));
  }
  override send(data: unknown, ...rest: unknown[]): void {
    if (typeof data === 'string') record('sent', this.#id, data);
    (super.send as (...a: unknown[]) => void)(data, ...rest);
  }
}

function rawText(data: WebSocket.RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

function record(direction: TracedMessage['direction'], socket: number, text: string): void {
  if (text.trim() === '') return; // RFC 5626 keep-alive CRLFs
  trace.push({ direction, socket, startLine: text.slice(0, text.indexOf('\r\n')), text, at: Date.now() });
}

export function installTracingWebSocket(): void {
  (globalThis as { WebSocket?: unknown }).WebSocket = TracingWebSocket;
}

/** First value of a header (long or compact name not needed: sip.js writes long names). */
export function header(message: TracedMessage, name: string): string | undefined {
  return headers(message, name)[0];
}

export function headers(message: TracedMessage, name: string): string[] {
  const head = message.text.split('\r\n\r\n')[0] ?? '';
  const wanted = name.toLowerCase();
  return head
    .split('\r\n')
    .slice(1)
    .filter((line) => line.slice(0, line.indexOf(':')).trim().toLowerCase() === wanted)
    .map((line) => line.slice(line.indexOf(':') + 1).trim());
}

export function body(message: TracedMessage): string {
  const i = message.text.indexOf('\r\n\r\n');
  return i < 0 ? '' : message.text.slice(i + 4);
}

/** Requests of `method` sent by the phone whose From is `aor` (after `since`, a trace index). */
export function sentRequests(method: string, aor: string, since = 0): TracedMessage[] {
  return trace.slice(since).filter((m) => m.direction === 'sent' && m.startLine.startsWith(`${method} `) && (header(m, 'from') ?? '').includes(aor));
}

/** Responses received for requests with this Call-ID and CSeq method. */
export function responsesTo(request: TracedMessage): TracedMessage[] {
  const callId = header(request, 'call-id');
  const cseq = header(request, 'cseq');
  return trace.filter((m) => m.direction === 'received' && m.startLine.startsWith('SIP/2.0') && header(m, 'call-id') === callId && header(m, 'cseq') === cseq);
}

export function statusOf(message: TracedMessage): number {
  return Number(message.startLine.split(' ')[1]);
}
