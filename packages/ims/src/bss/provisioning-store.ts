// The BSS's provisioning data in SQLite: enterprises with their number ranges, and subscribers.
// Conflicts are checked inside the write transaction, so two concurrent requests cannot both win.
import { createHash, randomUUID } from 'node:crypto';
import { migrate, type Database } from '@eims/store';
import type { Result } from '../errors.ts';
import type { Enterprise, EnterpriseInput, NumberRange, Subscriber, SubscriberInput } from './enterprise.ts';
import { inRange, rangesOverlap } from './number-range.ts';

export interface ConflictError {
  code: 'number_conflict' | 'duplicate_domain' | 'duplicate_subscriber' | 'not_found' | 'impu_mismatch';
  message: string;
}

interface EnterpriseRow {
  id: string;
  name: string;
  domain: string;
  pbx_ca_pem: string | null;
  pbx_address: string | null;
  number_ranges: string;
  idp_issuer: string;
  introspection_endpoint: string;
  if4_cert_pem: string;
  if4_key_pem: string;
  idp_ca_pem: string;
  set_audience: string | null;
  created_at: string;
  updated_at: string;
}

interface SubscriberRow {
  impu: string;
  e164: string;
  digest_username: string;
  digest_realm: string;
  ha1_sha256: string;
  created_at: string;
}

export type ProvisioningChange = { kind: 'enterprise'; id: string } | { kind: 'subscriber'; impu: string };

export class ProvisioningStore {
  readonly #db: Database;
  readonly #realm: string;
  readonly #now: () => number;
  readonly #listeners = new Set<(change: ProvisioningChange) => void>();
  /**
   * The enterprises as stored; undefined after a write, read again on the next lookup. So every
   * write hands out new objects: the EDS tells a changed enterprise by identity.
   */
  #enterprises: readonly Enterprise[] | undefined;

  constructor(db: Database, options: { realm: string; now?: () => number }) {
    this.#db = db;
    this.#realm = options.realm;
    this.#now = options.now ?? Date.now;
    migrate(
      db,
      'bss-1',
      `CREATE TABLE bss_enterprises (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, domain TEXT NOT NULL UNIQUE, pbx_ca_pem TEXT,
        number_ranges TEXT NOT NULL, idp_issuer TEXT NOT NULL, introspection_endpoint TEXT NOT NULL,
        if4_cert_pem TEXT NOT NULL, if4_key_pem TEXT NOT NULL, idp_ca_pem TEXT NOT NULL, set_audience TEXT,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
      CREATE TABLE bss_subscribers (
        impu TEXT PRIMARY KEY, e164 TEXT NOT NULL UNIQUE, digest_username TEXT NOT NULL, digest_realm TEXT NOT NULL,
        ha1_sha256 TEXT NOT NULL, created_at TEXT NOT NULL);`,
    );
    migrate(db, 'bss-2-pbx-address', 'ALTER TABLE bss_enterprises ADD COLUMN pbx_address TEXT;');
  }

