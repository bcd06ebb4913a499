import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TokenStore, type SafeStorageLike } from '../../src/main/token-store.ts';

// Stands in for Electron's safeStorage: a reversible transform with a marker, so tests can tell
// that what reached the disk is not the plaintext.
function fakeSafeStorage(options: { available?: boolean; backend?: string } = {}): SafeStorageLike {
  return {
    isEncryptionAvailable: () => options.available ?? true,
    encryptString: (s: string) => Buffer.concat([Buffer.from('ENC1'), Buffer.from(s, 'utf8').map((b) => b ^ 0x5a)]),
    decryptString: (b: Buffer) => {
      if (b.subarray(0, 4).toString() !== 'ENC1') throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(b.subarray(4).map((x) => x ^ 0x5a)).toString('utf8');
    },
    ...(options.backend ? { getSelectedStorageBackend: () => options.backend as ReturnType<NonNullable<SafeStorageLike['getSelectedStorageBackend']>> } : {}),
  };
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'token-store-'));
  dirs.push(dir);
  return join(dir, 'session.bin');
}

describe('refresh-token store in the main process, encrypted with safeStorage', () => {
  it('stores the session encrypted, readable only through safeStorage, in a 0600 file', async () => {
    const file = tempFile();
    const store = new TokenStore(file, fakeSafeStorage({ backend: 'gnome_libsecret' }));
    expect(await store.save('{"refreshToken":"rt-secret"}')).toEqual({ ok: true });
    expect(readFileSync(file).toString('latin1')).not.toContain('rt-secret');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await store.load()).toBe('{"refreshToken":"rt-secret"}');
  });

  it('refuses the plaintext fallback when encryption is unavailable, and says why', async () => {
    const file = tempFile();
    const store = new TokenStore(file, fakeSafeStorage({ available: false }));
    const result = await store.save('rt-secret');
    expect(result).toMatchObject({ ok: false, code: 'ERR_TOKEN_STORE_NO_ENCRYPTION', error: expect.stringContaining('sign in each time') });
    expect(() => statSync(file)).toThrow();
  });

  it("refuses Linux's basic_text backend (hard-coded key) and removes an older copy", async () => {
    const file = tempFile();
    await new TokenStore(file, fakeSafeStorage()).save('old');
    const store = new TokenStore(file, fakeSafeStorage({ backend: 'basic_text' }));
    expect(await store.save('rt-secret')).toMatchObject({ ok: false, error: expect.stringContaining('keyring') });
    expect(() => statSync(file)).toThrow();
    expect(await store.load()).toBeUndefined();
  });

  it('writes atomically: a replaced session leaves no temporary files and no mix of old and new', async () => {
    const file = tempFile();
    const store = new TokenStore(file, fakeSafeStorage());
    await store.save('first');
    await Promise.all([store.save('second'), store.save('third')]);
    expect(['second', 'third']).toContain(await store.load());
    expect(readdirSync(join(file, '..'))).toEqual(['session.bin']);
  });

  it('an undecryptable file (another account, another key) is dropped, not returned', async () => {
    const file = tempFile();
    writeFileSync(file, 'garbage');
    const store = new TokenStore(file, fakeSafeStorage());
    expect(await store.load()).toBeUndefined();
    expect(() => statSync(file)).toThrow();
  });

  it('clear() removes the session and is idempotent', async () => {
    const file = tempFile();
    const store = new TokenStore(file, fakeSafeStorage());
    await store.save('x');
    await store.clear();
    await store.clear();
    expect(await store.load()).toBeUndefined();
  });
});
