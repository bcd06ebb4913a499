// RFC 9457 problem details as every SBI API answers errors, with a stable `code` for programs.
import type { Http2ServerResponse } from 'node:http2';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  /** Extra members (e.g. `bearerError` on IF1, `field` on BSS). */
  [member: string]: unknown;
}

export function problem(status: number, code: string, title: string, detail: string, extra: Record<string, unknown> = {}): Problem {
  return { type: `urn:eims:ims:problem:${code}`, title, status, detail, code, ...extra };
}

export function sendProblem(res: Http2ServerResponse, p: Problem, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(p);
  res.writeHead(p.status, { 'content-type': 'application/problem+json', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

export function sendJson(res: Http2ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

/** Type guard for problem bodies read by clients. */
export function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && typeof (value as Problem).code === 'string' && typeof (value as Problem).status === 'number';
}
