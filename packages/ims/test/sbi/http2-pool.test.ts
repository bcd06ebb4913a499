// The SBI client under load: a burst of requests on one HTTP/2 session must all be answered.
// Unbounded, thousands of concurrent streams on the session exceeded nghttp2's per-session memory
// limit, which reset every stream of the session with ENHANCE_YOUR_CALM (status 0 at the S-CSCF,
// 503 to the UE); the pool now keeps a bounded number in flight and queues the rest.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestIms, type TestIms } from '../support/ims-fixture.ts';

let ims: TestIms;
beforeAll(async () => {
  ims = await startTestIms();
});
afterAll(async () => {
  await ims?.stop();
});

describe('SBI HTTP/2 client under a burst (RFC 9113 §5.1.2 concurrency, §6.5.2)', () => {
  it('4,000 concurrent IF1 registration writes with 3 kB documents on one session all succeed', async () => {
    const if1 = ims.if1();
    const document = { registration: 'x'.repeat(3000), expiresAt: Date.now() + 60_000 };
    const results = await Promise.allSettled(Array.from({ length: 4000 }, (_, i) => if1.saveRegistration(`sip:user${i}@acme.example`, document)));
    const failed = results.filter((r) => r.status === 'rejected');
    expect(failed.length, failed[0]?.status === 'rejected' ? String(failed[0].reason) : '').toBe(0);
    expect((await if1.listRegistrations()).length).toBe(4000);
  }, 60_000);

  it('a request that cannot get a stream within its timeout fails as unreachable instead of waiting forever', async () => {
    const { Http2Pool } = await import('../../src/sbi/http2-pool.ts');
    const pool = new Http2Pool({ caCertPem: ims.caCertPem, timeoutMs: 300, maxConcurrentStreams: 1 });
    // The events stream never ends: as a plain request it holds the only slot until its own timeout.
    const headers = { authorization: `Bearer ${ims.operatorApiKey}`, accept: 'application/x-ndjson' };
    const first = pool.request(ims.sbiUrl, { method: 'GET', path: '/if1/v1/events', headers });
    const second = pool.request(ims.sbiUrl, { method: 'GET', path: '/if1/v1/registrations', headers: { authorization: `Bearer ${ims.operatorApiKey}` } });
    await expect(second).rejects.toMatchObject({ code: 'ERR_IMS_SBI_UNREACHABLE' });
    await expect(first).resolves.toBeDefined();
    pool.close();
  });
});
