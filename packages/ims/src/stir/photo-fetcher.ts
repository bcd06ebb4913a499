// The employee's photo for the name card: fetched from the IdP's picture URL with a short timeout,
// turned into a `data:image/...;base64,` URI (RFC 9795: URIs inside a jCard must not lead further,
// and an inline photo keeps the card self-contained), and cached. No photo, a slow IdP or a bad
// answer means a card without a photo, never a failed call.

export interface PhotoFetcherOptions {
  /** Whole-request timeout; default 800 ms (a call is waiting). */
  timeoutMs?: number;
  /** Largest photo inlined; default 12 KiB (it travels twice in the INVITE: PASSporT and Call-Info). */
  maxBytes?: number;
  /** How long a fetched photo (or its absence) is reused; default 10 minutes. */
  ttlMs?: number;
  /** Cache bound (least recently used evicted); default 500 URLs. */
  maxEntries?: number;
  now?: () => number;
  fetch?: typeof globalThis.fetch;
  log?: (line: string) => void;
}

export interface PhotoFetcher {
  /** The photo at `url` as a data URI, or undefined (none, too big, not an image, unreachable). */
  dataUri(url: string | null): Promise<string | undefined>;
}

interface Entry {
  value: string | undefined;
  expiresAt: number;
}

/**
 * @example const photos = createPhotoFetcher(); const uri = await photos.dataUri(user.photoUrl);
 */
export function createPhotoFetcher(options: PhotoFetcherOptions = {}): PhotoFetcher {
  const timeoutMs = options.timeoutMs ?? 800;
  const maxBytes = options.maxBytes ?? 12 * 1024;
  const ttlMs = options.ttlMs ?? 600_000;
  const maxEntries = options.maxEntries ?? 500;
  const now = options.now ?? Date.now;
  const doFetch = options.fetch ?? globalThis.fetch;
  const cache = new Map<string, Entry>();
  const inflight = new Map<string, Promise<string | undefined>>();

  async function load(url: string): Promise<string | undefined> {
    try {
      const res = await doFetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'image/*' } });
      const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      const declared = Number(res.headers.get('content-length') ?? '0');
      if (res.status !== 200 || !/^image\/[a-z0-9.+-]+$/.test(type) || declared > maxBytes) {
        await res.body?.cancel();
        options.log?.(`photo at ${url} not used: HTTP ${res.status}, ${type || 'no content type'}, ${declared} bytes`);
        return undefined;
      }
      const bytes = Buffer.from(await res.arrayBuffer());
      if (bytes.byteLength === 0 || bytes.byteLength > maxBytes) return undefined;
      return `data:${type};base64,${bytes.toString('base64')}`;
    } catch (error) {
      options.log?.(`photo at ${url} not fetched: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  return {
    async dataUri(url) {
      if (url === null || !/^https?:\/\//i.test(url)) return undefined;
      const hit = cache.get(url);
      if (hit !== undefined && hit.expiresAt > now()) return hit.value;
      let p = inflight.get(url);
      if (p === undefined) {
        p = load(url).then((value) => {
          cache.delete(url);
          cache.set(url, { value, expiresAt: now() + ttlMs });
          while (cache.size > maxEntries) cache.delete(cache.keys().next().value!);
          return value;
        }).finally(() => inflight.delete(url));
        inflight.set(url, p);
      }
      return p;
    },
  };
}
