// Frames SIP messages on a byte stream (TCP, TLS) by Content-Length (RFC 3261 §18.3) and
// recognises CRLF keep-alives (RFC 5626 §4.4.1). Pure: bytes in, events out.
import { SipError, SipErrorCode } from '../errors.ts';
import type { SipMessage } from '../message/sip-message.ts';
import { resolveLimits, type ParserLimits } from './limits.ts';
import { parseFramed } from './parse-message.ts';

export type StreamEvent =
  | { type: 'message'; message: SipMessage }
  /** `pong: true`: a double-CRLF ping, answer with one CRLF; `pong: false`: a single CRLF (a pong). */
  | { type: 'keepalive'; pong: boolean }
  /** `fatal`: framing is lost (bad Content-Length, limit); close the connection. */
  | { type: 'error'; error: SipError; fatal: boolean };

const CRLFCRLF = Buffer.from('\r\n\r\n');
const EMPTY = Buffer.alloc(0);

/**
 * Incremental parser for one connection.
 * @example
 * const p = new SipStreamParser();
 * socket.on('data', (chunk) => { for (const ev of p.push(chunk)) handle(ev); });
 */
export class SipStreamParser {
  private readonly limits: ParserLimits;
  /** Bytes received and not yet consumed: store[0, len). Grows by doubling (no quadratic copying). */
  private store: Buffer = EMPTY;
  private len = 0;
  /** Offset (from the start of the pending bytes) where the search for CRLFCRLF resumes. */
  private scanFrom = 0;
  /** Size of the pending message once its header section and Content-Length are known, else -1. */
  private pendingTotal = -1;
  /** A lone CRLF was reported last; a CRLF right after it completes a ping. */
  private loneCrlf = false;
  private closed = false;

  constructor(limits?: Partial<ParserLimits>) {
    this.limits = resolveLimits(limits);
  }

  /** Whether a fatal error has closed this parser. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Feeds bytes; returns the events they complete. Nothing more after a fatal error. */
  push(chunk: Uint8Array): StreamEvent[] {
    if (this.closed) return [];
    const c = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    // With nothing pending, work on the chunk itself and keep only what is left over.
    const inStore = this.len > 0;
    if (inStore) this.append(c);
    const b = inStore ? this.store.subarray(0, this.len) : c;
    const events: StreamEvent[] = [];
    let off = 0;
    for (;;) {
      const n = b.length - off;
      if (n === 0) break;
      if (this.scanFrom === 0 && b[off] === 0x0d) {
        // Between messages: keep-alives.
        if (n < 2) break;
        if (b[off + 1] !== 0x0a) {
          this.fatal(events, new SipError(SipErrorCode.PARSE, 'stray CR between messages'));
          return events;
        }
        if (this.loneCrlf) {
          // Second half of a ping split across reads.
          this.loneCrlf = false;
          events.push({ type: 'keepalive', pong: true });
          off += 2;
          continue;
        }
        if (n >= 4 && b[off + 2] === 0x0d && b[off + 3] === 0x0a) {
          events.push({ type: 'keepalive', pong: true });
          off += 4;
          continue;
        }
        if (n === 3 && b[off + 2] === 0x0d) break; // maybe a ping: wait for its last byte
        events.push({ type: 'keepalive', pong: false });
        this.loneCrlf = n === 2;
        off += 2;
        continue;
      }
      this.loneCrlf = false;
      if (this.pendingTotal >= 0) {
        // Header section already read: only waiting for the rest of the body.
        if (n < this.pendingTotal) break;
        off = this.emit(events, b, off, this.pendingTotal);
        continue;
      }
      const found = b.indexOf(CRLFCRLF, off + Math.max(0, this.scanFrom - 3));
      if (found < 0) {
        this.scanFrom = Math.max(1, n);
        if (n > this.limits.maxMessageBytes) {
          this.fatal(events, new SipError(SipErrorCode.LIMIT, `no end of headers within ${this.limits.maxMessageBytes} bytes`, { status: 513 }));
          return events;
        }
        break;
      }
      const headEnd = found - off;
      this.scanFrom = headEnd + 1;
      const cl = contentLengthOf(b, off, found);
      if (cl instanceof SipError) {
        this.fatal(events, cl);
        return events;
      }
      const total = headEnd + 4 + cl;
      if (total > this.limits.maxMessageBytes) {
        this.fatal(events, new SipError(SipErrorCode.LIMIT, `message of ${total} bytes exceeds ${this.limits.maxMessageBytes}`, { status: 513 }));
        return events;
      }
      if (n < total) {
        this.pendingTotal = total;
        break;
      }
      off = this.emit(events, b, off, total);
    }
    this.keep(b, off, inStore);
    return events;
  }

