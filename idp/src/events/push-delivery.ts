// One push attempt of a signed SET to a receiver (RFC 8935 §2), classified for the outbox.

export type PushOutcome =
  | { kind: 'delivered'; status: number }
  /** The receiver refused this SET (RFC 8935 §2.3): retrying the same bytes cannot help. */
  | { kind: 'rejected'; status: number; error: string }
  /** Network error, timeout or a server-side status: try again later. */
  | { kind: 'retry'; error: string };

/** Statuses in the 4xx range that still deserve another attempt. */
const TRANSIENT_CLIENT_STATUSES = new Set([408, 425, 429]);

export async function pushSecurityEventToken(url: string, set: string, timeoutMs: number): Promise<PushOutcome> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      // RFC 8935 §2.1: the body is the SET itself.
      headers: { 'content-type': 'application/secevent+jwt', accept: 'application/json' },
      body: set,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
  } catch (err) {
    return { kind: 'retry', error: describeNetworkError(err) };
  }
  const text = await readBody(res);
  // RFC 8935 §2.2: a successful receipt is 202 Accepted; any 2xx is taken as received.
  if (res.status >= 200 && res.status < 300) return { kind: 'delivered', status: res.status };
  if (res.status >= 400 && res.status < 500 && !TRANSIENT_CLIENT_STATUSES.has(res.status)) {
    return { kind: 'rejected', status: res.status, error: describeRejection(res.status, text) };
  }
  return { kind: 'retry', error: `HTTP ${res.status}` };
}

/** RFC 8935 §2.3: error responses carry `{"err": "<code>", "description": "..."}`. */
function describeRejection(status: number, body: string): string {
  try {
    const parsed = JSON.parse(body) as unknown;
    if (typeof parsed === 'object' && parsed !== null) {
      const { err, description } = parsed as { err?: unknown; description?: unknown };
      if (typeof err === 'string') return `HTTP ${status} ${err}${typeof description === 'string' ? `: ${description}` : ''}`;
    }
  } catch {
    // Not JSON: fall through to the bare status, the body says nothing we can rely on.
  }
  return `HTTP ${status}`;
}

async function readBody(res: Response): Promise<string> {
  try {
    return (await res.text()).slice(0, 2000);
  } catch (err) {
    return `(unreadable body: ${describeNetworkError(err)})`;
  }
}

function describeNetworkError(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    const causeText = cause instanceof Error ? `: ${cause.message}` : '';
    return `${err.name}: ${err.message}${causeText}`;
  }
  return String(err);
}
