// Validation of the admin API's employee bodies: every field checked, unknown fields refused,
// each error naming its field and what is expected.
import { EMPLOYEE_ROLE, type EmployeeChanges, type EmployeeRole, type NewEmployee } from '../directory/employee.ts';
import { ADMIN_ERROR, invalid, problem, type AdminResult } from './admin-problem.ts';
import { parsePhoto } from './photo-input.ts';

/** Lower-case sign-in name: a letter, then letters, digits, `.`, `_` or `-`; 2–32 characters. */
export const USERNAME_PATTERN = /^[a-z][a-z0-9._-]{1,31}$/;
/** E.164 (ITU-T E.164 §6): `+`, a non-zero country code digit, 8–15 digits in all. */
export const E164_PATTERN = /^\+[1-9][0-9]{7,14}$/;
export const MIN_PASSWORD_LENGTH = 10;
const MAX_PASSWORD_LENGTH = 200;
const MAX_TEXT = 100;
// C0/C1 controls, and the bidirectional overrides that make names display misleadingly.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN_CHARS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

const NEW_FIELDS = ['username', 'displayName', 'title', 'department', 'e164', 'password', 'role', 'photo'] as const;
const CHANGE_FIELDS = ['displayName', 'title', 'department', 'e164', 'password', 'role', 'photo'] as const;

type Body = Record<string, unknown>;

function asObject(value: unknown, allowed: readonly string[]): AdminResult<Body> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: problem(400, ADMIN_ERROR.malformedJson, 'The request body must be a JSON object.') };
  }
  const body = value as Body;
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key)) {
      return { ok: false, error: problem(400, ADMIN_ERROR.unknownField, `Unknown field "${key}"; allowed fields are ${allowed.join(', ')}.`, key) };
    }
  }
  return { ok: true, value: body };
}

function text(body: Body, field: string, opts: { min: number; max: number }): AdminResult<string> {
  const v = body[field];
  if (typeof v !== 'string') return invalid(field, `"${field}" must be a string.`);
  const t = v.trim();
  if (t.length < opts.min) return invalid(field, `"${field}" must not be empty.`);
  if (t.length > opts.max) return invalid(field, `"${field}" is longer than ${opts.max} characters.`);
  if (FORBIDDEN_CHARS.test(t)) return invalid(field, `"${field}" contains control characters.`);
  return { ok: true, value: t };
}

function e164(body: Body): AdminResult<string | null> {
  const v = body['e164'];
  if (v === null || v === '') return { ok: true, value: null };
  if (typeof v !== 'string') return invalid('e164', '"e164" must be a string like "+12025550101", or null.');
  const compact = v.replace(/[\s().-]/g, '');
  if (!E164_PATTERN.test(compact)) return invalid('e164', `"${v}" is not an E.164 number: write "+", the country code and the number, 8 to 15 digits in all (e.g. "+12025550101").`);
  return { ok: true, value: compact };
}

function password(body: Body): AdminResult<string> {
  const v = body['password'];
  if (typeof v !== 'string') return invalid('password', '"password" must be a string.');
  if (v.length < MIN_PASSWORD_LENGTH) return invalid('password', `The password must have at least ${MIN_PASSWORD_LENGTH} characters.`);
  if (v.length > MAX_PASSWORD_LENGTH) return invalid('password', `The password must have at most ${MAX_PASSWORD_LENGTH} characters.`);
  return { ok: true, value: v };
}

function role(body: Body): AdminResult<EmployeeRole> {
  const v = body['role'];
  const roles = Object.values(EMPLOYEE_ROLE) as string[];
  if (typeof v !== 'string' || !roles.includes(v)) return invalid('role', `"role" must be one of ${roles.join(', ')}.`);
  return { ok: true, value: v as EmployeeRole };
}

/** Checks a POST body into a `NewEmployee`. */
export function parseNewEmployee(value: unknown): AdminResult<NewEmployee> {
  const o = asObject(value, NEW_FIELDS);
  if (!o.ok) return o;
  const body = o.value;
  for (const required of ['username', 'displayName', 'password'] as const) {
    if (body[required] === undefined) {
      return { ok: false, error: problem(400, ADMIN_ERROR.missingField, `"${required}" is required to add an employee.`, required) };
    }
  }
  const u = body['username'];
  if (typeof u !== 'string' || !USERNAME_PATTERN.test(u)) {
    return invalid('username', 'The username must be 2–32 lower-case characters: a letter, then letters, digits, ".", "_" or "-".');
  }
  const displayName = text(body, 'displayName', { min: 1, max: MAX_TEXT });
  if (!displayName.ok) return displayName;
  const title = body['title'] === undefined ? { ok: true as const, value: '' } : text(body, 'title', { min: 0, max: MAX_TEXT });
  if (!title.ok) return title;
  const department = body['department'] === undefined ? { ok: true as const, value: '' } : text(body, 'department', { min: 0, max: MAX_TEXT });
  if (!department.ok) return department;
  const number = body['e164'] === undefined ? { ok: true as const, value: null } : e164(body);
  if (!number.ok) return number;
  const pw = password(body);
  if (!pw.ok) return pw;
  const out: NewEmployee = { username: u, displayName: displayName.value, title: title.value, department: department.value, e164: number.value, password: pw.value };
  if (body['role'] !== undefined) {
    const r = role(body);
    if (!r.ok) return r;
    out.role = r.value;
  }
  if (body['photo'] !== undefined) {
    const p = parsePhoto(body['photo']);
    if (!p.ok) return p;
    out.photo = p.value;
  }
  return { ok: true, value: out };
}

/** Checks a PATCH body into `EmployeeChanges` (at least one field). */
export function parseEmployeeChanges(value: unknown): AdminResult<EmployeeChanges> {
  const o = asObject(value, CHANGE_FIELDS);
  if (!o.ok) return o;
  const body = o.value;
  if (Object.keys(body).length === 0) {
    return { ok: false, error: problem(400, ADMIN_ERROR.missingField, `Nothing to change; send one or more of ${CHANGE_FIELDS.join(', ')}.`) };
  }
  const out: EmployeeChanges = {};
  if (body['displayName'] !== undefined) {
    const r = text(body, 'displayName', { min: 1, max: MAX_TEXT });
    if (!r.ok) return r;
    out.displayName = r.value;
  }
  for (const field of ['title', 'department'] as const) {
    if (body[field] !== undefined) {
      const r = text(body, field, { min: 0, max: MAX_TEXT });
      if (!r.ok) return r;
      out[field] = r.value;
    }
  }
  if (body['e164'] !== undefined) {
    const r = e164(body);
    if (!r.ok) return r;
    out.e164 = r.value;
  }
  if (body['password'] !== undefined) {
    const r = password(body);
    if (!r.ok) return r;
    out.password = r.value;
  }
  if (body['role'] !== undefined) {
    const r = role(body);
    if (!r.ok) return r;
    out.role = r.value;
  }
  if (body['photo'] !== undefined) {
    const r = parsePhoto(body['photo']);
    if (!r.ok) return r;
    out.photo = r.value;
  }
  return { ok: true, value: out };
}
