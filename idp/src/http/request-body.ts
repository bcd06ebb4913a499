// Request bodies are capped on every route of the IdP (issue 2: "oversized bodies" get a clear
// 413). The body is read once here; oidc-provider then uses the buffered `req.body`.
import type { IncomingMessage, ServerResponse } from 'node:http';

export const MAX_BODY_BYTES = 64 * 1024;

export type BodyResult = { ok: true; body: Buffer } | { ok: false; error: 'too-large' | 'aborted' };

/** Reads the whole body, stopping at `limit` bytes (Content-Length is checked first). */
export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<BodyResult> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return { ok: false, error: 'too-large' };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) {
        req.resume();
        return { ok: false, error: 'too-large' };
      }
      chunks.push(chunk);
    }
  } catch {
    return { ok: false, error: 'aborted' };
  }
  return { ok: true, body: Buffer.concat(chunks, size) };
}

/** Form fields of an `application/x-www-form-urlencoded` body (first value of each name). */
export function parseForm(body: Buffer): Map<string, string> {
  const fields = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(body.toString('utf8'))) {
    if (!fields.has(name)) fields.set(name, value);
  }
  return fields;
}

/** Every value of a field, for duplicate detection (RFC 6749 §3.1: no repeated parameters). */
export function formValues(body: Buffer, name: string): string[] {
  return new URLSearchParams(body.toString('utf8')).getAll(name);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendHtml(res: ServerResponse, status: number, html: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(html),
    'x-frame-options': 'DENY',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'",
    ...headers,
  });
  res.end(html);
}
