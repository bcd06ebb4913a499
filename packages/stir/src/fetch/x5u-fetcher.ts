// Fetches STI certificate chains named by `x5u`/`info` (the STI-CR, ATIS-1000074), with a timeout,
// a size limit, and a bounded cache of parsed credentials keyed by URL that honours
// Cache-Control max-age / no-store. The only I/O of the verifier; injected into verifyIdentity.
import { err, ok, type Result } from '@eims/sip';
import { StirError, StirErrorCode } from '../errors.ts';
import { parseCredential, type Credential } from '../verify/credential.ts';

/** What verifyIdentity needs from a fetcher (tests may pass their own). */
export interface CredentialSource {
  get(url: string): Promise<Result<Credential, StirError>>;
}

export interface X5uFetcher extends CredentialSource {
  /** Number of cached credentials. */
  readonly size: number;
  clear(): void;
}

export interface X5uFetcherOptions {
  /** Whole-request timeout; default 2000 ms (a call is waiting). */
  timeoutMs?: number;
  /** Cache bound (least recently used evicted); default 1000 URLs. */
  maxEntries?: number;
  /** TTL without Cache-Control max-age; default 3600 s. */
  defaultTtlSeconds?: number;
  /** Upper bound on any TTL; default 86400 s. */
  maxTtlSeconds?: number;
  /** Largest accepted body; default 64 KiB. */
  maxBytes?: number;
  /** Accept `http:` URLs (the local demo STI-CR); default true. ATIS requires https in production. */
  allowHttp?: boolean;
  /** Clock in epoch ms; default Date.now. */
  now?: () => number;
  /** Fetch implementation; default globalThis.fetch. */
  fetch?: typeof globalThis.fetch;
}

interface Entry {
  credential: Credential;
  expiresAt: number;
}

/**
 * Creates a caching x5u fetcher.
 * @example const fetcher = createX5uFetcher({ timeoutMs: 1000 }); const r = await fetcher.get(url);
 */
export function createX5uFetcher(options: X5uFetcherOptions = {}): X5uFetcher {
  const timeoutMs = options.timeoutMs ?? 2000;
  const maxEntries = options.maxEntries ?? 1000;
  const defaultTtl = options.defaultTtlSeconds ?? 3600;
  const maxTtl = options.maxTtlSeconds ?? 86400;
  const maxBytes = options.maxBytes ?? 64 * 1024;
  const allowHttp = options.allowHttp ?? true;
  const now = options.now ?? Date.now;
  const doFetch = options.fetch ?? globalThis.fetch;
  const cache = new Map<string, Entry>();
  const inflight = new Map<string, Promise<Result<Credential, StirError>>>();

  const unreachable = (url: string, why: string, cause?: unknown): Result<Credential, StirError> =>
    err(new StirError(StirErrorCode.X5U_UNREACHABLE, `cannot fetch the certificate at ${url}: ${why}`, cause === undefined ? {} : { cause }));

  async function load(url: string): Promise<Result<Credential, StirError>> {
    let res: Response;
    let body: ArrayBuffer;
    try {
      res = await doFetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/pem-certificate-chain, application/x-pem-file, */*' } });
      const declared = Number(res.headers.get('content-length') ?? '0');
      if (declared > maxBytes) {
        await res.body?.cancel();
        return unreachable(url, `body of ${declared} bytes exceeds ${maxBytes}`);
      }
      if (res.status !== 200) {
        await res.body?.cancel();
        return unreachable(url, `HTTP ${res.status}`);
      }
      body = await res.arrayBuffer();
    } catch (e) {
      const why = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError') ? `no answer within ${timeoutMs} ms` : 'request failed';
      return unreachable(url, why, e);
    }
    if (body.byteLength > maxBytes) return unreachable(url, `body exceeds ${maxBytes} bytes`);
    const parsed = parseCredential(Buffer.from(body).toString('utf8'), url);
    if (!parsed.ok) return parsed;
    const ttl = ttlOf(res.headers.get('cache-control'), defaultTtl, maxTtl);
    if (ttl > 0) {
      cache.set(url, { credential: parsed.value, expiresAt: now() + ttl * 1000 });
      while (cache.size > maxEntries) cache.delete(cache.keys().next().value!);
    }
    return parsed;
  }

  return {
    get size() {
      return cache.size;
    },
    clear() {
      cache.clear();
    },
    async get(url) {
      const hit = cache.get(url);
      if (hit) {
        if (hit.expiresAt > now()) {
          cache.delete(url); // re-insert: Map order is the LRU order
          cache.set(url, hit);
          return ok(hit.credential);
        }
        cache.delete(url);
      }
      if (!/^https:\/\//i.test(url) && !(allowHttp && /^http:\/\//i.test(url))) {
        return unreachable(url, allowHttp ? 'only http(s) URLs are fetched' : 'only https URLs are fetched (ATIS-1000074)');
      }
      let p = inflight.get(url);
      if (!p) {
        p = load(url).finally(() => inflight.delete(url));
        inflight.set(url, p);
      }
      return p;
    },
  };
}

/** TTL in seconds from Cache-Control: 0 for no-store/no-cache, max-age bounded by maxTtl, else the default. */
export function ttlOf(cacheControl: string | null, defaultTtl: number, maxTtl: number): number {
  if (!cacheControl) return Math.min(defaultTtl, maxTtl);
  const cc = cacheControl.toLowerCase();
  if (/(^|[\s,])(no-store|no-cache)([\s,=]|$)/.test(cc)) return 0;
  const m = /(?:^|[\s,])max-age\s*=\s*"?(\d+)"?/.exec(cc);
  return Math.min(m ? Number(m[1]) : defaultTtl, maxTtl);
}
