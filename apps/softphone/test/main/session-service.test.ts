import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Emitter, PhoneError, PhoneErrorCode, type PhoneSessionEvents, type SessionTokens, type SignOutReasonInfo } from '@eims/phone';
import { SessionService, type SessionLike } from '../../src/main/session-service.ts';
import { TokenStore, type SafeStorageLike } from '../../src/main/token-store.ts';
import type { RendererTokens, SignedOutEvent } from '../../src/shared/ipc-contract.ts';

const NOW = 1_800_000_000_000;

function tokens(n: number, expiresIn = 300_000): SessionTokens {
  return { accessToken: `at-${n}`, expiresAt: NOW + expiresIn, claims: { sub: 'alice', threePid: 'sip:alice@acme.example' }, persisted: JSON.stringify({ v: 1, refreshToken: `rt-${n}`, sub: 'alice' }) };
}

/** Stands in for PhoneSession: same events, scripted answers, records what it was asked. */
class FakeSession extends Emitter<PhoneSessionEvents> implements SessionLike {
  tokens: SessionTokens | undefined;
  calls: string[] = [];
  restoreError: unknown;
  #n = 0;
  async signIn() {
    this.calls.push('signIn');
    await new Promise((r) => setTimeout(r, 5));
    return this.#accept();
  }
  async restore(persisted: string) {
    this.calls.push(`restore ${persisted}`);
    if (this.restoreError) throw this.restoreError;
    return this.#accept();
  }
  async refresh() {
    this.calls.push('refresh');
    return this.#accept();
  }
  async signOut(reason: SignOutReasonInfo = { code: 'user', message: 'You signed out.' }) {
    this.calls.push('signOut');
    this.end(reason);
  }
  end(reason: SignOutReasonInfo) {
    this.tokens = undefined;
    this.emit('signedOut', reason);
  }
  #accept() {
    this.tokens = tokens(++this.#n);
    this.emit('tokensChanged', this.tokens);
    return this.tokens;
  }
}

const safeStorage = (backend = 'gnome_libsecret'): SafeStorageLike => ({
  isEncryptionAvailable: () => true,
  encryptString: (s) => Buffer.from(`ENC:${Buffer.from(s).toString('base64')}`),
  decryptString: (b) => Buffer.from(b.toString().slice(4), 'base64').toString(),
  getSelectedStorageBackend: () => backend as never,
});

const dirs: string[] = [];
const services: SessionService[] = [];
afterEach(async () => {
  // Token-store writes run behind the events: let them finish before removing their folder.
  await Promise.all(services.splice(0).map((s) => s.flush()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setup(backend?: string) {
  const dir = mkdtempSync(join(tmpdir(), 'session-service-'));
  dirs.push(dir);
  const file = join(dir, 'session.bin');
  const session = new FakeSession();
  const store = new TokenStore(file, safeStorage(backend));
  const seen = { tokens: [] as RendererTokens[], signedOut: [] as SignedOutEvent[], warnings: [] as string[] };
  const service = new SessionService(session, store, {
    tokensChanged: (t) => seen.tokens.push(t),
    signedOut: (e) => seen.signedOut.push(e),
    warn: (m) => seen.warnings.push(m),
  }, () => NOW);
  services.push(service);
  return { session, store, service, seen, file };
}

describe('sign-in session held by main: the renderer gets access tokens only (RFC 8252, DESIGN.md)', () => {
  it('signing in hands the renderer the access token and keeps the rotated refresh token encrypted on disk', async () => {
    const { service, seen, file } = setup();
    const answer = await service.signIn();
    await service.flush();
    expect(answer).toEqual({ accessToken: 'at-1', expiresAt: NOW + 300_000, claims: { sub: 'alice', threePid: 'sip:alice@acme.example' } });
    expect(JSON.stringify(answer)).not.toContain('rt-1');
    expect(JSON.stringify(seen.tokens)).not.toContain('rt-');
    expect(readFileSync(file, 'utf8')).not.toContain('rt-1');
    expect(existsSync(file)).toBe(true);
  });

  it('two sign-in clicks share one browser round trip', async () => {
    const { service, session } = setup();
    const [a, b] = await Promise.all([service.signIn(), service.signIn()]);
    expect(a).toEqual(b);
    expect(session.calls).toEqual(['signIn']);
  });

  it('a restart resumes from the stored refresh token; with nothing stored the answer is null', async () => {
    const first = setup();
    expect(await first.service.restore()).toBeNull();
    await first.service.signIn();
    await first.service.flush();
    const session = new FakeSession();
    const again = new SessionService(session, new TokenStore(first.file, safeStorage()), { tokensChanged: () => undefined, signedOut: () => undefined, warn: () => undefined }, () => NOW);
    services.push(again);
    expect(await again.restore()).toMatchObject({ accessToken: 'at-1' });
    expect(session.calls).toEqual([`restore ${JSON.stringify({ v: 1, refreshToken: 'rt-1', sub: 'alice' })}`]);
  });

  it('an unreachable IdP keeps the stored session for the retry; an unreadable one is dropped', async () => {
    const { service, session, file } = setup();
    await service.signIn();
    await service.flush();
    session.tokens = undefined;
    session.restoreError = new PhoneError(PhoneErrorCode.Session, 'Token refresh failed: fetch failed', { cause: new Error('ECONNREFUSED') });
    expect(await service.restore()).toBeNull();
    expect(existsSync(file)).toBe(true);
    session.restoreError = new PhoneError(PhoneErrorCode.Session, 'The saved session is unreadable; sign in again.', { cause: new SyntaxError('bad json') });
    expect(await service.restore()).toBeNull();
    expect(existsSync(file)).toBe(false);
  });

  it('an access token about to expire is refreshed before it is handed out', async () => {
    const { service, session } = setup();
    expect(await service.accessToken()).toBeNull();
    await service.signIn();
    expect(await service.accessToken()).toMatchObject({ accessToken: 'at-1' });
    session.tokens = tokens(1, 10_000);
    expect(await service.accessToken()).toMatchObject({ accessToken: 'at-2' });
    expect(session.calls).toEqual(['signIn', 'refresh']);
  });

  it('signing out, or the organization revoking the session, removes the stored refresh token and tells the renderer', async () => {
    const { service, session, seen, file } = setup();
    await service.signIn();
    await service.flush();
    session.end({ code: 'session-expired', message: 'Your sign-in has expired or was revoked by your organization. Sign in again.' });
    await service.flush();
    expect(existsSync(file)).toBe(false);
    expect(seen.signedOut).toEqual([{ code: 'session-expired', message: 'Your sign-in has expired or was revoked by your organization. Sign in again.' }]);
    await service.signIn();
    await service.signOut();
    expect(existsSync(file)).toBe(false);
  });

  it('without a keyring the session works for this run but is not kept, and the renderer is told why', async () => {
    const { service, seen, file } = setup('basic_text');
    const answer = await service.signIn();
    await service.flush();
    expect(answer.persistenceWarning).toMatch(/refuses to store your session unencrypted/);
    expect(existsSync(file)).toBe(false);
    expect(seen.warnings.join('\n')).toMatch(/keyring/);
  });
});
