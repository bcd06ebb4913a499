// Back-off after repeated failed sign-ins for one username (issue 2, item 3): the first few
// failures in a window are free; after that every further failure locks the username for a
// doubling period. Counters live in SQLite so a restart does not reset them.
import type { Database } from '@eims/store';
import { migrate } from '@eims/store';

export interface BackoffPolicy {
  /** Failures allowed within `windowMs` before locking. */
  freeFailures: number;
  windowMs: number;
  /** Lock after the first failure beyond the free ones; doubles with each further failure. */
  baseLockMs: number;
  maxLockMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { freeFailures: 5, windowMs: 15 * 60_000, baseLockMs: 30_000, maxLockMs: 15 * 60_000 };

export type BackoffCheck = { ok: true } | { ok: false; retryAfterSeconds: number };

export class LoginBackoff {
  readonly #policy: BackoffPolicy;
  readonly #statements;

  constructor(db: Database, policy: BackoffPolicy = DEFAULT_BACKOFF) {
    migrate(
      db,
      'login-backoff-1',
      `CREATE TABLE login_failures (
        username TEXT PRIMARY KEY,
        failures INTEGER NOT NULL,
        window_start INTEGER NOT NULL,
        locked_until INTEGER NOT NULL
      )`,
    );
    this.#policy = policy;
    this.#statements = {
      get: db.prepare('SELECT failures, window_start, locked_until FROM login_failures WHERE username = ?'),
      put: db.prepare(
        `INSERT INTO login_failures (username, failures, window_start, locked_until) VALUES (?, ?, ?, ?)
         ON CONFLICT (username) DO UPDATE SET failures = excluded.failures, window_start = excluded.window_start, locked_until = excluded.locked_until`,
      ),
      clear: db.prepare('DELETE FROM login_failures WHERE username = ?'),
      prune: db.prepare('DELETE FROM login_failures WHERE window_start < ? AND locked_until < ?'),
    };
  }

  check(username: string, now: number): BackoffCheck {
    const row = this.#row(username);
    if (row && row.locked_until > now) return { ok: false, retryAfterSeconds: Math.ceil((row.locked_until - now) / 1000) };
    return { ok: true };
  }

  /** Records a failure; returns the lock now in force, if any. */
  fail(username: string, now: number): BackoffCheck {
    const row = this.#row(username);
    const fresh = !row || now - row.window_start > this.#policy.windowMs;
    const failures = fresh ? 1 : row.failures + 1;
    const windowStart = fresh ? now : row.window_start;
    const over = failures - this.#policy.freeFailures;
    const lockedUntil = over > 0 ? now + Math.min(this.#policy.baseLockMs * 2 ** (over - 1), this.#policy.maxLockMs) : 0;
    this.#statements.put.run(key(username), failures, windowStart, lockedUntil);
    return lockedUntil > now ? { ok: false, retryAfterSeconds: Math.ceil((lockedUntil - now) / 1000) } : { ok: true };
  }

  succeed(username: string): void {
    this.#statements.clear.run(key(username));
  }

  /** Forgets counters whose window and lock are both over (keeps the table small). */
  prune(now: number): void {
    this.#statements.prune.run(now - this.#policy.windowMs, now);
  }

  #row(username: string): { failures: number; window_start: number; locked_until: number } | undefined {
    return this.#statements.get.get(key(username)) as { failures: number; window_start: number; locked_until: number } | undefined;
  }
}

function key(username: string): string {
  return username.trim().toLowerCase().slice(0, 128);
}
