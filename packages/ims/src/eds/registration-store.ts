// Registration state the S-CSCF keeps at the EDS for restoration after a restart (TS 23.380
// style): per IMPU an opaque JSON document (contacts, path, expiry, flow), plus the S-CSCF
// assigned to the user at its last authenticated REGISTER.
import { migrate, type Database, type Statement } from '@eims/store';
export interface StoredRegistration {
  impu: string;
  /** Whatever the S-CSCF saved (contacts, path, expiry, flow information). */
  data: Record<string, unknown>;
  /** ms since the epoch; null: kept until deleted. */
  expiresAt: number | null;
  updatedAt: string;
}

/** One write of a group commit. */
export type RegistrationOperation = { readonly op: 'save'; readonly impu: string; readonly data: Record<string, unknown> } | { readonly op: 'delete'; readonly impu: string };

export class RegistrationStore {
  readonly #db: Database;
  readonly #now: () => number;
  /** Prepared once: preparing a statement costs more than running it (the REGISTER path runs these). */
  readonly #sql: { save: Statement; delete: Statement; assign: Statement; assignment: Statement };
  /** S-CSCF assignments as stored (read-through): a REGISTER that changes nothing writes nothing. */
  readonly #assignments = new Map<string, string | null>();

  constructor(db: Database, now: () => number) {
    this.#db = db;
    this.#now = now;
    migrate(
      db,
      'eds-registrations-1',
      `CREATE TABLE eds_registrations (impu TEXT PRIMARY KEY, data TEXT NOT NULL, expires_at INTEGER, updated_at TEXT NOT NULL);
       CREATE TABLE eds_scscf_assignments (impu TEXT PRIMARY KEY, scscf TEXT NOT NULL, assigned_at TEXT NOT NULL);`,
    );
    this.#sql = {
      save: db.prepare(
        'INSERT INTO eds_registrations (impu, data, expires_at, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(impu) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at, updated_at = excluded.updated_at',
      ),
      delete: db.prepare('DELETE FROM eds_registrations WHERE impu = ?'),
      assign: db.prepare('INSERT INTO eds_scscf_assignments (impu, scscf, assigned_at) VALUES (?, ?, ?) ON CONFLICT(impu) DO UPDATE SET scscf = excluded.scscf, assigned_at = excluded.assigned_at'),
      assignment: db.prepare('SELECT scscf FROM eds_scscf_assignments WHERE impu = ?'),
    };
  }

  save(impu: string, data: Record<string, unknown>): StoredRegistration {
    const expires = typeof data['expiresAt'] === 'number' && Number.isFinite(data['expiresAt']) ? Math.trunc(data['expiresAt']) : null;
    const at = new Date(this.#now()).toISOString();
    this.#sql.save.run(impu, JSON.stringify(data), expires, at);
    return { impu, data, expiresAt: expires, updatedAt: at };
  }

  delete(impu: string): boolean {
    return this.#sql.delete.run(impu).changes > 0;
  }

  /**
   * Applies several saves and deletes in one transaction (group commit): all of them are stored,
   * or, when one fails, none. Returns, per operation, whether it changed a stored registration.
   */
  apply(operations: readonly RegistrationOperation[]): boolean[] {
    return this.#db.transaction(() =>
      operations.map((op) => {
        if (op.op === 'delete') return this.delete(op.impu);
        this.save(op.impu, op.data);
        return true;
      }),
    )();
  }

  /** Every registration not yet expired (expired ones are removed on the way). */
  list(): StoredRegistration[] {
    const now = this.#now();
    this.#db.prepare('DELETE FROM eds_registrations WHERE expires_at IS NOT NULL AND expires_at <= ?').run(now);
    const rows = this.#db.prepare('SELECT * FROM eds_registrations ORDER BY impu').all() as { impu: string; data: string; expires_at: number | null; updated_at: string }[];
    return rows.map((r) => ({ impu: r.impu, data: JSON.parse(r.data) as Record<string, unknown>, expiresAt: r.expires_at, updatedAt: r.updated_at }));
  }

  get(impu: string): StoredRegistration | undefined {
    return this.list().find((r) => r.impu === impu);
  }

  /** Records the S-CSCF serving `impu`; a write only when it changes. */
  assign(impu: string, scscf: string): void {
    if (this.assignment(impu) === scscf) return;
    this.#sql.assign.run(impu, scscf, new Date(this.#now()).toISOString());
    this.#assignments.set(impu, scscf);
  }

  assignment(impu: string): string | null {
    const known = this.#assignments.get(impu);
    if (known !== undefined) return known;
    const row = this.#sql.assignment.get(impu) as { scscf: string } | undefined;
    const scscf = row?.scscf ?? null;
    if (this.#assignments.size > 100_000) this.#assignments.clear();
    this.#assignments.set(impu, scscf);
    return scscf;
  }
}
