// The admin JSON API: employees (list, search, get, add, edit, disable, enable, delete) and the
// audit trail. Each change and its audit entry commit in one SQLite transaction.
import type { IncomingMessage } from 'node:http';
import { AUDIT_ACTION, type AuditAction, type AuditLog, type AuditSnapshot } from '../audit/audit-log.ts';
import type { Database } from '@eims/store';
import { EMPLOYEE_ROLE, EMPLOYEE_STATUS, type Directory, type Employee } from '../directory/employee.ts';
import { IdpError } from '../errors.ts';
import type { SecurityEvents } from '../events/security-events.ts';
import { ADMIN_ERROR, problem, type AdminProblem } from './admin-problem.ts';
import { parseEmployeeChanges, parseNewEmployee } from './employee-input.ts';
import { readJsonBody } from './json-body.ts';

export interface AdminActor {
  id: string;
  username: string;
}

export interface ApiContext {
  directory: Directory;
  db: Database;
  audit: AuditLog;
  securityEvents: SecurityEvents;
  revokeAllForEmployee(employeeId: string): Promise<void>;
  log: (msg: string) => void;
}

/** What a route answers: a status and a JSON body (or none for 204). */
export type ApiReply = { status: number; body?: unknown; headers?: Record<string, string> };

const fail = (p: AdminProblem): ApiReply => ({ status: p.status, body: { error: { code: p.code, message: p.message, ...(p.field === undefined ? {} : { field: p.field }) } } });

const EMPLOYEE_PATH = /^\/api\/admin\/employees\/([^/]+)(\/disable|\/enable)?$/;
const MAX_ID = 200;

/** Routes one authenticated admin request. `path` has no query string. */
export async function routeAdminApi(ctx: ApiContext, req: IncomingMessage, path: string, query: URLSearchParams, actor: AdminActor): Promise<ApiReply> {
  const method = req.method ?? 'GET';
  if (path === '/api/admin/employees') {
    if (method === 'GET') return listEmployees(ctx, query);
    if (method === 'POST') return addEmployee(ctx, req, actor);
    return methodNotAllowed('GET, POST');
  }
  if (path === '/api/admin/audit') {
    if (method !== 'GET') return methodNotAllowed('GET');
    const limit = Number(query.get('limit') ?? '100');
    const target = query.get('target');
    const entries = ctx.audit.list({ limit: Number.isFinite(limit) ? limit : 100, ...(target === null ? {} : { targetId: target }) });
    return { status: 200, body: { entries } };
  }
  if (path === '/api/admin/me') {
    if (method !== 'GET') return methodNotAllowed('GET');
    return { status: 200, body: { id: actor.id, username: actor.username } };
  }
  const m = EMPLOYEE_PATH.exec(path);
  if (m !== null) {
    let id: string;
    try {
      id = decodeURIComponent(m[1] ?? '');
    } catch {
      return fail(problem(404, ADMIN_ERROR.notFound, 'No employee with that id.'));
    }
    if (id.length > MAX_ID) return fail(problem(404, ADMIN_ERROR.notFound, 'No employee with that id.'));
    const action = m[2];
    if (action === '/disable' || action === '/enable') {
      if (method !== 'POST') return methodNotAllowed('POST');
      return setStatus(ctx, req, id, action === '/disable' ? EMPLOYEE_STATUS.disabled : EMPLOYEE_STATUS.active, actor);
    }
    if (method === 'GET') {
      const e = ctx.directory.get(id);
      return e === undefined ? notFound(id) : { status: 200, body: { employee: e } };
    }
    if (method === 'PATCH') return updateEmployee(ctx, req, id, actor);
    if (method === 'DELETE') return deleteEmployee(ctx, id, actor);
    return methodNotAllowed('GET, PATCH, DELETE');
  }
  return fail(problem(404, ADMIN_ERROR.notFound, `No admin API at ${path}; see /api/admin/employees and /api/admin/audit.`));
}

