// Billing and record for audit (TR 23.700-87 steps 10/14/24/25): every call leaves a CDR in an
// append-only, hash-chained SQLite table; a changed, removed or reordered record is detected.
import { openDatabase, type Database } from '@eims/store';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CdrStore } from '../../src/billing/cdr-store.ts';
import { sampleCdr } from './sample-cdr.ts';

describe('CDR store: append-only hash chain', () => {
  let dir: string;
  let file: string;
  let db: Database;
  let cdrs: CdrStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ims-cdr-'));
    file = join(dir, 'ims.sqlite');
    db = openDatabase(file);
    cdrs = new CdrStore(db);
  });
  afterEach(() => {
    if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function appendFive(): void {
    for (let i = 0; i < 5; i++) cdrs.append(sampleCdr(i, i === 2 ? { disposition: 'busy', answeredAt: null, cause: '486', callId: 'a,"quoted"\ncall' } : {}));
  }

  it('appends several records in one transaction, chained as one by one; a bad one stores none of them', () => {
    cdrs.append(sampleCdr(0));
    const stored = cdrs.appendAll([sampleCdr(1), sampleCdr(2), sampleCdr(3)]);
    expect(stored.map((r) => r.seq)).toEqual([2, 3, 4]);
    const records = cdrs.list();
    expect(records.map((r) => r.prevHash)).toEqual(['0'.repeat(64), records[0]!.hash, records[1]!.hash, records[2]!.hash]);
    expect(() => cdrs.appendAll([sampleCdr(4), sampleCdr(5, { disposition: 'lost' as never })])).toThrow(/disposition/);
    expect(cdrs.list()).toHaveLength(4);
    cdrs.append(sampleCdr(6));
    expect(cdrs.verify()).toEqual({ ok: true, count: 5, headHash: cdrs.list()[4]!.hash });
  });

  /** What someone with the file and sqlite3 would do: drop the guard triggers, then edit. */
  function tamper(sql: string): void {
    const raw = openDatabase(file);
    raw.exec('DROP TRIGGER IF EXISTS cdrs_no_update; DROP TRIGGER IF EXISTS cdrs_no_delete;');
    raw.exec(sql);
    raw.close();
  }

  it('appends records chained from the genesis hash, and verifies them', () => {
    appendFive();
    const records = cdrs.list();
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(records[0]!.prevHash).toBe('0'.repeat(64));
    expect(records[1]!.prevHash).toBe(records[0]!.hash);
    expect(records[2]).toMatchObject({ disposition: 'busy', answeredAt: null, thirdPartyId: 'sip:alice@acme.example', presentedE164: '+12025550101', attestation: 'A' });
    expect(cdrs.verify()).toEqual({ ok: true, count: 5, headHash: records[4]!.hash });
  });

  it('refuses UPDATE and DELETE through SQL while its triggers are in place', () => {
    appendFive();
    expect(() => db.exec("UPDATE cdrs SET called_party = 'tel:+10000000000' WHERE seq = 2")).toThrow(/append-only/);
    expect(() => db.exec('DELETE FROM cdrs WHERE seq = 2')).toThrow(/append-only/);
  });

  it('detects a changed field at its sequence number', () => {
    appendFive();
    tamper("UPDATE cdrs SET ended_at = '2026-01-05T09:02:01.000Z' WHERE seq = 3");
    expect(cdrs.verify()).toMatchObject({ ok: false, seq: 3, reason: 'changed' });
  });

  it('detects a changed field even when its hash was recomputed, at the next record', () => {
    appendFive();
    const r = cdrs.list()[1]!;
    tamper(`UPDATE cdrs SET disposition = 'failed', hash = '${'f'.repeat(64)}' WHERE seq = ${r.seq}`);
    const result = cdrs.verify();
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.seq).toBeLessThanOrEqual(3);
  });

  it('detects a removed record in the middle', () => {
    appendFive();
    tamper('DELETE FROM cdrs WHERE seq = 2');
    expect(cdrs.verify()).toMatchObject({ ok: false, seq: 2, reason: 'removed' });
  });

  it('detects the last record removed (the head names it)', () => {
    appendFive();
    tamper('DELETE FROM cdrs WHERE seq = 5');
    expect(cdrs.verify()).toMatchObject({ ok: false, seq: 5, reason: 'removed' });
  });

  it('detects two records swapped', () => {
    appendFive();
    tamper(`UPDATE cdrs SET seq = -1 WHERE seq = 2; UPDATE cdrs SET seq = 2 WHERE seq = 3; UPDATE cdrs SET seq = 3 WHERE seq = -1;`);
    expect(cdrs.verify()).toMatchObject({ ok: false, seq: 2 });
  });

  it('exports CSV (RFC 4180 quoting) and JSON', () => {
    appendFive();
    const csv = cdrs.export('csv').split('\r\n');
    expect(csv[0]).toBe('seq,callId,enterpriseId,chargedParty,thirdPartyId,presentedE164,calledParty,startedAt,answeredAt,endedAt,disposition,cause,attestation,verstat,prevHash,hash');
    expect(csv[1]).toMatch(/^1,call-0@pcscf\.invalid,acme,acme,sip:alice@acme\.example,\+12025550101,tel:\+12025550999,2026-01-05T09:00:00\.000Z,/);
    expect(cdrs.export('csv')).toContain('"a,""quoted""\ncall"');
    const json = JSON.parse(cdrs.export('json')) as { seq: number; hash: string }[];
    expect(json).toHaveLength(5);
    expect(json[4]!.hash).toBe(cdrs.list()[4]!.hash);
  });

  it('refuses a CDR with an unknown disposition', () => {
    expect(() => cdrs.append(sampleCdr(0, { disposition: 'lost' as never }))).toThrow(/disposition/);
  });

  it('records appended before a kill -9 of the process survive, with the chain intact', async () => {
    db.close();
    const child = spawn(process.execPath, ['--import', 'tsx', new URL('./append-then-wait.ts', import.meta.url).pathname, file, '20'], { stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('appended 20')) resolve();
      });
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      child.on('exit', (code) => reject(new Error(`child exited (${code}): ${err}`)));
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    db = openDatabase(file);
    cdrs = new CdrStore(db);
    expect(cdrs.verify()).toMatchObject({ ok: true, count: 20 });
  });
});
