// Reads a JSON request body with a size cap and a content-type check, without throwing.
import type { IncomingMessage } from 'node:http';
import { ADMIN_ERROR, problem, type AdminResult } from './admin-problem.ts';

/** Largest admin request body accepted. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Reads the body as JSON. Checks, in order: content type (415), declared and actual size (413),
 * syntax (400). An empty body reads as `undefined` when `allowEmpty`.
 */
export async function readJsonBody(req: IncomingMessage, options: { allowEmpty?: boolean; maxBytes?: number } = {}): Promise<AdminResult<unknown>> {
  const max = options.maxBytes ?? MAX_BODY_BYTES;
  const declared = req.headers['content-length'];
  const hasBody = (declared !== undefined && declared !== '0') || req.headers['transfer-encoding'] !== undefined;
  if (!hasBody && options.allowEmpty === true) return { ok: true, value: undefined };
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type !== 'application/json') {
    return { ok: false, error: problem(415, ADMIN_ERROR.contentType, `Send the body as JSON with "Content-Type: application/json" (got ${type === '' ? 'none' : `"${type}"`}).`) };
  }
  const tooLarge = problem(413, ADMIN_ERROR.bodyTooLarge, `The request body exceeds ${max} bytes; send a smaller photo or fewer fields.`);
  if (declared !== undefined && Number(declared) > max) return { ok: false, error: tooLarge };

  const read = await collect(req, max);
  if (read === 'too-large') return { ok: false, error: tooLarge };
  if (read === 'aborted') return { ok: false, error: problem(400, ADMIN_ERROR.malformedJson, 'The request body was cut short; send it again.') };
  const text = read.toString('utf8');
  if (text.trim() === '') {
    if (options.allowEmpty === true) return { ok: true, value: undefined };
    return { ok: false, error: problem(400, ADMIN_ERROR.malformedJson, 'The request body is empty; send a JSON object.') };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return { ok: false, error: problem(400, ADMIN_ERROR.malformedJson, `The request body is not valid JSON (${detail}).`) };
  }
}

// Past the cap the rest is drained (not kept) so the client still reads the 413; a client that
// keeps sending far beyond is cut off.
const DRAIN_LIMIT = 1024 * 1024;

function collect(req: IncomingMessage, max: number): Promise<Buffer | 'too-large' | 'aborted'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) chunks.push(chunk);
      else if (size > max + DRAIN_LIMIT) req.destroy();
    });
    req.on('end', () => resolve(size > max ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', () => resolve(size > max ? 'too-large' : 'aborted'));
    req.on('close', () => {
      if (!req.complete) resolve(size > max ? 'too-large' : 'aborted');
    });
  });
}