function listEmployees(ctx: ApiContext, query: URLSearchParams): ApiReply {
  const q = (query.get('q') ?? '').trim();
  const limitText = query.get('limit');
  const limit = limitText === null ? 200 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
    return fail(problem(400, ADMIN_ERROR.invalidField, '"limit" must be a whole number from 1 to 500.', 'limit'));
  }
  if (q.length > 100) return fail(problem(400, ADMIN_ERROR.invalidField, 'The search text is longer than 100 characters.', 'q'));
  const employees = q === '' ? ctx.directory.list().slice(0, limit) : ctx.directory.search(q, limit);
  return { status: 200, body: { employees } };
}

async function addEmployee(ctx: ApiContext, req: IncomingMessage, actor: AdminActor): Promise<ApiReply> {
  const body = await readJsonBody(req);
  if (!body.ok) return fail(body.error);
  const input = parseNewEmployee(body.value);
  if (!input.ok) return fail(input.error);
  const result = inTransaction(ctx, () => {
    const after = ctx.directory.add(input.value);
    record(ctx, actor, AUDIT_ACTION.add, null, snapshot(after, input.value.photo != null));
    return after;
  });
  if (!result.ok) return fail(result.error);
  ctx.log(`admin ${actor.username} added ${result.value.username}`);
  return { status: 201, body: { employee: result.value }, headers: { location: `/api/admin/employees/${encodeURIComponent(result.value.id)}` } };
}

async function updateEmployee(ctx: ApiContext, req: IncomingMessage, id: string, actor: AdminActor): Promise<ApiReply> {
  const body = await readJsonBody(req);
  if (!body.ok) return fail(body.error);
  const changes = parseEmployeeChanges(body.value);
  if (!changes.ok) return fail(changes.error);
  if (id === actor.id && changes.value.role !== undefined && changes.value.role !== EMPLOYEE_ROLE.admin) {
    return fail(problem(409, ADMIN_ERROR.selfAction, 'You cannot remove your own admin role; ask another admin to do it.', 'role'));
  }
  const result = inTransaction(ctx, () => {
    const before = ctx.directory.get(id);
    if (before === undefined) return undefined;
    const after = ctx.directory.update(id, changes.value);
    const marked: AuditSnapshot = snapshot(after, changes.value.photo !== undefined);
    if (changes.value.password !== undefined) marked.passwordChanged = true;
    record(ctx, actor, AUDIT_ACTION.update, before, marked);
    return after;
  });
  if (!result.ok) return fail(result.error);
  if (result.value === undefined) return notFound(id);
  ctx.log(`admin ${actor.username} edited ${result.value.username}`);
  return { status: 200, body: { employee: result.value } };
}

async function setStatus(ctx: ApiContext, req: IncomingMessage, id: string, status: Employee['status'], actor: AdminActor): Promise<ApiReply> {
  // The action is in the path; a body, if any, must still be well-formed JSON (and small).
  const body = await readJsonBody(req, { allowEmpty: true });
  if (!body.ok) return fail(body.error);
  if (body.value !== undefined && (typeof body.value !== 'object' || body.value === null || Object.keys(body.value).length > 0)) {
    const key = typeof body.value === 'object' && body.value !== null ? Object.keys(body.value)[0] : undefined;
    return fail(problem(400, ADMIN_ERROR.unknownField, `This action takes no body fields${key === undefined ? '' : ` (got "${key}")`}.`, key));
  }
  const disabling = status === EMPLOYEE_STATUS.disabled;
  if (disabling && id === actor.id) {
    return fail(problem(409, ADMIN_ERROR.selfAction, 'You cannot disable your own account; ask another admin to do it.'));
  }
  const result = inTransaction(ctx, () => {
    const before = ctx.directory.get(id);
    if (before === undefined) return undefined;
    if (before.status === status) return { after: before, held: undefined, changed: false };
    const after = ctx.directory.setStatus(id, status);
    record(ctx, actor, disabling ? AUDIT_ACTION.disable : AUDIT_ACTION.enable, before, after);
    // The events commit with the change; they go out once the tokens are revoked (below).
    return { after, held: disabling ? ctx.securityEvents.hold('disabled', after) : undefined, changed: true };
  });
  if (!result.ok) return fail(result.error);
  if (result.value === undefined) return notFound(id);
  const { after, held, changed } = result.value;
  if (disabling) {
    // Revoking again on a repeated disable is harmless and heals a revocation that failed before.
    const revoked = await revoke(ctx, after);
    held?.release();
    if (!revoked.ok) return fail(revoked.error);
  }
  if (changed) ctx.log(`admin ${actor.username} ${disabling ? 'disabled' : 'enabled'} ${after.username}`);
  return { status: 200, body: { employee: after } };
}

