// Reads a JSON request body with a size cap (64 KiB: every SBI body is small).
import type { Http2ServerRequest } from 'node:http2';
import { problem, type Problem } from './problem.ts';

export const MAX_BODY_BYTES = 64 * 1024;

export async function readJsonBody(req: Http2ServerRequest, limit = MAX_BODY_BYTES): Promise<{ ok: true; value: unknown } | { ok: false; error: Problem }> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > limit) return { ok: false, error: tooLarge(limit) };
  const type = String(req.headers['content-type'] ?? '');
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
    return { ok: false, error: problem(415, 'unsupported_media_type', 'Unsupported media type', 'Send the body as application/json.') };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).byteLength;
    if (size > limit) return { ok: false, error: tooLarge(limit) };
    chunks.push(chunk as Buffer);
  }
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown };
  } catch (cause) {
    return { ok: false, error: problem(400, 'malformed_json', 'Malformed JSON', `The body is not valid JSON: ${(cause as Error).message}`) };
  }
}

function tooLarge(limit: number): Problem {
  return problem(413, 'body_too_large', 'Body too large', `The request body is larger than ${limit / 1024} KiB.`);
}
