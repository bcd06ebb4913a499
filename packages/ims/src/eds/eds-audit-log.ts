// The EDS audit log: refusals that matter to the carrier (a number outside the enterprise's
// allocation) and security events acted on. Append-only: triggers refuse UPDATE and DELETE.
import { migrate, type Database } from '@eims/store';

export type EdsAuditKind = 'number_not_allocated' | 'security_event' | 'trunk_refused';

export interface EdsAuditEntry {
  id: number;
  at: string;
  kind: EdsAuditKind;
  enterpriseId: string | null;
  impu: string | null;
  e164: string | null;
  detail: string;
}

export class EdsAuditLog {
  readonly #db: Database;
  readonly #now: () => number;

  constructor(db: Database, now: () => number) {
    this.#db = db;
    this.#now = now;
    migrate(
      db,
      'eds-audit-1',
      `CREATE TABLE eds_audit (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, kind TEXT NOT NULL,
         enterprise_id TEXT, impu TEXT, e164 TEXT, detail TEXT NOT NULL);
       CREATE TRIGGER eds_audit_no_update BEFORE UPDATE ON eds_audit BEGIN SELECT RAISE(ABORT, 'eds_audit is append-only'); END;
       CREATE TRIGGER eds_audit_no_delete BEFORE DELETE ON eds_audit BEGIN SELECT RAISE(ABORT, 'eds_audit is append-only'); END;`,
    );
  }

  append(entry: Omit<EdsAuditEntry, 'id' | 'at'>): void {
    this.#db
      .prepare('INSERT INTO eds_audit (at, kind, enterprise_id, impu, e164, detail) VALUES (?, ?, ?, ?, ?, ?)')
      .run(new Date(this.#now()).toISOString(), entry.kind, entry.enterpriseId, entry.impu, entry.e164, entry.detail);
  }

  list(limit = 100): EdsAuditEntry[] {
    const rows = this.#db.prepare('SELECT * FROM eds_audit ORDER BY id DESC LIMIT ?').all(limit) as {
      id: number; at: string; kind: EdsAuditKind; enterprise_id: string | null; impu: string | null; e164: string | null; detail: string;
    }[];
    return rows.map((r) => ({ id: r.id, at: r.at, kind: r.kind, enterpriseId: r.enterprise_id, impu: r.impu, e164: r.e164, detail: r.detail }));
  }
}
