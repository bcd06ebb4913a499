// Persistence for every oidc-provider model (sessions, interactions, grants, codes, access and
// refresh tokens...) in one SQLite table, so a restart of the IdP loses nothing (issue 2, item 2).
// The account id is kept in its own column so all of an employee's state can be destroyed at once.
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Database } from '@eims/store';
import { migrate } from '@eims/store';
import type { TokenRegistry } from './token-registry.ts';

const SCHEMA = `
CREATE TABLE oidc_models (
  model TEXT NOT NULL,
  id TEXT NOT NULL,
  payload TEXT NOT NULL,
  grant_id TEXT,
  user_code TEXT,
  uid TEXT,
  account_id TEXT,
  expires_at INTEGER,
  consumed_at INTEGER,
  PRIMARY KEY (model, id)
);
CREATE INDEX oidc_models_grant ON oidc_models (grant_id) WHERE grant_id IS NOT NULL;
CREATE INDEX oidc_models_uid ON oidc_models (uid) WHERE uid IS NOT NULL;
CREATE INDEX oidc_models_user_code ON oidc_models (user_code) WHERE user_code IS NOT NULL;
CREATE INDEX oidc_models_account ON oidc_models (account_id) WHERE account_id IS NOT NULL;
CREATE INDEX oidc_models_expiry ON oidc_models (expires_at) WHERE expires_at IS NOT NULL;`;

/** Models that hold an employee's sign-in state (destroyed when all their sessions are revoked). */
const ACCOUNT_MODELS = [
  'Session',
  'Grant',
  'AuthorizationCode',
  'AccessToken',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
  'Interaction',
] as const;

interface Row {
  payload: string;
  expires_at: number | null;
  consumed_at: number | null;
}

/** The SQLite store behind the adapter; `adapterClass()` gives oidc-provider its constructor. */
export class OidcStore {
  readonly #db: Database;
  readonly #now: () => number;
  readonly #registry: TokenRegistry;
  readonly #statements;

  constructor(db: Database, registry: TokenRegistry, now: () => number = Date.now) {
    migrate(db, 'oidc-1', SCHEMA);
    this.#db = db;
    this.#now = now;
    this.#registry = registry;
    this.#statements = {
      upsert: db.prepare(
        `INSERT INTO oidc_models (model, id, payload, grant_id, user_code, uid, account_id, expires_at, consumed_at)
         VALUES (@model, @id, @payload, @grantId, @userCode, @uid, @accountId, @expiresAt, NULL)
         ON CONFLICT (model, id) DO UPDATE SET payload = excluded.payload, grant_id = excluded.grant_id,
           user_code = excluded.user_code, uid = excluded.uid, account_id = excluded.account_id, expires_at = excluded.expires_at`,
      ),
      find: db.prepare('SELECT payload, expires_at, consumed_at FROM oidc_models WHERE model = ? AND id = ?'),
      findByUid: db.prepare('SELECT payload, expires_at, consumed_at FROM oidc_models WHERE model = ? AND uid = ?'),
      findByUserCode: db.prepare('SELECT payload, expires_at, consumed_at FROM oidc_models WHERE model = ? AND user_code = ?'),
      consume: db.prepare('UPDATE oidc_models SET consumed_at = ? WHERE model = ? AND id = ?'),
      destroy: db.prepare('DELETE FROM oidc_models WHERE model = ? AND id = ?'),
      revokeByGrant: db.prepare('DELETE FROM oidc_models WHERE model = ? AND grant_id = ?'),
      grantAlive: db.prepare(
        "SELECT 1 FROM oidc_models WHERE model = 'Grant' AND id = ? AND (expires_at IS NULL OR expires_at > ?)",
      ),
      destroyAccount: db.prepare(
        `DELETE FROM oidc_models WHERE account_id = ? AND model IN (${ACCOUNT_MODELS.map((m) => `'${m}'`).join(', ')})`,
      ),
      prune: db.prepare('DELETE FROM oidc_models WHERE expires_at IS NOT NULL AND expires_at <= ?'),
    };
  }

  /** A class oidc-provider instantiates once per model name (`adapter` configuration). */
  adapterClass(): new (name: string) => Adapter {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the adapter class closes over its store
    const store = this;
    return class SqliteAdapter implements Adapter {
      readonly #model: string;
      constructor(name: string) {
        this.#model = name;
      }
      async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
        store.upsert(this.#model, id, payload, expiresIn);
      }
      async find(id: string): Promise<AdapterPayload | undefined> {
        return store.read(store.#statements.find.get(this.#model, id) as Row | undefined);
      }
      async findByUid(uid: string): Promise<AdapterPayload | undefined> {
        return store.read(store.#statements.findByUid.get(this.#model, uid) as Row | undefined);
      }
      async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
        return store.read(store.#statements.findByUserCode.get(this.#model, userCode) as Row | undefined);
      }
      async consume(id: string): Promise<void> {
        store.#statements.consume.run(Math.floor(store.#now() / 1000), this.#model, id);
      }
      async destroy(id: string): Promise<void> {
        store.#statements.destroy.run(this.#model, id);
      }
      async revokeByGrantId(grantId: string): Promise<void> {
        store.#statements.revokeByGrant.run(this.#model, grantId);
        // JWT access tokens are not stored by oidc-provider; revoke the ones we recorded.
        if (this.#model === 'AccessToken') store.#registry.revokeGrant(grantId);
      }
    };
  }

  upsert(model: string, id: string, payload: AdapterPayload, expiresIn?: number): void {
    this.#statements.upsert.run({
      model,
      id,
      payload: JSON.stringify(payload),
      grantId: payload.grantId ?? null,
      userCode: payload.userCode ?? null,
      uid: payload.uid ?? null,
      accountId: payload.accountId ?? null,
      expiresAt: expiresIn ? this.#now() + expiresIn * 1000 : null,
    });
  }

  read(row: Row | undefined): AdapterPayload | undefined {
    if (!row) return undefined;
    if (row.expires_at !== null && row.expires_at <= this.#now()) return undefined;
    const payload = JSON.parse(row.payload) as AdapterPayload;
    if (row.consumed_at !== null) payload.consumed = row.consumed_at;
    return payload;
  }

  /** True while the grant exists and has not expired (revocation destroys it). */
  grantAlive(grantId: string): boolean {
    return this.#statements.grantAlive.get(grantId, this.#now()) !== undefined;
  }

  /** Destroys every session, grant, code and token of an account; returns how many rows went. */
  destroyAccount(accountId: string): number {
    return this.#db.transaction(() => {
      this.#registry.revokeAccount(accountId);
      return this.#statements.destroyAccount.run(accountId).changes;
    })();
  }

  /** Deletes expired rows. */
  prune(): void {
    this.#statements.prune.run(this.#now());
    this.#registry.prune();
  }
}
