// The CDR store: append-only SQLite table, each record hash-chained to the one before, plus a
// head row naming the last sequence number and hash, so a changed, removed, reordered or
// truncated record is detected by `verify()`. Triggers refuse UPDATE and DELETE; the chain
// catches whoever drops them.
import { migrate, type Database, type Statement } from '@eims/store';
import { assertNever, ImsError, IMS_ERROR_CODES } from '../errors.ts';
import { CDR_DISPOSITIONS, CDR_FIELDS, GENESIS_HASH, cdrHash, type Cdr, type CdrInput } from './cdr.ts';

export type CdrVerification =
  | { ok: true; count: number; headHash: string }
  | { ok: false; seq: number; reason: 'changed' | 'removed' | 'reordered'; message: string };

interface CdrRow {
  seq: number;
  call_id: string;
  enterprise_id: string | null;
  charged_party: string;
  third_party_id: string | null;
  presented_e164: string;
  called_party: string;
  started_at: string;
  answered_at: string | null;
  ended_at: string;
  disposition: Cdr['disposition'];
  cause: string;
  attestation: Cdr['attestation'];
  verstat: string | null;
  prev_hash: string;
  hash: string;
}

export class CdrStore {
  readonly #db: Database;
  readonly #readHead: Statement;
  readonly #insert: Statement;
  readonly #writeHead: Statement;

  constructor(db: Database) {
    this.#db = db;
    migrate(
      db,
      'billing-cdr-1',
      `CREATE TABLE cdrs (
        seq INTEGER PRIMARY KEY, call_id TEXT NOT NULL, enterprise_id TEXT, charged_party TEXT NOT NULL, third_party_id TEXT,
        presented_e164 TEXT NOT NULL, called_party TEXT NOT NULL, started_at TEXT NOT NULL, answered_at TEXT, ended_at TEXT NOT NULL,
        disposition TEXT NOT NULL, cause TEXT NOT NULL, attestation TEXT, verstat TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
      CREATE TABLE cdr_head (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, hash TEXT NOT NULL);
      INSERT INTO cdr_head (id, seq, hash) VALUES (1, 0, '${GENESIS_HASH}');
      CREATE TRIGGER cdrs_no_update BEFORE UPDATE ON cdrs BEGIN SELECT RAISE(ABORT, 'CDRs are append-only'); END;
      CREATE TRIGGER cdrs_no_delete BEFORE DELETE ON cdrs BEGIN SELECT RAISE(ABORT, 'CDRs are append-only'); END;`,
    );
    // Prepared once: append runs on every call's end.
    this.#readHead = db.prepare('SELECT seq, hash FROM cdr_head WHERE id = 1');
    this.#insert = db.prepare(
      `INSERT INTO cdrs (seq, call_id, enterprise_id, charged_party, third_party_id, presented_e164, called_party, started_at, answered_at, ended_at, disposition, cause, attestation, verstat, prev_hash, hash)
       VALUES (@seq, @callId, @enterpriseId, @chargedParty, @thirdPartyId, @presentedE164, @calledParty, @startedAt, @answeredAt, @endedAt, @disposition, @cause, @attestation, @verstat, @prevHash, @hash)`,
    );
    this.#writeHead = db.prepare('UPDATE cdr_head SET seq = ?, hash = ? WHERE id = 1');
  }

  /** Appends one record (committed before it returns, so it survives a crash right after). */
  append(input: CdrInput): Cdr {
    return this.appendAll([input])[0]!;
  }

  /**
   * Appends records in order, chained, in one transaction (committed before it returns): what
   * arrives together is stored together. A record that fails validation stores none of them.
   */
  appendAll(inputs: readonly CdrInput[]): Cdr[] {
    for (const input of inputs) validate(input);
    return this.#db.transaction((): Cdr[] => {
      let head = this.#readHead.get() as { seq: number; hash: string };
      const iso = (ms: number): string => new Date(ms).toISOString();
      const records: Cdr[] = [];
      for (const input of inputs) {
        const unsigned: Omit<Cdr, 'hash'> = {
          seq: head.seq + 1,
          callId: input.callId,
          enterpriseId: input.enterpriseId,
          chargedParty: input.chargedParty,
          thirdPartyId: input.thirdPartyId,
          presentedE164: input.presentedE164,
          calledParty: input.calledParty,
          startedAt: iso(input.startedAt),
          answeredAt: input.answeredAt === null ? null : iso(input.answeredAt),
          endedAt: iso(input.endedAt),
          disposition: input.disposition,
          cause: input.cause,
          attestation: input.attestation,
          verstat: input.verstat,
          prevHash: head.hash,
        };
        const record: Cdr = { ...unsigned, hash: cdrHash(unsigned) };
        this.#insert.run(record);
        records.push(record);
        head = { seq: record.seq, hash: record.hash };
      }
      if (records.length > 0) this.#writeHead.run(head.seq, head.hash);
      return records;
    })();
  }

  list(): Cdr[] {
    return (this.#db.prepare('SELECT * FROM cdrs ORDER BY rowid').all() as CdrRow[]).map(toCdr);
  }

  /** Walks the chain from the genesis hash to the head; the first break is reported. */
  verify(): CdrVerification {
    const records = this.list();
    let prevHash = GENESIS_HASH;
    let expectedSeq = 1;
    const byPrev = new Map(records.map((r) => [r.prevHash, r]));
    for (const record of records) {
      if (record.seq !== expectedSeq) {
        if (record.seq < expectedSeq || records.some((r) => r.seq === expectedSeq)) {
          return broken(expectedSeq, 'reordered', `Record ${record.seq} is stored where record ${expectedSeq} belongs.`);
        }
        return broken(expectedSeq, 'removed', `Record ${expectedSeq} is missing (the next stored record is ${record.seq}).`);
      }
      if (record.prevHash !== prevHash) {
        const reason = byPrev.get(prevHash) ? 'reordered' : 'removed';
        return broken(record.seq, reason, `Record ${record.seq} does not follow the record before it (its prevHash differs).`);
      }
      if (cdrHash(record) !== record.hash) return broken(record.seq, 'changed', `Record ${record.seq} was changed after it was written (its hash no longer matches its content).`);
      prevHash = record.hash;
      expectedSeq++;
    }
    const head = this.#readHead.get() as { seq: number; hash: string };
    if (head.seq !== expectedSeq - 1 || head.hash !== prevHash) {
      return broken(expectedSeq, 'removed', `The last ${head.seq - (expectedSeq - 1)} record(s) are missing: the chain ends at ${expectedSeq - 1}, the head names ${head.seq}.`);
    }
    return { ok: true, count: records.length, headHash: prevHash };
  }

  export(format: 'csv' | 'json'): string {
    const records = this.list();
    switch (format) {
      case 'json':
        return `${JSON.stringify(records, null, 2)}\n`;
      case 'csv':
        return [CDR_FIELDS.join(','), ...records.map((r) => CDR_FIELDS.map((f) => csvField(r[f])).join(','))].join('\r\n') + '\r\n';
      default:
        return assertNever(format);
    }
  }
}

