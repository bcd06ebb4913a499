// Shared plumbing of the typed SBI clients: JSON over the HTTP/2 pool with the API key, problem
// bodies turned into values, and an auto-reconnecting NDJSON event subscription.
import { ImsError, IMS_ERROR_CODES } from '../errors.ts';
import { Http2Pool } from './http2-pool.ts';
import { isProblem, type Problem } from './problem.ts';

export interface SbiClientOptions {
  /** `https://localhost:4700` */
  sbiUrl: string;
  /** PEM of the carrier CA (`<imsDataDir>/tls/ca.crt`). */
  caCertPem: string;
  /** The operator API key. */
  apiKey: string;
  /** Share one pool (one HTTP/2 session) between clients. */
  pool?: Http2Pool;
  timeoutMs?: number;
}

export type SbiAnswer<T> = { ok: true; status: number; value: T } | { ok: false; status: number; problem: Problem };

export class SbiClient {
  readonly pool: Http2Pool;
  readonly #options: SbiClientOptions;
  readonly #ownsPool: boolean;

  constructor(options: SbiClientOptions) {
    this.#options = options;
    this.#ownsPool = options.pool === undefined;
    this.pool = options.pool ?? new Http2Pool({ caCertPem: options.caCertPem, ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }) });
  }

  /** Rejects only when the SBI cannot be reached or answers garbage; problems are values. */
  async call<T>(method: string, path: string, body?: unknown): Promise<SbiAnswer<T>> {
    const answer = await this.pool.request(this.#options.sbiUrl, {
      method,
      path,
      headers: { authorization: `Bearer ${this.#options.apiKey}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (answer.status === 204) return { ok: true, status: 204, value: undefined as T };
    let parsed: unknown;
    try {
      parsed = JSON.parse(answer.body.toString('utf8'));
    } catch (cause) {
      throw new ImsError(IMS_ERROR_CODES.sbiProtocol, `${method} ${path} answered ${answer.status} with a body that is not JSON.`, { cause, status: answer.status });
    }
    if (answer.status >= 200 && answer.status < 300) return { ok: true, status: answer.status, value: parsed as T };
    if (isProblem(parsed)) return { ok: false, status: answer.status, problem: parsed };
    throw new ImsError(IMS_ERROR_CODES.sbiProtocol, `${method} ${path} answered ${answer.status} without a problem body.`, { status: answer.status });
  }

  /** Like `call`, but a problem is thrown as `ERR_IMS_SBI_PROBLEM`. */
  async expect<T>(method: string, path: string, body?: unknown): Promise<T> {
    const answer = await this.call<T>(method, path, body);
    if (!answer.ok) throw new ImsError(IMS_ERROR_CODES.sbiProblem, `${answer.problem.code}: ${answer.problem.detail}`, { status: answer.status, cause: answer.problem });
    return answer.value;
  }

  /**
   * Keeps an NDJSON event stream open, reconnecting (after `retryMs`, default 500 ms) whenever it
   * ends. `onEvent` gets every event but the `subscribed` marker; `ready` resolves on the first.
   */
  subscribe<E>(path: string, onEvent: (event: E) => void, options: SubscribeOptions = {}): EventSubscription {
    let stopped = false;
    let current: ReturnType<Http2Pool['open']> | undefined;
    let retry: NodeJS.Timeout | undefined;
    let resolveReady!: () => void;
    const ready = new Promise<void>((resolve) => (resolveReady = resolve));
    const connect = (): void => {
      if (stopped) return;
      let stream: ReturnType<Http2Pool['open']>;
      try {
        stream = this.pool.open(this.#options.sbiUrl, { method: 'GET', path, headers: { authorization: `Bearer ${this.#options.apiKey}`, accept: 'application/x-ndjson' } });
      } catch (error) {
        options.onError?.(error as Error);
        retry = setTimeout(connect, options.retryMs ?? 500);
        return;
      }
      current = stream;
      let pending = '';
      stream.setEncoding('utf8');
      stream.on('response', (headers) => {
        if (headers[':status'] !== 200) {
          options.onError?.(new ImsError(IMS_ERROR_CODES.sbiProblem, `${path} answered ${String(headers[':status'])}`));
          stream.close();
        }
      });
      stream.on('data', (chunk: string) => {
        const lines = (pending + chunk).split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) {
          if (line.trim() === '') continue;
          let event: { type?: unknown };
          try {
            event = JSON.parse(line) as { type?: unknown };
          } catch (cause) {
            options.onError?.(new ImsError(IMS_ERROR_CODES.sbiProtocol, `${path} sent a line that is not JSON`, { cause }));
            continue;
          }
          if (event.type === 'subscribed') {
            resolveReady();
            options.onState?.(true);
          } else onEvent(event as E);
        }
      });
      stream.on('error', (error: Error) => options.onError?.(error));
      stream.on('close', () => {
        options.onState?.(false);
        if (current === stream) current = undefined;
        if (!stopped) retry = setTimeout(connect, options.retryMs ?? 500);
      });
      stream.end();
    };
    connect();
    return {
      ready,
      close() {
        stopped = true;
        if (retry) clearTimeout(retry);
        current?.close();
      },
    };
  }

  close(): void {
    if (this.#ownsPool) this.pool.close();
  }
}

export interface SubscribeOptions {
  retryMs?: number;
  onError?: (error: Error) => void;
  /** True each time a stream is established (its `subscribed` marker), false each time one ends: events may have been missed meanwhile. */
  onState?: (subscribed: boolean) => void;
}

export interface EventSubscription {
  /** Resolves once the first stream is established. */
  ready: Promise<void>;
  close(): void;
}
