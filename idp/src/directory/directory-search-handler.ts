// `GET /directory/search?q=<text>`: colleague search for signed-in employees (the softphone's
// "Search colleagues"). The caller presents the IMS access token the IdP issued to a first-party
// client (RFC 6750 bearer, RFC 9068 JWT); the answer lists up to 20 active colleagues whose name,
// username or number matches. Browsers call it cross-origin, so it answers CORS itself.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { IdpConfig } from '../config/idp-config.ts';
import { bearerToken } from '../http/bearer.ts';
import { clientAllowsOrigin } from '../http/cors.ts';
import type { AccessTokenCheck } from '../oidc/access-token-check.ts';
import { thirdPartyId } from '../oidc/employee-claims.ts';
import { EMPLOYEE_STATUS, type Directory, type Employee } from './employee.ts';

export const DIRECTORY_SEARCH_PATH = '/directory/search';
export const DIRECTORY_SEARCH_LIMIT = 20;
const MAX_QUERY = 100;

/** One colleague in the answer. */
export interface ColleagueEntry {
  name: string;
  title: string;
  department: string;
  /** `sip:<username>@<enterprise domain>`. */
  threePid: string;
  e164: string | null;
  pictureUrl: string | null;
}

export interface DirectorySearchDeps {
  issuer: string;
  config: IdpConfig;
  directory: Directory;
  checkToken(token: string): Promise<AccessTokenCheck>;
}

/** The handler answers true when it served the request. */
export function createDirectorySearchHandler(deps: DirectorySearchDeps): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const employeeAudiences = new Set(deps.config.resources.filter((r) => r.claims === 'employee').map((r) => r.indicator));
  const firstParty = deps.config.clients.filter((c) => c.firstParty);
  const firstPartyIds = new Set(firstParty.map((c) => c.metadata.client_id));
  const allowOrigin = (origin: string | undefined): boolean => origin !== undefined && firstParty.some((c) => clientAllowsOrigin(c, origin));

  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://idp.invalid');
    if (url.pathname !== DIRECTORY_SEARCH_PATH) return false;
    const origin = req.headers.origin;
    const cors: Record<string, string> = { vary: 'Origin' };
    if (allowOrigin(origin)) {
      cors['access-control-allow-origin'] = origin!;
      cors['access-control-expose-headers'] = 'WWW-Authenticate';
    }
    if (req.method === 'OPTIONS') {
      // CORS preflight (Fetch standard): the Authorization header makes every call preflighted.
      if (cors['access-control-allow-origin']) {
        cors['access-control-allow-methods'] = 'GET';
        cors['access-control-allow-headers'] = 'Authorization';
        cors['access-control-max-age'] = '600';
      }
      res.writeHead(204, cors).end();
      return true;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      reply(res, 405, { error: 'invalid_request', error_description: 'Use GET /directory/search?q=<text>.' }, { ...cors, allow: 'GET, HEAD, OPTIONS' });
      return true;
    }

    const header = req.headers.authorization;
    const token = bearerToken(header);
    if (token === undefined) {
      // RFC 6750 §3.1: no error code when the request carried no credentials at all.
      const challenge = header === undefined ? 'Bearer realm="directory"' : 'Bearer realm="directory", error="invalid_request"';
      reply(res, 401, { error: 'invalid_request', error_description: 'Sign in first: send "Authorization: Bearer <access token>".' }, { ...cors, 'www-authenticate': challenge });
      return true;
    }
    const check = await deps.checkToken(token);
    const audiences = check.active ? ([] as string[]).concat(check.payload.aud ?? []) : [];
    if (!check.active || !firstPartyIds.has(check.payload.client_id) || !audiences.some((a) => employeeAudiences.has(a))) {
      const why = check.active ? 'was not issued to the softphone' : check.reason === 'expired' ? 'has expired' : 'is not valid any more';
      reply(
        res,
        401,
        { error: 'invalid_token', error_description: `The access token ${why}; refresh it or sign in again.` },
        { ...cors, 'www-authenticate': 'Bearer realm="directory", error="invalid_token"' },
      );
      return true;
    }

    const q = (url.searchParams.get('q') ?? '').trim().slice(0, MAX_QUERY);
    const colleagues = q === '' ? [] : searchColleagues(deps.directory, q, check.employee.id);
    const body = colleagues.map((e) => toEntry(e, deps));
    reply(res, 200, body, cors, req.method === 'HEAD');
    return true;
  };
}

/** Active employees other than `selfId` whose name, username or number contains `q`. */
export function searchColleagues(directory: Directory, q: string, selfId: string): Employee[] {
  const text = q.toLowerCase();
  // "555 0102", "(202) 555-0102": numbers are compared without visual separators.
  const digits = /^[+0-9\s().-]+$/.test(q) ? q.replace(/[^+0-9]/g, '') : '';
  const candidates = directory.search(digits.length >= 2 ? digits : q, 500);
  return candidates
    .filter((e) => e.status === EMPLOYEE_STATUS.active && e.id !== selfId)
    .filter(
      (e) =>
        e.displayName.toLowerCase().includes(text) ||
        e.username.includes(text) ||
        (digits.length >= 2 && e.e164 !== null && e.e164.includes(digits)),
    )
    .slice(0, DIRECTORY_SEARCH_LIMIT);
}

function toEntry(employee: Employee, deps: DirectorySearchDeps): ColleagueEntry {
  return {
    name: employee.displayName,
    title: employee.title,
    department: employee.department,
    threePid: thirdPartyId(employee, deps.config.enterprise),
    e164: employee.e164,
    pictureUrl: employee.hasPhoto ? `${deps.issuer}/directory/photos/${employee.id}` : null,
  };
}

function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>, headOnly = false): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(headOnly ? undefined : text);
}
