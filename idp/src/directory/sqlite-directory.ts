// The employee directory over SQLite: the `Directory` contract of employee.ts, plus the TOTP
// secret lookups sign-in needs. Passwords are scrypt hashes; secrets never leave this file
// except through `totpSecretOf`.
import { randomUUID } from 'node:crypto';
import type { Database } from '@eims/store';
import { migrate } from '@eims/store';
import { IdpError } from '../errors.ts';
import type { Directory, Employee, EmployeeChanges, EmployeeRole, EmployeeStatus, NewEmployee } from './employee.ts';
import { EMPLOYEE_ROLE, EMPLOYEE_STATUS } from './employee.ts';
import { DUMMY_HASH, hashPassword, verifyPasswordHash } from './password-hash.ts';
import { base32Decode } from './totp.ts';

const SCHEMA = `
CREATE TABLE employees (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  title TEXT NOT NULL,
  department TEXT NOT NULL,
  e164 TEXT UNIQUE,
  photo_type TEXT,
  photo BLOB,
  status TEXT NOT NULL CHECK (status IN ('active', 'disabled')),
  role TEXT NOT NULL CHECK (role IN ('employee', 'admin')),
  password_hash TEXT NOT NULL,
  totp_secret TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);`;

const USERNAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const E164 = /^\+[1-9][0-9]{1,14}$/;
const PHOTO_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp', 'image/svg+xml']);
export const MAX_PHOTO_BYTES = 48 * 1024;
const MIN_PASSWORD = 8;
const MAX_PASSWORD = 256;

interface Row {
  id: string;
  username: string;
  display_name: string;
  title: string;
  department: string;
  e164: string | null;
  photo_type: string | null;
  status: EmployeeStatus;
  role: EmployeeRole;
  totp_secret: string | null;
  created_at: number;
  updated_at: number;
}

const COLUMNS = 'id, username, display_name, title, department, e164, photo_type, status, role, totp_secret, created_at, updated_at';

/**
 * @example
 * const directory = new SqliteDirectory(openDatabase(file));
 * const alice = directory.verifyPassword('alice', 'Acme-demo-1');
 */
export class SqliteDirectory implements Directory {
  readonly #db: Database;
  readonly #now: () => number;

  constructor(db: Database, options: { now?: () => number } = {}) {
    this.#db = db;
    this.#now = options.now ?? Date.now;
    migrate(db, 'directory-1', SCHEMA);
  }

  get(id: string): Employee | undefined {
    const row = this.#db.prepare(`SELECT ${COLUMNS} FROM employees WHERE id = ?`).get(id) as Row | undefined;
    return row && toEmployee(row);
  }

  findByUsername(username: string): Employee | undefined {
    const row = this.#db.prepare(`SELECT ${COLUMNS} FROM employees WHERE username = ?`).get(username.trim().toLowerCase()) as
      | Row
      | undefined;
    return row && toEmployee(row);
  }

