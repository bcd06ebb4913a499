// The delivery worker's schedule (RFC 8935 push with retries): first attempt at once, then
// exponential back-off up to a cap, a 4xx refusal is final, and a restart resumes pending rows.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Database } from '@eims/store';
import { backoffDelay, DeliveryWorker } from '../../src/events/delivery-worker.ts';
import type { PushOutcome } from '../../src/events/push-delivery.ts';
import { createSecurityEventOutbox, type SecurityEventOutbox } from '../../src/events/security-event-outbox.ts';
import { buildSetClaims, SECURITY_EVENT_TYPE, subjectOf } from '../../src/events/security-event-token.ts';

let db: Database;
let outbox: SecurityEventOutbox;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  db = openDatabase(':memory:');
  outbox = createSecurityEventOutbox(db);
});
afterEach(() => {
  vi.useRealTimers();
  db.close();
});

function enqueue(jti: string): void {
  const claims = buildSetClaims({
    issuer: 'https://idp.example',
    audience: 'https://eds.example/ssf',
    jti,
    now: Date.now(),
    subject: subjectOf({ id: 'u1', username: 'bob', e164: null }, 'https://idp.example'),
    occurrence: { type: SECURITY_EVENT_TYPE.accountDisabled },
  });
  outbox.enqueue({ receiverUrl: 'http://127.0.0.1:9/push', claims, eventType: SECURITY_EVENT_TYPE.accountDisabled, subject: 'u1', now: Date.now() });
}

function worker(outcomes: PushOutcome[], attempts: number[]): DeliveryWorker {
  const start = Date.now();
  return new DeliveryWorker({
    outbox,
    sign: (claims) => Promise.resolve(`signed.${claims.jti}`),
    now: () => Date.now(),
    retry: { initialMs: 100, maxMs: 400 },
    attemptTimeoutMs: 1000,
    log: () => undefined,
    push: () => {
      attempts.push(Date.now() - start);
      return Promise.resolve(outcomes.shift() ?? { kind: 'delivered', status: 202 });
    },
  });
}

describe('delivery schedule', () => {
  it('back-off doubles from the initial delay and stops growing at the cap', () => {
    expect([1, 2, 3, 4, 5, 10].map((n) => backoffDelay(n, { initialMs: 500, maxMs: 60_000 }))).toEqual([500, 1000, 2000, 4000, 8000, 60_000]);
  });

  it('retries a receiver that is down at 100, 200, 400, 400 ms intervals, then delivers', async () => {
    enqueue('a');
    const attempts: number[] = [];
    const down: PushOutcome = { kind: 'retry', error: 'ECONNREFUSED' };
    const w = worker([down, down, down, down], attempts);
    w.start();
    await vi.advanceTimersByTimeAsync(2000);
    expect(attempts).toEqual([0, 100, 300, 700, 1100]);
    expect(outbox.list()[0]).toMatchObject({ status: 'delivered', attempts: 5, lastError: null });
    await w.close();
  });

  it('a refusal (4xx other than 408/425/429) is final: one attempt, recorded as failed', async () => {
    enqueue('a');
    const attempts: number[] = [];
    const w = worker([{ kind: 'rejected', status: 400, error: 'HTTP 400 invalid_key' }], attempts);
    w.start();
    await vi.advanceTimersByTimeAsync(5000);
    expect(attempts).toEqual([0]);
    expect(outbox.list()[0]).toMatchObject({ status: 'failed', attempts: 1, lastError: 'HTTP 400 invalid_key' });
    await w.close();
  });

  it('events queued before start() (left by a previous process) go out on start', async () => {
    enqueue('a');
    enqueue('b');
    const attempts: number[] = [];
    const w = worker([], attempts);
    await vi.advanceTimersByTimeAsync(1000);
    expect(attempts).toEqual([]);
    w.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(attempts).toHaveLength(2);
    expect(outbox.list({ status: 'delivered' })).toHaveLength(2);
    await w.close();
  });

  it('after close() nothing more is attempted', async () => {
    enqueue('a');
    const attempts: number[] = [];
    const w = worker([{ kind: 'retry', error: 'down' }], attempts);
    w.start();
    await vi.advanceTimersByTimeAsync(0);
    await w.close();
    await vi.advanceTimersByTimeAsync(5000);
    expect(attempts).toEqual([0]);
    expect(outbox.list()[0]).toMatchObject({ status: 'pending', attempts: 1 });
  });
});