  /** Called after every committed change (the EDS tells IF2 subscribers). */
  onChange(listener: (change: ProvisioningChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Every enterprise, by name. Read once and kept (frozen) until a change here: the S-CSCF, the
   * EDS and the IBCF look enterprises up by domain or number on every REGISTER and INVITE.
   */
  listEnterprises(): readonly Enterprise[] {
    this.#enterprises ??= (this.#db.prepare('SELECT * FROM bss_enterprises ORDER BY name, id').all() as EnterpriseRow[]).map((row) => freezeEnterprise(toEnterprise(row)));
    return this.#enterprises;
  }

  enterprise(id: string): Enterprise | undefined {
    return this.listEnterprises().find((e) => e.id === id);
  }

  enterpriseByDomain(domain: string): Enterprise | undefined {
    const key = domain.toLowerCase();
    return this.listEnterprises().find((e) => e.domain === key);
  }

  enterprisesByIssuer(issuer: string): Enterprise[] {
    const key = issuer.replace(/\/+$/, '');
    return this.listEnterprises().filter((e) => e.idpIssuer === key);
  }

  /** The enterprise whose ranges hold `e164`, if any. */
  enterpriseByNumber(e164: string): Enterprise | undefined {
    return this.listEnterprises().find((e) => e.numberRanges.some((r) => inRange(e164, r)));
  }

  addEnterprise(input: EnterpriseInput): Result<Enterprise, ConflictError> {
    return this.#writeEnterprise(randomUUID(), input, undefined);
  }

  replaceEnterprise(id: string, input: EnterpriseInput): Result<Enterprise, ConflictError> {
    const existing = this.enterprise(id);
    if (!existing) return { ok: false, error: { code: 'not_found', message: `No enterprise with id ${id}.` } };
    return this.#writeEnterprise(id, input, existing.createdAt);
  }

  removeEnterprise(id: string): boolean {
    const removed = this.#db.prepare('DELETE FROM bss_enterprises WHERE id = ?').run(id).changes > 0;
    this.#enterprises = undefined;
    if (removed) this.#emit({ kind: 'enterprise', id });
    return removed;
  }

  listSubscribers(): Subscriber[] {
    return (this.#db.prepare('SELECT * FROM bss_subscribers ORDER BY impu').all() as SubscriberRow[]).map(toSubscriber);
  }

  /** By IMPU (`sip:dave@...`) or by `tel:+E164`. */
  subscriber(id: string): Subscriber | undefined {
    const tel = /^tel:(\+\d+)$/.exec(id);
    const row = tel
      ? (this.#db.prepare('SELECT * FROM bss_subscribers WHERE e164 = ?').get(tel[1]) as SubscriberRow | undefined)
      : (this.#db.prepare('SELECT * FROM bss_subscribers WHERE impu = ?').get(id.toLowerCase()) as SubscriberRow | undefined);
    return row && toSubscriber(row);
  }

  addSubscriber(input: SubscriberInput): Result<Subscriber, ConflictError> {
    const result = this.#db.transaction((): Result<Subscriber, ConflictError> => {
      if (this.subscriber(input.impu)) return { ok: false, error: { code: 'duplicate_subscriber', message: `The subscriber ${input.impu} already exists.` } };
      const conflict = this.#numberConflict([{ from: input.e164, to: input.e164 }], undefined);
      if (conflict) return { ok: false, error: conflict };
      const ha1 = createHash('sha256').update(`${input.digestUsername}:${this.#realm}:${input.password}`).digest('hex');
      const at = new Date(this.#now()).toISOString();
      this.#db
        .prepare('INSERT INTO bss_subscribers (impu, e164, digest_username, digest_realm, ha1_sha256, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(input.impu, input.e164, input.digestUsername, this.#realm, ha1, at);
      return { ok: true, value: this.subscriber(input.impu)! };
    })();
    if (result.ok) this.#emit({ kind: 'subscriber', impu: result.value.impu });
    return result;
  }

  /** Replaces a subscriber's number and digest credentials (the IMPU stays). */
  replaceSubscriber(impu: string, input: SubscriberInput): Result<Subscriber, ConflictError> {
    const key = impu.toLowerCase();
    const result = this.#db.transaction((): Result<Subscriber, ConflictError> => {
      const existing = this.subscriber(key);
      if (!existing) return { ok: false, error: { code: 'not_found', message: `No subscriber ${impu} is provisioned.` } };
      if (input.impu !== key) return { ok: false, error: { code: 'impu_mismatch', message: `The body names ${input.impu}, the path ${key}; an IMPU cannot be renamed (remove and add it).` } };
      const others = this.listSubscribers().filter((s) => s.impu !== key && s.e164 === input.e164);
      if (others[0]) return { ok: false, error: { code: 'number_conflict', message: `${input.e164} belongs to the subscriber ${others[0].impu}.` } };
      const enterprise = this.enterpriseByNumber(input.e164);
      if (enterprise) return { ok: false, error: { code: 'number_conflict', message: `${input.e164} is inside a range allocated to ${enterprise.name} (${enterprise.id}).` } };
      const ha1 = createHash('sha256').update(`${input.digestUsername}:${this.#realm}:${input.password}`).digest('hex');
      this.#db.prepare('UPDATE bss_subscribers SET e164 = ?, digest_username = ?, digest_realm = ?, ha1_sha256 = ? WHERE impu = ?').run(input.e164, input.digestUsername, this.#realm, ha1, key);
      return { ok: true, value: this.subscriber(key)! };
    })();
    if (result.ok) this.#emit({ kind: 'subscriber', impu: key });
    return result;
  }

  removeSubscriber(impu: string): boolean {
    const removed = this.#db.prepare('DELETE FROM bss_subscribers WHERE impu = ?').run(impu.toLowerCase()).changes > 0;
    if (removed) this.#emit({ kind: 'subscriber', impu: impu.toLowerCase() });
    return removed;
  }

  #writeEnterprise(id: string, input: EnterpriseInput, createdAt: string | undefined): Result<Enterprise, ConflictError> {
    const result = this.#db.transaction((): Result<Enterprise, ConflictError> => {
      const sameDomain = this.enterpriseByDomain(input.domain);
      if (sameDomain && sameDomain.id !== id) {
        return { ok: false, error: { code: 'duplicate_domain', message: `The domain ${input.domain} is already provisioned for ${sameDomain.name} (${sameDomain.id}).` } };
      }
      const conflict = this.#numberConflict(input.numberRanges, id);
      if (conflict) return { ok: false, error: conflict };
      const at = new Date(this.#now()).toISOString();
      this.#db
        .prepare(
          `INSERT INTO bss_enterprises (id, name, domain, pbx_ca_pem, pbx_address, number_ranges, idp_issuer, introspection_endpoint, if4_cert_pem, if4_key_pem, idp_ca_pem, set_audience, created_at, updated_at)
           VALUES (@id, @name, @domain, @pbx, @pbxAddress, @ranges, @issuer, @introspection, @cert, @key, @ca, @audience, @createdAt, @updatedAt)
           ON CONFLICT(id) DO UPDATE SET name = excluded.name, domain = excluded.domain, pbx_ca_pem = excluded.pbx_ca_pem, pbx_address = excluded.pbx_address,
             number_ranges = excluded.number_ranges, idp_issuer = excluded.idp_issuer, introspection_endpoint = excluded.introspection_endpoint,
             if4_cert_pem = excluded.if4_cert_pem, if4_key_pem = excluded.if4_key_pem, idp_ca_pem = excluded.idp_ca_pem,
             set_audience = excluded.set_audience, updated_at = excluded.updated_at`,
        )
        .run({
          id,
          name: input.name,
          domain: input.domain,
          pbx: input.pbxCaCertPem,
          pbxAddress: input.pbxAddress ?? null,
          ranges: JSON.stringify(input.numberRanges),
          issuer: input.idpIssuer,
          introspection: input.introspectionEndpoint,
          cert: input.if4ClientCertPem,
          key: input.if4ClientKeyPem,
          ca: input.idpCaCertPem,
          audience: input.setAudience,
          createdAt: createdAt ?? at,
          updatedAt: at,
        });
      this.#enterprises = undefined;
      return { ok: true, value: this.enterprise(id)! };
    })();
    if (result.ok) this.#emit({ kind: 'enterprise', id });
    return result;
  }

  /** Any allocated range or subscriber number (other than enterprise `self`'s) overlapping `ranges`. */
  #numberConflict(ranges: NumberRange[], self: string | undefined): ConflictError | undefined {
    for (const range of ranges) {
      for (const other of this.listEnterprises()) {
        if (other.id === self) continue;
        const hit = other.numberRanges.find((r) => rangesOverlap(r, range));
        if (hit) return { code: 'number_conflict', message: `The numbers ${range.from}-${range.to} overlap ${hit.from}-${hit.to} allocated to ${other.name} (${other.id}).` };
      }
      const subscriber = this.listSubscribers().find((s) => inRange(s.e164, range));
      if (subscriber) return { code: 'number_conflict', message: `The numbers ${range.from}-${range.to} include ${subscriber.e164} of the subscriber ${subscriber.impu}.` };
    }
    return undefined;
  }

  #emit(change: ProvisioningChange): void {
    for (const listener of this.#listeners) listener(change);
  }
}

/** Shared by every caller of the store: nobody may change one in place. */
function freezeEnterprise(e: Enterprise): Enterprise {
  for (const r of e.numberRanges) Object.freeze(r);
  Object.freeze(e.numberRanges);
  return Object.freeze(e);
}

function toEnterprise(row: EnterpriseRow): Enterprise {
  return {
    id: row.id,
    name: row.name,
    domain: row.domain,
    pbxCaCertPem: row.pbx_ca_pem,
    pbxAddress: row.pbx_address ?? null,
    numberRanges: JSON.parse(row.number_ranges) as NumberRange[],
    idpIssuer: row.idp_issuer,
    introspectionEndpoint: row.introspection_endpoint,
    if4ClientCertPem: row.if4_cert_pem,
    if4ClientKeyPem: row.if4_key_pem,
    idpCaCertPem: row.idp_ca_pem,
    setAudience: row.set_audience,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toSubscriber(row: SubscriberRow): Subscriber {
  return { impu: row.impu, e164: row.e164, digestUsername: row.digest_username, digestRealm: row.digest_realm, ha1Sha256: row.ha1_sha256, createdAt: row.created_at };
}