  search(query: string, limit = 50): Employee[] {
    const like = `%${query.trim().toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows = this.#db
      .prepare(
        `SELECT ${COLUMNS} FROM employees WHERE lower(username) LIKE @q ESCAPE '\\' OR lower(display_name) LIKE @q ESCAPE '\\'
         OR lower(title) LIKE @q ESCAPE '\\' OR lower(department) LIKE @q ESCAPE '\\' OR ifnull(e164, '') LIKE @q ESCAPE '\\'
         ORDER BY display_name LIMIT @limit`,
      )
      .all({ q: like, limit: Math.max(1, Math.min(limit, 500)) }) as Row[];
    return rows.map(toEmployee);
  }

  list(): Employee[] {
    return (this.#db.prepare(`SELECT ${COLUMNS} FROM employees ORDER BY display_name`).all() as Row[]).map(toEmployee);
  }

  verifyPassword(username: string, password: string): Employee | undefined {
    const row = this.#db
      .prepare(`SELECT ${COLUMNS}, password_hash FROM employees WHERE username = ?`)
      .get(username.trim().toLowerCase()) as (Row & { password_hash: string }) | undefined;
    if (password.length > MAX_PASSWORD) return undefined;
    // Unknown users cost one scrypt as well, so response time does not reveal who exists.
    const ok = verifyPasswordHash(password, row?.password_hash ?? DUMMY_HASH);
    return ok && row ? toEmployee(row) : undefined;
  }

  photo(id: string): { contentType: string; data: Uint8Array } | undefined {
    const row = this.#db.prepare('SELECT photo_type, photo FROM employees WHERE id = ?').get(id) as
      | { photo_type: string | null; photo: Buffer | null }
      | undefined;
    if (!row?.photo || !row.photo_type) return undefined;
    return { contentType: row.photo_type, data: new Uint8Array(row.photo) };
  }

  add(input: NewEmployee): Employee {
    const username = input.username.trim().toLowerCase();
    if (!USERNAME.test(username)) {
      invalid('username', 'Username must be 1–64 characters: lower-case letters, digits, ".", "_" or "-", starting with a letter or digit.');
    }
    checkText('displayName', input.displayName);
    checkText('title', input.title, true);
    checkText('department', input.department, true);
    checkE164(input.e164);
    checkPassword(input.password);
    const role = input.role ?? EMPLOYEE_ROLE.employee;
    checkRole(role);
    if (input.photo) checkPhoto(input.photo);
    if (input.totpSecret != null && !base32Decode(input.totpSecret)) invalid('totpSecret', 'The TOTP secret must be base32.');
    if (this.findByUsername(username)) {
      throw new IdpError('ERR_IDP_CONFLICT', `The username "${username}" is already taken.`, { details: { field: 'username' } });
    }
    this.#checkNumberFree(input.e164, undefined);
    const id = randomUUID();
    const now = this.#now();
    this.#db
      .prepare(
        `INSERT INTO employees (id, username, display_name, title, department, e164, photo_type, photo, status, role, password_hash, totp_secret, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        username,
        input.displayName.trim(),
        input.title.trim(),
        input.department.trim(),
        input.e164,
        input.photo?.contentType ?? null,
        input.photo ? Buffer.from(input.photo.data) : null,
        role,
        hashPassword(input.password),
        input.totpSecret ?? null,
        now,
        now,
      );
    return this.get(id)!;
  }

