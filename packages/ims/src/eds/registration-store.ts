// Registration state the S-CSCF keeps at the EDS for restoration after a restart (TS 23.380
// style): per IMPU an opaque JSON document (contacts, path, expiry, flow), plus the S-CSCF
// assigned to the user at its last authenticated REGISTER.
import { migrate, type Database } from '@eims/store';

export interface StoredRegistration {
  impu: string;
  /** Whatever the S-CSCF saved (contacts, path, expiry, flow information). */
  data: Record<string, unknown>;
  /** ms since the epoch; null: kept until deleted. */
  expiresAt: number | null;
  updatedAt: string;
}

export class RegistrationStore {
  readonly #db: Database;
  readonly #now: () => number;

  constructor(db: Database, now: () => number) {
    this.#db = db;
    this.#now = now;
    migrate(
      db,
      'eds-registrations-1',
      `CREATE TABLE eds_registrations (impu TEXT PRIMARY KEY, data TEXT NOT NULL, expires_at INTEGER, updated_at TEXT NOT NULL);
       CREATE TABLE eds_scscf_assignments (impu TEXT PRIMARY KEY, scscf TEXT NOT NULL, assigned_at TEXT NOT NULL);`,
    );
  }

  save(impu: string, data: Record<string, unknown>): StoredRegistration {
    const expires = typeof data['expiresAt'] === 'number' && Number.isFinite(data['expiresAt']) ? Math.trunc(data['expiresAt']) : null;
    const at = new Date(this.#now()).toISOString();
    this.#db
      .prepare('INSERT INTO eds_registrations (impu, data, expires_at, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(impu) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at, updated_at = excluded.updated_at')
      .run(impu, JSON.stringify(data), expires, at);
    return { impu, data, expiresAt: expires, updatedAt: at };
  }

  delete(impu: string): boolean {
    return this.#db.prepare('DELETE FROM eds_registrations WHERE impu = ?').run(impu).changes > 0;
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

  assign(impu: string, scscf: string): void {
    this.#db
      .prepare('INSERT INTO eds_scscf_assignments (impu, scscf, assigned_at) VALUES (?, ?, ?) ON CONFLICT(impu) DO UPDATE SET scscf = excluded.scscf, assigned_at = excluded.assigned_at')
      .run(impu, scscf, new Date(this.#now()).toISOString());
  }

  assignment(impu: string): string | null {
    const row = this.#db.prepare('SELECT scscf FROM eds_scscf_assignments WHERE impu = ?').get(impu) as { scscf: string } | undefined;
    return row?.scscf ?? null;
  }
}
