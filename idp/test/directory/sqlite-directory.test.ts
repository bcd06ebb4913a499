// The employee directory over SQLite: scrypt passwords, validation with coded errors, search,
// photos, TOTP secrets; and the demo data of issue 2, item 9.
import { describe, expect, it } from 'vitest';
import { openDatabase, migrate } from '@eims/store';
import { seedDemoDirectory } from '../../src/demo/demo-data.ts';
import { SqliteDirectory } from '../../src/directory/sqlite-directory.ts';
import { IdpError } from '../../src/errors.ts';
import { totpCode, verifyTotp } from '../../src/directory/totp.ts';

function fresh(): SqliteDirectory {
  return new SqliteDirectory(openDatabase(':memory:'));
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof IdpError ? error.code : 'not an IdpError';
  }
  return undefined;
}

describe('SqliteDirectory', () => {
  it('seeds Acme Corp on first start: alice, bob, carol and it-admin, with photos', () => {
    const directory = fresh();
    expect(seedDemoDirectory(directory, 'Acme-demo-1')).toBe(true);
    expect(seedDemoDirectory(directory, 'Acme-demo-1')).toBe(false);
    const people = directory.list().map((e) => [e.username, e.displayName, e.title, e.e164, e.role, e.hasPhoto]);
    expect(people).toEqual(
      expect.arrayContaining([
        ['alice', 'Alice Avery', 'Sales Director', '+12025550101', 'employee', true],
        ['bob', 'Bob Baker', 'Support Engineer', '+12025550102', 'employee', true],
        ['carol', 'Carol Chen', 'CFO', '+12025550103', 'employee', true],
        ['it-admin', 'IT Administrator', 'IT Administrator', null, 'admin', true],
      ]),
    );
    expect(directory.verifyPassword('alice', 'Acme-demo-1')?.username).toBe('alice');
  });

  it('checks passwords with scrypt: wrong password and unknown user both give undefined', () => {
    const directory = fresh();
    directory.add({ username: 'Eve', displayName: 'Eve Example', title: 'Analyst', department: 'Risk', e164: '+12025550150', password: 'correct horse' });
    expect(directory.verifyPassword('eve', 'correct horse')?.displayName).toBe('Eve Example');
    expect(directory.verifyPassword('EVE ', 'correct horse')?.username).toBe('eve');
    expect(directory.verifyPassword('eve', 'Correct horse')).toBeUndefined();
    expect(directory.verifyPassword('nobody', 'correct horse')).toBeUndefined();
  });

  it('refuses bad input with ERR_IDP_INVALID_INPUT / ERR_IDP_CONFLICT and leaves the directory unchanged', () => {
    const directory = fresh();
    seedDemoDirectory(directory, 'Acme-demo-1');
    const before = JSON.stringify(directory.list());
    const base = { displayName: 'X Y', title: '', department: '', e164: null, password: 'long enough pw' };
    expect(codeOf(() => directory.add({ ...base, username: 'bad name!' }))).toBe('ERR_IDP_INVALID_INPUT');
    expect(codeOf(() => directory.add({ ...base, username: 'x', e164: '2025550101' }))).toBe('ERR_IDP_INVALID_INPUT');
    expect(codeOf(() => directory.add({ ...base, username: 'x', password: 'short' }))).toBe('ERR_IDP_INVALID_INPUT');
    expect(codeOf(() => directory.add({ ...base, username: 'alice' }))).toBe('ERR_IDP_CONFLICT');
    expect(codeOf(() => directory.add({ ...base, username: 'x', e164: '+12025550101' }))).toBe('ERR_IDP_CONFLICT');
    expect(codeOf(() => directory.add({ ...base, username: 'x', photo: { contentType: 'text/html', data: new Uint8Array(3) } }))).toBe('ERR_IDP_INVALID_INPUT');
    expect(codeOf(() => directory.update('no-such-id', { title: 'x' }))).toBe('ERR_IDP_NOT_FOUND');
    expect(codeOf(() => directory.remove('no-such-id'))).toBe('ERR_IDP_NOT_FOUND');
    expect(JSON.stringify(directory.list())).toBe(before);
  });

  it('updates, searches, disables and removes', () => {
    const directory = fresh();
    seedDemoDirectory(directory, 'Acme-demo-1');
    const bob = directory.findByUsername('bob')!;
    expect(directory.update(bob.id, { title: 'Support Lead', password: 'new password 1' }).title).toBe('Support Lead');
    expect(directory.verifyPassword('bob', 'new password 1')).toBeDefined();
    expect(directory.search('support').map((e) => e.username)).toEqual(['bob']);
    expect(directory.search('5550103').map((e) => e.username)).toEqual(['carol']);
    expect(directory.search('100%')).toEqual([]);
    expect(directory.setStatus(bob.id, 'disabled').status).toBe('disabled');
    directory.remove(bob.id);
    expect(directory.get(bob.id)).toBeUndefined();
    expect(directory.photo(bob.id)).toBeUndefined();
  });

  it('stores a TOTP secret whose codes verify (RFC 6238 test vector)', () => {
    // RFC 6238 Appendix B: SHA-1 secret "12345678901234567890" at T=59 s gives 94287082 (8 digits);
    // the 6-digit code is its last six digits.
    const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    expect(totpCode(secret, 59_000)).toBe('287082');
    expect(verifyTotp(secret, '287082', 59_000)).toBe(true);
    expect(verifyTotp(secret, '287082', 59_000 + 120_000)).toBe(false);
    const directory = fresh();
    seedDemoDirectory(directory, 'Acme-demo-1');
    const alice = directory.findByUsername('alice')!;
    expect(directory.setTotpSecret(alice.id, secret).totpEnabled).toBe(true);
    expect(directory.totpSecretOf(alice.id)).toBe(secret);
  });

  it('records migrations once (migrate helper)', () => {
    const db = openDatabase(':memory:');
    expect(migrate(db, 'x-1', 'CREATE TABLE x (a INTEGER)')).toBe(true);
    expect(migrate(db, 'x-1', 'CREATE TABLE x (a INTEGER)')).toBe(false);
  });
});
