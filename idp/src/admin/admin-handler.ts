// The admin HTTP surface: the JSON API under /api/admin (bearer token of an admin) and the admin
// web page under /admin. The IdP's HTTP server calls this handler before oidc-provider.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createAuditLog, type AuditLog } from '../audit/audit-log.ts';
import type { Database } from '@eims/store';
import { EMPLOYEE_ROLE, EMPLOYEE_STATUS, type Directory } from '../directory/employee.ts';
import type { SecurityEvents } from '../events/security-events.ts';
import { failReply, routeAdminApi, type ApiReply } from './admin-api.ts';
import { createAdminPage } from './admin-page.ts';
import { ADMIN_ERROR, problem } from './admin-problem.ts';
import { bearerToken } from '../http/bearer.ts';

export interface AdminDeps {
  directory: Directory;
  db: Database;
  issuer: string;
  /**
   * Validates a bearer access token issued for the admin resource (`<issuer>/admin`). Return the
   * subject for ANY valid token, admin or not: the handler looks the role up in the directory and
   * answers 403 to non-admins (and to disabled admins), 401 when this returns undefined.
   */
  verifyAdminToken(token: string): Promise<{ sub: string; username: string } | undefined>;
  revokeAllForEmployee(employeeId: string): Promise<void>;
  securityEvents: SecurityEvents;
  now?: () => number;
  log?: (msg: string) => void;
  /** The audit log to write to (default: one on `db`). */
  audit?: AuditLog;
}

/**
 * @example
 * const admin = createAdminHandler({ directory, db, issuer, verifyAdminToken, revokeAllForEmployee, securityEvents });
 * http.createServer(async (req, res) => { if (await admin(req, res)) return; provider.callback()(req, res); });
 */
export function createAdminHandler(deps: AdminDeps): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const log = deps.log ?? (() => undefined);
  const audit = deps.audit ?? createAuditLog(deps.db, deps.now);
  const page = createAdminPage(deps.issuer);
  const ctx = { directory: deps.directory, db: deps.db, audit, securityEvents: deps.securityEvents, revokeAllForEmployee: deps.revokeAllForEmployee, log };

  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://admin.invalid');
    const path = url.pathname;
    if (page.serve(path, req.method ?? 'GET', res)) return true;
    if (path !== '/api/admin' && !path.startsWith('/api/admin/')) return false;

    let reply: ApiReply;
    try {
      const auth = await authenticate(deps, req.headers.authorization);
      reply = auth.ok ? await routeAdminApi(ctx, req, path, url.searchParams, auth.actor) : auth.reply;
    } catch (err) {
      log(`admin API ${req.method ?? ''} ${path} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      reply = failReply(problem(500, ADMIN_ERROR.internal, 'The IdP could not complete this request; the IdP log has the details.'));
    }
    send(req, res, reply);
    return true;
  };
}

type AuthResult = { ok: true; actor: { id: string; username: string } } | { ok: false; reply: ApiReply };

async function authenticate(deps: AdminDeps, header: string | undefined): Promise<AuthResult> {
  // RFC 6750 §3: a request without (or with an invalid) token gets 401 and WWW-Authenticate.
  const challenge = (error?: string): Record<string, string> => ({
    'www-authenticate': error === undefined ? 'Bearer realm="idp-admin"' : `Bearer realm="idp-admin", error="${error}"`,
  });
  const token = bearerToken(header);
  if (token === undefined) {
    return {
      ok: false,
      reply: { ...failReply(problem(401, ADMIN_ERROR.unauthorized, 'Sign in as an admin: send "Authorization: Bearer <access token>".')), headers: challenge(header === undefined ? undefined : 'invalid_request') },
    };
  }
  const who = await deps.verifyAdminToken(token);
  if (who === undefined) {
    return {
      ok: false,
      reply: { ...failReply(problem(401, ADMIN_ERROR.unauthorized, 'The access token is invalid or expired; sign in again.')), headers: challenge('invalid_token') },
    };
  }
  const employee = deps.directory.get(who.sub);
  // The role is read from the directory on every request, so a demoted or disabled admin loses
  // access at once, whatever their token says.
  if (employee === undefined || employee.role !== EMPLOYEE_ROLE.admin || employee.status !== EMPLOYEE_STATUS.active) {
    return {
      ok: false,
      reply: { ...failReply(problem(403, ADMIN_ERROR.forbidden, `${who.username} is not an active admin; sign in with an admin account.`)), headers: challenge('insufficient_scope') },
    };
  }
  return { ok: true, actor: { id: employee.id, username: employee.username } };
}

function send(req: IncomingMessage, res: ServerResponse, reply: ApiReply): void {
  const body = reply.body === undefined ? undefined : JSON.stringify(reply.body);
  const headers: Record<string, string | number> = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...reply.headers };
  if (body !== undefined) {
    headers['content-type'] = 'application/json; charset=utf-8';
    headers['content-length'] = Buffer.byteLength(body);
  }
  // A body we did not read (refused early) is drained; the connection is not reused.
  if (!req.complete) {
    headers['connection'] = 'close';
    req.resume();
  }
  res.writeHead(reply.status, headers);
  res.end(body);
}
