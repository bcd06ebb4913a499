// A small path router for the SBI: `/bss/v1/enterprises/:id` patterns, percent-decoded
// parameters, 404 for unknown paths and 405 (with `allow`) for known paths with another method.
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';
import { problem, sendProblem } from './problem.ts';

export interface SbiRequest {
  req: Http2ServerRequest;
  res: Http2ServerResponse;
  params: Record<string, string>;
}

export type SbiHandler = (request: SbiRequest) => Promise<void> | void;

interface Route {
  method: string;
  segments: string[];
  handler: SbiHandler;
}

export class SbiRouter {
  readonly #routes: Route[] = [];

  add(method: string, pattern: string, handler: SbiHandler): this {
    this.#routes.push({ method, segments: pattern.split('/').filter(Boolean), handler });
    return this;
  }

  /** The registered routes, as `{ method, pattern }` with `{param}` path templates (OpenAPI style). */
  routes(): { method: string; path: string }[] {
    return this.#routes.map((r) => ({ method: r.method, path: `/${r.segments.map((s) => (s.startsWith(':') ? `{${s.slice(1)}}` : s)).join('/')}` }));
  }

  async dispatch(req: Http2ServerRequest, res: Http2ServerResponse): Promise<void> {
    // The path without query or fragment; parameters are percent-decoded one by one below.
    const pathname = pathOf(req.url);
    const parts = pathname.split('/').filter(Boolean);
    const allowed: string[] = [];
    for (const route of this.#routes) {
      const params = match(route.segments, parts);
      if (!params) continue;
      if (route.method !== req.method) {
        allowed.push(route.method);
        continue;
      }
      await route.handler({ req, res, params });
      return;
    }
    if (allowed.length > 0) {
      sendProblem(res, problem(405, 'method_not_allowed', 'Method not allowed', `Use ${allowed.join(' or ')} on ${pathname}.`), { allow: allowed.join(', ') });
      return;
    }
    sendProblem(res, problem(404, 'not_found', 'Not found', `No SBI resource at ${pathname}.`));
  }
}

function pathOf(target: string): string {
  const end = target.search(/[?#]/);
  return end === -1 ? target : target.slice(0, end);
}

function match(pattern: string[], parts: string[]): Record<string, string> | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    const part = parts[i]!;
    if (p.startsWith(':')) {
      try {
        params[p.slice(1)] = decodeURIComponent(part);
      } catch {
        return undefined; // a malformed escape cannot name any resource
      }
    } else if (p !== part) {
      return undefined;
    }
  }
  return params;
}
