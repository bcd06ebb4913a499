import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StirErrorCode, createX5uFetcher, ttlOf } from '../../src/index.ts';
import { startStiWorld, type StiWorld } from '../support/sti-repository.ts';

let w: StiWorld;
beforeAll(async () => {
  w = await startStiWorld();
});
afterAll(async () => {
  await w.repo.close();
});

describe('x5u fetcher', () => {
  it('fetches once and serves the parsed credential from its cache within max-age', async () => {
    let now = 1_000_000;
    const f = createX5uFetcher({ now: () => now });
    w.repo.set('/sti/a.pem', { body: w.carrier.chainPem, cacheControl: 'public, max-age=60' });
    const first = await f.get(w.repo.url('/sti/a.pem'));
    const second = await f.get(w.repo.url('/sti/a.pem'));
    expect(first.ok && second.ok && first.value === second.value).toBe(true);
    expect(w.repo.hits('/sti/a.pem')).toBe(1);
    now += 61_000;
    await f.get(w.repo.url('/sti/a.pem'));
    expect(w.repo.hits('/sti/a.pem')).toBe(2);
  });

  it('shares one request among concurrent lookups of the same URL', async () => {
    const f = createX5uFetcher();
    w.repo.set('/sti/b.pem', { body: w.carrier.chainPem });
    await Promise.all([1, 2, 3, 4].map(() => f.get(w.repo.url('/sti/b.pem'))));
    expect(w.repo.hits('/sti/b.pem')).toBe(1);
  });

  it('does not store a no-store response', async () => {
    const f = createX5uFetcher();
    w.repo.set('/sti/c.pem', { body: w.carrier.chainPem, cacheControl: 'no-store' });
    await f.get(w.repo.url('/sti/c.pem'));
    await f.get(w.repo.url('/sti/c.pem'));
    expect(w.repo.hits('/sti/c.pem')).toBe(2);
    expect(f.size).toBe(0);
  });

  it('keeps at most maxEntries credentials', async () => {
    const f = createX5uFetcher({ maxEntries: 2 });
    for (const n of ['d1', 'd2', 'd3']) {
      w.repo.set(`/sti/${n}.pem`, { body: w.carrier.chainPem });
      await f.get(w.repo.url(`/sti/${n}.pem`));
    }
    expect(f.size).toBe(2);
  });

  it('gives up after the timeout: 436', async () => {
    const f = createX5uFetcher({ timeoutMs: 200 });
    w.repo.set('/sti/slow.pem', { body: '', hang: true });
    const t0 = performance.now();
    const r = await f.get(w.repo.url('/sti/slow.pem'));
    expect(!r.ok && r.error.code).toBe(StirErrorCode.X5U_UNREACHABLE);
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('refuses HTTP errors, oversized bodies, non-certificates and non-http URLs', async () => {
    const f = createX5uFetcher({ maxBytes: 100 });
    w.repo.set('/sti/big.pem', { body: w.carrier.chainPem });
    w.repo.set('/sti/500.pem', { body: 'x', status: 500 });
    w.repo.set('/sti/text.pem', { body: 'hello' });
    expect(await f.get(w.repo.url('/sti/big.pem'))).toMatchObject({ ok: false, error: { code: StirErrorCode.X5U_UNREACHABLE } });
    expect(await f.get(w.repo.url('/sti/500.pem'))).toMatchObject({ ok: false, error: { code: StirErrorCode.X5U_UNREACHABLE } });
    expect(await f.get(w.repo.url('/sti/text.pem'))).toMatchObject({ ok: false, error: { code: StirErrorCode.BAD_CREDENTIAL, status: 436 } });
    expect(await f.get('file:///etc/passwd')).toMatchObject({ ok: false, error: { code: StirErrorCode.X5U_UNREACHABLE } });
    expect(await createX5uFetcher({ allowHttp: false }).get(w.x5u)).toMatchObject({ ok: false });
  });

  it('reads TTLs from Cache-Control', () => {
    expect(ttlOf('max-age=30', 3600, 86400)).toBe(30);
    expect(ttlOf('public, max-age=999999', 3600, 86400)).toBe(86400);
    expect(ttlOf('no-cache', 3600, 86400)).toBe(0);
    expect(ttlOf(null, 3600, 86400)).toBe(3600);
  });
});
