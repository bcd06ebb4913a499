// Append-only audit trail of directory changes: who changed whom, when, and what (before/after).
// Secrets never enter it: no password hashes, no photo bytes, only whether they changed.
import { migrate, type Database } from '@eims/store';
import type { Employee } from '../directory/employee.ts';

export const AUDIT_ACTION = {
  add: 'employee.add',
  update: 'employee.update',
  disable: 'employee.disable',
  enable: 'employee.enable',
  delete: 'employee.delete',
} as const;
export type AuditAction = (typeof AUDIT_ACTION)[keyof typeof AUDIT_ACTION];

/** What an audit entry keeps of an employee: the directory record plus change markers. */
export type AuditSnapshot = Employee & { passwordChanged?: true; photoChanged?: true };

export interface AuditEntry {
  id: number;
  /** Milliseconds since the epoch. */
  at: number;
  actor: { id: string; username: string };
  action: AuditAction;
  target: { id: string; username: string };
  before: AuditSnapshot | null;
  after: AuditSnapshot | null;
}

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'> & { at?: number };

export interface AuditLog {
  /** Appends one entry; call it inside the transaction that makes the change. */
  record(entry: NewAuditEntry): AuditEntry;
  /** Most recent first. */
  list(options?: { limit?: number; targetId?: string }): AuditEntry[];
}

const SCHEMA = `
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  actor_id TEXT NOT NULL,
  actor_username TEXT NOT NULL,
  action TEXT NOT NULL,
  target_id TEXT NOT NULL,
  target_username TEXT NOT NULL,
  before_json TEXT,
  after_json TEXT
);
CREATE INDEX audit_log_target ON audit_log (target_id, id);
-- Append-only: the table refuses edits and deletions.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
`;

interface AuditRow {
  id: number;
  at: number;
  actor_id: string;
  actor_username: string;
  action: string;
  target_id: string;
  target_username: string;
  before_json: string | null;
  after_json: string | null;
}

const MAX_LIST = 500;

/**
 * Opens the audit log on the IdP database (creating its table on first use).
 * @example
 * const audit = createAuditLog(db);
 * db.transaction(() => { const after = directory.setStatus(id, 'disabled');
 *   audit.record({ actor, action: AUDIT_ACTION.disable, target, before, after }); })();
 */
export function createAuditLog(db: Database, now: () => number = Date.now): AuditLog {
  migrate(db, 'audit-1', SCHEMA);
  const insert = db.prepare(
    `INSERT INTO audit_log (at, actor_id, actor_username, action, target_id, target_username, before_json, after_json)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const recent = db.prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?');
  const recentForTarget = db.prepare('SELECT * FROM audit_log WHERE target_id = ? ORDER BY id DESC LIMIT ?');

  return {
    record(entry) {
      const at = entry.at ?? now();
      const before = entry.before === null ? null : sanitize(entry.before);
      const after = entry.after === null ? null : sanitize(entry.after);
      const info = insert.run(
        at,
        entry.actor.id,
        entry.actor.username,
        entry.action,
        entry.target.id,
        entry.target.username,
        before === null ? null : JSON.stringify(before),
        after === null ? null : JSON.stringify(after),
      );
      return { id: Number(info.lastInsertRowid), at, actor: entry.actor, action: entry.action, target: entry.target, before, after };
    },
    list(options = {}) {
      const limit = Math.min(Math.max(1, Math.trunc(options.limit ?? 100)), MAX_LIST);
      const rows = (options.targetId === undefined ? recent.all(limit) : recentForTarget.all(options.targetId, limit)) as AuditRow[];
      return rows.map(fromRow);
    },
  };
}

/** Keeps only the known, non-secret fields, whatever the caller passed in. */
function sanitize(s: AuditSnapshot): AuditSnapshot {
  const out: AuditSnapshot = {
    id: s.id,
    username: s.username,
    displayName: s.displayName,
    title: s.title,
    department: s.department,
    e164: s.e164,
    hasPhoto: s.hasPhoto,
    status: s.status,
    role: s.role,
    totpEnabled: s.totpEnabled,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
  if (s.passwordChanged === true) out.passwordChanged = true;
  if (s.photoChanged === true) out.photoChanged = true;
  return out;
}

function fromRow(r: AuditRow): AuditEntry {
  return {
    id: r.id,
    at: r.at,
    actor: { id: r.actor_id, username: r.actor_username },
    action: r.action as AuditAction,
    target: { id: r.target_id, username: r.target_username },
    before: r.before_json === null ? null : (JSON.parse(r.before_json) as AuditSnapshot),
    after: r.after_json === null ? null : (JSON.parse(r.after_json) as AuditSnapshot),
  };
}
