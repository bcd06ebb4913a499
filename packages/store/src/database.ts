// One SQLite database per service (better-sqlite3): each module of the service creates its own
// tables through `migrate`, so modules share one file and one transaction scope.
import BetterSqlite3 from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { StoreError } from './store-error.ts';

export type Database = BetterSqlite3.Database;
/** A prepared statement: prepare once, run many times. */
export type Statement = BetterSqlite3.Statement;

/**
 * Opens (creating if needed) the database file with WAL journaling and foreign keys on.
 *
 * @example
 * const db = openDatabase(join(dataDir, 'idp.sqlite'));
 * migrate(db, 'audit-1', 'CREATE TABLE audit (id INTEGER PRIMARY KEY, at INTEGER NOT NULL)');
 */
export function openDatabase(file: string): Database {
  try {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const db = new BetterSqlite3(file);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    // WAL with NORMAL sync is durable across process crashes (not power loss), which is the
    // restart guarantee the services give; FULL would fsync every token write.
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name TEXT PRIMARY KEY,
      applied_at INTEGER NOT NULL
    )`);
    return db;
  } catch (cause) {
    throw new StoreError('ERR_STORE_OPEN', `Cannot open the database at ${file}: ${(cause as Error).message}`, { cause });
  }
}

/**
 * Applies `sql` once under the unique `name` (e.g. `directory-1`), inside a transaction, and
 * records it in `schema_migrations`. Returns true when it ran now, false when already applied.
 */
export function migrate(db: Database, name: string, sql: string): boolean {
  const applied = db.prepare('SELECT 1 FROM schema_migrations WHERE name = ?').get(name);
  if (applied) return false;
  db.transaction(() => {
    db.exec(sql);
    db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)').run(name, Date.now());
  })();
  return true;
}
