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
  const read = await readAll(req, limit);
  if (read === undefined) return { ok: false, error: tooLarge(limit) };
  try {
    return { ok: true, value: JSON.parse(read.toString('utf8')) as unknown };
  } catch (cause) {
    return { ok: false, error: problem(400, 'malformed_json', 'Malformed JSON', `The body is not valid JSON: ${(cause as Error).message}`) };
  }
}

function tooLarge(limit: number): Problem {
  return problem(413, 'body_too_large', 'Body too large', `The request body is larger than ${limit / 1024} KiB.`);
}

/** The whole body, or undefined once it passes `limit` (the rest is not kept). Event-driven: an async iterator per request cost more than the JSON. */
function readAll(req: Http2ServerRequest, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.byteLength;
      if (size > limit) {
        done();
        req.resume();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      done();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    };
    const onError = (error: Error): void => {
      done();
      reject(error);
    };
    const onClose = (): void => onError(new Error('the request stream closed before its body ended'));
    const done = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onError);
    req.once('close', onClose);
  });
}
