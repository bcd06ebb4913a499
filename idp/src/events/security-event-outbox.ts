// The durable outbox of security events: one row per receiver per event, written before any
// attempt, so a receiver being down or the IdP restarting loses none.
import { migrate, type Database } from '@eims/store';
import type { SetClaims } from './security-event-token.ts';

export const OUTBOX_STATUS = { pending: 'pending', delivered: 'delivered', failed: 'failed' } as const;
export type OutboxStatus = (typeof OUTBOX_STATUS)[keyof typeof OUTBOX_STATUS];

export interface OutboxRow {
  id: number;
  jti: string;
  receiverUrl: string;
  audience: string;
  eventType: string;
  subject: string;
  claims: SetClaims;
  status: OutboxStatus;
  attempts: number;
  /** Milliseconds since the epoch. */
  nextAttemptAt: number;
  lastError: string | null;
  createdAt: number;
  deliveredAt: number | null;
}

const SCHEMA = `
CREATE TABLE security_event_outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  jti TEXT NOT NULL UNIQUE,
  receiver_url TEXT NOT NULL,
  audience TEXT NOT NULL,
  event_type TEXT NOT NULL,
  subject TEXT NOT NULL,
  claims_json TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  delivered_at INTEGER
);
CREATE INDEX security_event_outbox_due ON security_event_outbox (status, next_attempt_at);
`;

interface Row {
  id: number;
  jti: string;
  receiver_url: string;
  audience: string;
  event_type: string;
  subject: string;
  claims_json: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  created_at: number;
  delivered_at: number | null;
}

export interface SecurityEventOutbox {
  /** Stores a pending row, first due at `dueAt` (default `now`). */
  enqueue(entry: { receiverUrl: string; claims: SetClaims; eventType: string; subject: string; now: number; dueAt?: number }): number;
  /** Pending rows due at `now`, oldest first. */
  due(now: number, limit: number): OutboxRow[];
  /** The earliest `next_attempt_at` among pending rows, or undefined when none is pending. */
  nextDue(): number | undefined;
  /** Makes held rows (not yet attempted) due at `now`. */
  release(ids: readonly number[], now: number): void;
  markDelivered(id: number, now: number): void;
  markFailed(id: number, error: string): void;
  markRetry(id: number, error: string, nextAttemptAt: number): void;
  list(options?: { status?: OutboxStatus; limit?: number }): OutboxRow[];
}

export function createSecurityEventOutbox(db: Database): SecurityEventOutbox {
  migrate(db, 'security-events-1', SCHEMA);
  const insert = db.prepare(
    `INSERT INTO security_event_outbox (jti, receiver_url, audience, event_type, subject, claims_json, status, attempts, next_attempt_at, created_at)
     VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)`,
  );
  const dueStmt = db.prepare(`SELECT * FROM security_event_outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?`);
  const nextDueStmt = db.prepare(`SELECT MIN(next_attempt_at) AS t FROM security_event_outbox WHERE status = 'pending'`);
  const delivered = db.prepare(`UPDATE security_event_outbox SET status = 'delivered', attempts = attempts + 1, delivered_at = ?, last_error = NULL WHERE id = ?`);
  const failed = db.prepare(`UPDATE security_event_outbox SET status = 'failed', attempts = attempts + 1, last_error = ? WHERE id = ?`);
  const retry = db.prepare(`UPDATE security_event_outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?`);
  const releaseStmt = db.prepare(`UPDATE security_event_outbox SET next_attempt_at = ? WHERE id = ? AND status = 'pending' AND attempts = 0`);
  const all = db.prepare(`SELECT * FROM security_event_outbox ORDER BY id DESC LIMIT ?`);
  const byStatus = db.prepare(`SELECT * FROM security_event_outbox WHERE status = ? ORDER BY id DESC LIMIT ?`);

  return {
    enqueue({ receiverUrl, claims, eventType, subject, now, dueAt }) {
      const info = insert.run(claims.jti, receiverUrl, claims.aud, eventType, subject, JSON.stringify(claims), dueAt ?? now, now);
      return Number(info.lastInsertRowid);
    },
    due(now, limit) {
      return (dueStmt.all(now, limit) as Row[]).map(fromRow);
    },
    nextDue() {
      const r = nextDueStmt.get() as { t: number | null } | undefined;
      return r?.t ?? undefined;
    },
    release(ids, now) {
      db.transaction(() => {
        for (const id of ids) releaseStmt.run(now, id);
      })();
    },
    markDelivered(id, now) {
      delivered.run(now, id);
    },
    markFailed(id, error) {
      failed.run(error, id);
    },
    markRetry(id, error, nextAttemptAt) {
      retry.run(error, nextAttemptAt, id);
    },
    list(options = {}) {
      const limit = options.limit ?? 100;
      const rows = (options.status === undefined ? all.all(limit) : byStatus.all(options.status, limit)) as Row[];
      return rows.map(fromRow);
    },
  };
}

function fromRow(r: Row): OutboxRow {
  return {
    id: r.id,
    jti: r.jti,
    receiverUrl: r.receiver_url,
    audience: r.audience,
    eventType: r.event_type,
    subject: r.subject,
    claims: JSON.parse(r.claims_json) as SetClaims,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    createdAt: r.created_at,
    deliveredAt: r.delivered_at,
  };
}