  /** Parses the framed message b[off, off + total) and returns the offset after it. */
  private emit(events: StreamEvent[], b: Buffer, off: number, total: number): number {
    const r = parseFramed(b.subarray(off, off + total), this.limits, 'stream');
    this.scanFrom = 0;
    this.pendingTotal = -1;
    if (r.ok) events.push({ type: 'message', message: r.value });
    else events.push({ type: 'error', error: r.error, fatal: false });
    return off + total;
  }

  private append(c: Buffer): void {
    const need = this.len + c.length;
    if (need > this.store.length) {
      const grown = Buffer.allocUnsafe(Math.max(need, this.store.length * 2, 4096));
      this.store.copy(grown, 0, 0, this.len);
      this.store = grown;
    }
    c.copy(this.store, this.len);
    this.len = need;
  }

  /** Keeps b[off..] as the pending bytes (b is the store's content or, when nothing was pending, the chunk). */
  private keep(b: Buffer, off: number, inStore: boolean): void {
    const rest = b.length - off;
    if (rest === 0) {
      this.len = 0;
      if (this.store.length > 4 * this.limits.maxMessageBytes) this.store = EMPTY;
      return;
    }
    if (inStore) {
      if (off > 0) this.store.copyWithin(0, off, off + rest);
      this.len = rest;
    } else {
      this.len = 0;
      this.append(b.subarray(off));
    }
  }

  private fatal(events: StreamEvent[], error: SipError): void {
    events.push({ type: 'error', error, fatal: true });
    this.closed = true;
    this.store = EMPTY;
    this.len = 0;
  }
}

/**
 * Content-Length of the header section b[from, to) (no final CRLF), read from the bytes without
 * decoding the whole section (parseFramed decodes it once). Missing, invalid or conflicting values
 * lose the framing of the stream (RFC 3261 §18.3; RFC 4475 mcl01).
 */
function contentLengthOf(b: Buffer, from: number, to: number): number | SipError {
  let found: number | undefined;
  let pos = lineEnd(b, from, to);
  while (pos < to) {
    const start = pos + 2;
    const end = lineEnd(b, start, to);
    const c = (b[start] ?? 0) | 0x20;
    if (c === 0x6c /* l */ || c === 0x63 /* c */) {
      const colon = b.indexOf(0x3a, start);
      if (colon > 0 && colon < end) {
        const name = b.toString('latin1', start, colon).trim().toLowerCase();
        if (name === 'content-length' || name === 'l') {
          let value = b.toString('latin1', colon + 1, end);
          // A folded value continues on lines that start with whitespace.
          let next = end;
          while (next + 2 < to && (b[next + 2] === 0x20 || b[next + 2] === 0x09)) {
            const e2 = lineEnd(b, next + 2, to);
            value += b.toString('latin1', next + 2, e2);
            next = e2;
          }
          const v = value.trim();
          if (!/^[0-9]{1,10}$/.test(v)) {
            return new SipError(SipErrorCode.CONTENT_LENGTH, `invalid Content-Length ${JSON.stringify(v.slice(0, 40))} on a stream`, { header: 'Content-Length' });
          }
          const n = Number(v);
          if (found !== undefined) {
            return new SipError(SipErrorCode.CONTENT_LENGTH, 'more than one Content-Length on a stream (RFC 4475 mcl01)', { header: 'Content-Length' });
          }
          found = n;
        }
      }
    }
    pos = end;
  }
  if (found === undefined) {
    return new SipError(SipErrorCode.CONTENT_LENGTH, 'Content-Length is mandatory on stream transports (RFC 3261 §18.3)', { header: 'Content-Length' });
  }
  return found;
}

const CRLF = Buffer.from('\r\n');

/** Offset of the next CRLF at or after `from` within [from, to), or `to`. */
function lineEnd(b: Buffer, from: number, to: number): number {
  const i = b.indexOf(CRLF, from);
  return i < 0 || i > to ? to : i;
}
