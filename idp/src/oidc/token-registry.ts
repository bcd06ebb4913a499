// oidc-provider does not store JWT access tokens (RFC 9068), so it can neither revoke (RFC 7009)
// nor introspect (RFC 7662) them. This registry records each issued token's `jti` with its grant
// and account, and a revocation mark, which introspection checks.
import type { Database } from '@eims/store';
import { migrate } from '@eims/store';

const SCHEMA = `
CREATE TABLE jwt_access_tokens (
  jti TEXT PRIMARY KEY,
  grant_id TEXT,
  account_id TEXT,
  client_id TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE INDEX jwt_access_tokens_grant ON jwt_access_tokens (grant_id);
CREATE INDEX jwt_access_tokens_account ON jwt_access_tokens (account_id);`;

export interface IssuedAccessToken {
  jti: string;
  grantId: string | undefined;
  accountId: string | undefined;
  clientId: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

export interface AccessTokenRecord {
  grantId: string | null;
  accountId: string | null;
  clientId: string;
  revoked: boolean;
}

export class TokenRegistry {
  readonly #now: () => number;
  readonly #statements;

  constructor(db: Database, now: () => number = Date.now) {
    migrate(db, 'jwt-access-tokens-1', SCHEMA);
    this.#now = now;
    this.#statements = {
      record: db.prepare(
        'INSERT OR REPLACE INTO jwt_access_tokens (jti, grant_id, account_id, client_id, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, NULL)',
      ),
      find: db.prepare('SELECT grant_id, account_id, client_id, revoked_at FROM jwt_access_tokens WHERE jti = ?'),
      revoke: db.prepare('UPDATE jwt_access_tokens SET revoked_at = ? WHERE jti = ? AND revoked_at IS NULL'),
      revokeGrant: db.prepare('UPDATE jwt_access_tokens SET revoked_at = ? WHERE grant_id = ? AND revoked_at IS NULL'),
      revokeAccount: db.prepare('UPDATE jwt_access_tokens SET revoked_at = ? WHERE account_id = ? AND revoked_at IS NULL'),
      prune: db.prepare('DELETE FROM jwt_access_tokens WHERE expires_at <= ?'),
    };
  }

  record(token: IssuedAccessToken): void {
    this.#statements.record.run(token.jti, token.grantId ?? null, token.accountId ?? null, token.clientId, token.exp * 1000);
  }

  find(jti: string): AccessTokenRecord | undefined {
    const row = this.#statements.find.get(jti) as
      | { grant_id: string | null; account_id: string | null; client_id: string; revoked_at: number | null }
      | undefined;
    return row && { grantId: row.grant_id, accountId: row.account_id, clientId: row.client_id, revoked: row.revoked_at !== null };
  }

  revoke(jti: string): void {
    this.#statements.revoke.run(this.#now(), jti);
  }

  revokeGrant(grantId: string): void {
    this.#statements.revokeGrant.run(this.#now(), grantId);
  }

  revokeAccount(accountId: string): void {
    this.#statements.revokeAccount.run(this.#now(), accountId);
  }

  prune(): void {
    this.#statements.prune.run(this.#now());
  }
}