function broken(seq: number, reason: 'changed' | 'removed' | 'reordered', message: string): CdrVerification {
  return { ok: false, seq, reason, message };
}

/** RFC 4180: quote fields holding a comma, quote or line break; double inner quotes. */
function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function validate(input: CdrInput): void {
  const bad = (m: string): never => {
    throw new ImsError(IMS_ERROR_CODES.cdrInvalid, `Invalid CDR: ${m}`);
  };
  if (!CDR_DISPOSITIONS.includes(input.disposition)) bad(`disposition "${String(input.disposition)}" is not one of ${CDR_DISPOSITIONS.join(', ')}.`);
  for (const t of [input.startedAt, input.endedAt]) if (!Number.isFinite(t)) bad('startedAt and endedAt must be times in ms.');
  if (input.answeredAt !== null && !Number.isFinite(input.answeredAt)) bad('answeredAt must be a time in ms or null.');
  if (input.endedAt < input.startedAt) bad('the call ends before it starts.');
  if (input.callId === '' || input.chargedParty === '' || input.calledParty === '') bad('callId, chargedParty and calledParty are required.');
}

function toCdr(r: CdrRow): Cdr {
  return {
    seq: r.seq,
    callId: r.call_id,
    enterpriseId: r.enterprise_id,
    chargedParty: r.charged_party,
    thirdPartyId: r.third_party_id,
    presentedE164: r.presented_e164,
    calledParty: r.called_party,
    startedAt: r.started_at,
    answeredAt: r.answered_at,
    endedAt: r.ended_at,
    disposition: r.disposition,
    cause: r.cause,
    attestation: r.attestation,
    verstat: r.verstat,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}
