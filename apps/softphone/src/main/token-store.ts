// Keeps the sign-in session (refresh token) in the main process, encrypted with Electron's
// safeStorage (Keychain, DPAPI, kwallet/libsecret). It refuses to store when encryption is not
// available or when Linux fell back to its hard-coded key (`basic_text`): a plaintext refresh
// token on disk would outlive the person's session. Files are written atomically with mode 0600.
import { randomBytes } from 'node:crypto';
import { chmod, open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { SafeStorage } from 'electron';

/** The part of Electron's `safeStorage` the store uses (injected, so tests need no Electron). */
export type SafeStorageLike = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> &
  Partial<Pick<SafeStorage, 'getSelectedStorageBackend'>>;

export type StoreResult = { ok: true } | { ok: false; code: 'ERR_TOKEN_STORE_NO_ENCRYPTION' | 'ERR_TOKEN_STORE_IO'; error: string };

export class TokenStore {
  readonly #file: string;
  readonly #safeStorage: SafeStorageLike;

  constructor(file: string, safeStorage: SafeStorageLike) {
    this.#file = file;
    this.#safeStorage = safeStorage;
  }

  /** Why secrets cannot be stored on this machine, or undefined when they can. */
  unavailableReason(): string | undefined {
    if (!this.#safeStorage.isEncryptionAvailable()) {
      return 'This computer offers no encrypted storage for the softphone, so you will need to sign in each time it starts.';
    }
    if (this.#safeStorage.getSelectedStorageBackend?.() === 'basic_text') {
      return 'No keyring (GNOME Keyring or KWallet) is running, so the softphone will not keep you signed in: it refuses to store your session unencrypted.';
    }
    return undefined;
  }

  async save(secret: string): Promise<StoreResult> {
    const reason = this.unavailableReason();
    if (reason !== undefined) {
      await this.clear(); // never leave an older copy behind either
      return { ok: false, code: 'ERR_TOKEN_STORE_NO_ENCRYPTION', error: reason };
    }
    const encrypted = this.#safeStorage.encryptString(secret);
    const temp = join(dirname(this.#file), `.${randomBytes(6).toString('hex')}.tmp`);
    try {
      // O_EXCL + 0600 from creation; fsync before rename so a crash leaves old or new, never half.
      const handle = await open(temp, 'wx', 0o600);
      try {
        await handle.writeFile(encrypted);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await chmod(temp, 0o600);
      await rename(temp, this.#file);
      return { ok: true };
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      return { ok: false, code: 'ERR_TOKEN_STORE_IO', error: `Could not save your session: ${(error as Error).message}` };
    }
  }

  /** The stored secret, or undefined when none is stored or it cannot be decrypted. */
  async load(): Promise<string | undefined> {
    if (this.unavailableReason() !== undefined) return undefined;
    let data: Buffer;
    try {
      data = await readFile(this.#file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      return this.#safeStorage.decryptString(data);
    } catch {
      // Encrypted under another OS account or key: useless, so drop it and sign in again.
      await this.clear();
      return undefined;
    }
  }

  async clear(): Promise<void> {
    await unlink(this.#file).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
}