  update(id: string, changes: EmployeeChanges): Employee {
    this.#require(id);
    const sets: string[] = [];
    const values: unknown[] = [];
    const set = (column: string, value: unknown): void => {
      sets.push(`${column} = ?`);
      values.push(value);
    };
    if (changes.displayName !== undefined) set('display_name', checkText('displayName', changes.displayName));
    if (changes.title !== undefined) set('title', checkText('title', changes.title, true));
    if (changes.department !== undefined) set('department', checkText('department', changes.department, true));
    if (changes.e164 !== undefined) {
      checkE164(changes.e164);
      this.#checkNumberFree(changes.e164, id);
      set('e164', changes.e164);
    }
    if (changes.photo !== undefined) {
      if (changes.photo) checkPhoto(changes.photo);
      set('photo_type', changes.photo?.contentType ?? null);
      set('photo', changes.photo ? Buffer.from(changes.photo.data) : null);
    }
    if (changes.password !== undefined) {
      checkPassword(changes.password);
      set('password_hash', hashPassword(changes.password));
    }
    if (changes.role !== undefined) {
      checkRole(changes.role);
      set('role', changes.role);
    }
    set('updated_at', this.#now());
    this.#db.prepare(`UPDATE employees SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
    return this.get(id)!;
  }

  setStatus(id: string, status: EmployeeStatus): Employee {
    this.#require(id);
    if (status !== EMPLOYEE_STATUS.active && status !== EMPLOYEE_STATUS.disabled) invalid('status', 'Status must be active or disabled.');
    this.#db.prepare('UPDATE employees SET status = ?, updated_at = ? WHERE id = ?').run(status, this.#now(), id);
    return this.get(id)!;
  }

  remove(id: string): void {
    const result = this.#db.prepare('DELETE FROM employees WHERE id = ?').run(id);
    if (result.changes === 0) throw new IdpError('ERR_IDP_NOT_FOUND', `No employee with id ${id}.`, { details: { id } });
  }

  /** The base32 TOTP secret of an employee, or undefined without a second factor. */
  totpSecretOf(id: string): string | undefined {
    const row = this.#db.prepare('SELECT totp_secret FROM employees WHERE id = ?').get(id) as { totp_secret: string | null } | undefined;
    return row?.totp_secret ?? undefined;
  }

  /** Sets or clears (null) the TOTP second factor. */
  setTotpSecret(id: string, secret: string | null): Employee {
    this.#require(id);
    if (secret !== null && !base32Decode(secret)) invalid('totpSecret', 'The TOTP secret must be base32.');
    this.#db.prepare('UPDATE employees SET totp_secret = ?, updated_at = ? WHERE id = ?').run(secret, this.#now(), id);
    return this.get(id)!;
  }

  /** How many employees exist (used to seed demo data on first start). */
  count(): number {
    return (this.#db.prepare('SELECT count(*) AS n FROM employees').get() as { n: number }).n;
  }

  #require(id: string): void {
    if (!this.get(id)) throw new IdpError('ERR_IDP_NOT_FOUND', `No employee with id ${id}.`, { details: { id } });
  }

  #checkNumberFree(e164: string | null, exceptId: string | undefined): void {
    if (e164 === null) return;
    const row = this.#db.prepare('SELECT id FROM employees WHERE e164 = ?').get(e164) as { id: string } | undefined;
    if (row && row.id !== exceptId) {
      throw new IdpError('ERR_IDP_CONFLICT', `The number ${e164} already belongs to another employee.`, { details: { field: 'e164' } });
    }
  }
}

function toEmployee(row: Row): Employee {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    title: row.title,
    department: row.department,
    e164: row.e164,
    hasPhoto: row.photo_type !== null,
    status: row.status,
    role: row.role,
    totpEnabled: row.totp_secret !== null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function invalid(field: string, message: string): never {
  throw new IdpError('ERR_IDP_INVALID_INPUT', message, { details: { field } });
}

function checkText(field: string, value: string, allowEmpty = false): string {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  if ((!allowEmpty && trimmed.length === 0) || trimmed.length > 128 || hasControlCharacter(trimmed)) {
    invalid(field, `${field} must be ${allowEmpty ? 'at most' : '1 to'} 128 printable characters.`);
  }
  return trimmed;
}

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) < 0x20 || text.charCodeAt(i) === 0x7f) return true;
  return false;
}

function checkE164(e164: string | null): void {
  if (e164 !== null && !E164.test(e164)) invalid('e164', 'The number must be in E.164 form, e.g. +12025550101.');
}

function checkPassword(password: string): void {
  if (typeof password !== 'string' || password.length < MIN_PASSWORD || password.length > MAX_PASSWORD) {
    invalid('password', `The password must be ${MIN_PASSWORD} to ${MAX_PASSWORD} characters long.`);
  }
}

function checkRole(role: EmployeeRole): void {
  if (role !== EMPLOYEE_ROLE.employee && role !== EMPLOYEE_ROLE.admin) invalid('role', 'Role must be employee or admin.');
}

function checkPhoto(photo: { contentType: string; data: Uint8Array }): void {
  if (!PHOTO_TYPES.has(photo.contentType)) invalid('photo', 'The photo must be PNG, JPEG, WebP or SVG.');
  if (photo.data.byteLength === 0 || photo.data.byteLength > MAX_PHOTO_BYTES) {
    invalid('photo', `The photo must be at most ${MAX_PHOTO_BYTES / 1024} KiB.`);
  }
}