async function deleteEmployee(ctx: ApiContext, id: string, actor: AdminActor): Promise<ApiReply> {
  if (id === actor.id) return fail(problem(409, ADMIN_ERROR.selfAction, 'You cannot delete your own account; ask another admin to do it.'));
  const result = inTransaction(ctx, () => {
    const before = ctx.directory.get(id);
    if (before === undefined) return undefined;
    ctx.directory.remove(id);
    record(ctx, actor, AUDIT_ACTION.delete, before, null);
    return { before, held: ctx.securityEvents.hold('deleted', before) };
  });
  if (!result.ok) return fail(result.error);
  if (result.value === undefined) return notFound(id);
  const { before, held } = result.value;
  const revoked = await revoke(ctx, before);
  held.release();
  if (!revoked.ok) return fail(revoked.error);
  ctx.log(`admin ${actor.username} deleted ${before.username}`);
  return { status: 204 };
}

async function revoke(ctx: ApiContext, e: Employee): Promise<{ ok: true } | { ok: false; error: AdminProblem }> {
  try {
    await ctx.revokeAllForEmployee(e.id);
    return { ok: true };
  } catch (err) {
    ctx.log(`revoking the tokens of ${e.username} failed: ${err instanceof Error ? err.message : String(err)}`);
    return {
      ok: false,
      error: problem(500, ADMIN_ERROR.revokeFailed, `${e.username} is ${e.status === EMPLOYEE_STATUS.disabled ? 'disabled' : 'deleted'}, but revoking their tokens failed; check the IdP log before relying on it.`),
    };
  }
}

function record(ctx: ApiContext, actor: AdminActor, action: AuditAction, before: Employee | null, after: AuditSnapshot | null): void {
  const target = after ?? before;
  if (target === null) return;
  ctx.audit.record({ actor, action, target: { id: target.id, username: target.username }, before, after });
}

function snapshot(e: Employee, photoChanged: boolean): AuditSnapshot {
  return photoChanged ? { ...e, photoChanged: true } : { ...e };
}

/** Runs `fn` in one transaction; maps the directory's own validation and conflict errors. */
function inTransaction<T>(ctx: ApiContext, fn: () => T): { ok: true; value: T } | { ok: false; error: AdminProblem } {
  try {
    return { ok: true, value: ctx.db.transaction(fn)() };
  } catch (err) {
    if (err instanceof IdpError) {
      const field = typeof err.details['field'] === 'string' ? err.details['field'] : undefined;
      switch (err.code) {
        case 'ERR_IDP_CONFLICT':
          return { ok: false, error: problem(409, ADMIN_ERROR.duplicate, err.message, field) };
        case 'ERR_IDP_INVALID_INPUT':
          return { ok: false, error: problem(400, ADMIN_ERROR.invalidField, err.message, field) };
        case 'ERR_IDP_NOT_FOUND':
          return { ok: false, error: problem(404, ADMIN_ERROR.notFound, err.message) };
        default:
          break;
      }
    }
    if (isUniqueViolation(err)) {
      return { ok: false, error: problem(409, ADMIN_ERROR.duplicate, 'That username or number already belongs to another employee.') };
    }
    throw err;
  }
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}

function notFound(id: string): ApiReply {
  return fail(problem(404, ADMIN_ERROR.notFound, `No employee with id "${id}"; list /api/admin/employees to find it.`));
}

function methodNotAllowed(allow: string): ApiReply {
  return { ...fail(problem(405, ADMIN_ERROR.method, `Use ${allow} here.`)), headers: { allow } };
}

export { fail as failReply };
