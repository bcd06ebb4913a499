// Client side of the SBI: one HTTP/2 session per authority, reused by every request and
// re-opened after the peer closes it or a connection error.
//
// At most `maxConcurrentStreams` requests are in flight per authority; the rest wait here, in
// order. Without that bound a burst (SIPp at a few thousand REGISTER/s) opened thousands of
// streams on the one session; nghttp2's per-session memory limit (`maxSessionMemory`, 10 MB by
// default) then answered ENHANCE_YOUR_CALM and reset every stream of the session at once: status 0
// for all of them, 503 at the S-CSCF, and a new session that met the same fate.
import { connect, constants, type ClientHttp2Session, type ClientHttp2Stream, type OutgoingHttpHeaders } from 'node:http2';
import { ImsError, IMS_ERROR_CODES } from '../errors.ts';

export interface Http2PoolOptions {
  /** PEM of the CA that issued the SBI server certificate. */
  caCertPem: string;
  /** Per-request timeout in ms (default 5000), waiting for a stream included. Streams opened with `open()` have none. */
  timeoutMs?: number;
  /** Requests in flight per authority before the next ones wait (default 128). */
  maxConcurrentStreams?: number;
}

/** Room for bursts on one session: what nghttp2 may buffer before it calls the peer abusive. */
export const SESSION_MEMORY_MB = 64;

export interface Http2Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface Http2RequestOptions {
  method: string;
  path: string;
  headers?: OutgoingHttpHeaders;
  body?: string | Buffer;
}

export class Http2Pool {
  readonly #sessions = new Map<string, ClientHttp2Session>();
  readonly #options: Http2PoolOptions;
  readonly #inFlight = new Map<string, number>();
  readonly #waiting = new Map<string, (() => void)[]>();

  constructor(options: Http2PoolOptions) {
    this.#options = options;
  }

  /** The open session for `authority` (`https://localhost:4700`), connecting when needed. */
  session(authority: string): ClientHttp2Session {
    const existing = this.#sessions.get(authority);
    if (existing && !existing.closed && !existing.destroyed) return existing;
    const session = connect(authority, { ca: this.#options.caCertPem, maxSessionMemory: SESSION_MEMORY_MB });
    const forget = (): void => {
      if (this.#sessions.get(authority) === session) this.#sessions.delete(authority);
    };
    session.on('close', forget);
    session.on('goaway', forget);
    session.on('error', forget);
    this.#sessions.set(authority, session);
    return session;
  }

  /** One request/answer exchange; rejects with `ERR_IMS_SBI_UNREACHABLE` on connection failures. */
  async request(authority: string, options: Http2RequestOptions): Promise<Http2Answer> {
    const timeoutMs = this.#options.timeoutMs ?? 5000;
    const started = performance.now();
    await this.#acquire(authority);
    try {
      const left = timeoutMs - (performance.now() - started);
      if (left <= 0) throw unreachable(authority, new Error(`no stream free within ${timeoutMs} ms`));
      return await this.#exchange(authority, options, left);
    } finally {
      this.#release(authority);
    }
  }

  #acquire(authority: string): Promise<void> {
    const active = this.#inFlight.get(authority) ?? 0;
    if (active < (this.#options.maxConcurrentStreams ?? 128)) {
      this.#inFlight.set(authority, active + 1);
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const queue = this.#waiting.get(authority) ?? [];
      queue.push(resolve);
      this.#waiting.set(authority, queue);
    });
  }

  /** Hands the slot to the next waiting request, if any (the in-flight count stays the same). */
  #release(authority: string): void {
    const next = this.#waiting.get(authority)?.shift();
    if (next !== undefined) next();
    else this.#inFlight.set(authority, (this.#inFlight.get(authority) ?? 1) - 1);
  }

  #exchange(authority: string, options: Http2RequestOptions, timeoutMs: number): Promise<Http2Answer> {
    return new Promise((resolve, reject) => {
      let stream: ClientHttp2Stream;
      try {
        stream = this.open(authority, options);
      } catch (cause) {
        reject(unreachable(authority, cause));
        return;
      }
      const chunks: Buffer[] = [];
      let status = 0;
      let headers: Http2Answer['headers'] = {};
      stream.setTimeout(timeoutMs, () => stream.close(constants.NGHTTP2_CANCEL));
      stream.on('response', (h) => {
        status = Number(h[':status']);
        headers = h as Http2Answer['headers'];
      });
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => resolve({ status, headers, body: Buffer.concat(chunks) }));
      stream.on('close', () => {
        if (status === 0) reject(unreachable(authority, new Error(stream.rstCode === constants.NGHTTP2_CANCEL ? `no answer within ${timeoutMs} ms` : 'stream closed before an answer')));
      });
      stream.on('error', (cause: Error) => reject(unreachable(authority, cause)));
      if (options.body !== undefined) stream.end(options.body);
    });
  }

  /** Opens a stream for a long-lived answer (the caller reads it). */
  open(authority: string, options: Http2RequestOptions): ClientHttp2Stream {
    const session = this.session(authority);
    return session.request({ ':method': options.method, ':path': options.path, ...options.headers }, { endStream: options.body === undefined });
  }

  close(): void {
    for (const session of this.#sessions.values()) session.close();
    this.#sessions.clear();
  }
}

function unreachable(authority: string, cause: unknown): ImsError {
  return new ImsError(IMS_ERROR_CODES.sbiUnreachable, `The SBI at ${authority} did not answer: ${(cause as Error).message}. Is the emulator running?`, { cause });
}
