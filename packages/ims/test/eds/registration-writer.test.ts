// Group commit of registration writes (issue 4 item 6 + benchmark): the state of every REGISTER is
// stored before its promise settles, concurrent writes share one IF1 exchange, the latest state
// of an IMPU wins, and writes of one IMPU are never reordered.
import { describe, expect, it } from 'vitest';
import { RegistrationWriter } from '../../src/eds/registration-writer.ts';
import type { RegistrationOperation } from '../../src/eds/registration-store.ts';
import { startTestIms } from '../support/ims-fixture.ts';

function controlledApply() {
  const batches: { operations: readonly RegistrationOperation[]; commit(): void; fail(error: Error): void }[] = [];
  const apply = (operations: readonly RegistrationOperation[]): Promise<void> =>
    new Promise((resolve, reject) => batches.push({ operations, commit: resolve, fail: reject }));
  return { batches, apply };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('RegistrationWriter (group commit over IF1)', () => {
  it('writes arriving while a batch is in flight go together in the next one, latest state per IMPU, and settle only once committed', async () => {
    const { batches, apply } = controlledApply();
    const writer = new RegistrationWriter(apply);
    const settled: string[] = [];
    const first = writer.save('sip:alice@acme.example', { v: 1 }).then(() => settled.push('alice v1'));
    await tick();
    expect(batches).toHaveLength(1);
    const second = writer.save('sip:alice@acme.example', { v: 2 }).then(() => settled.push('alice v2'));
    const third = writer.save('sip:alice@acme.example', { v: 3 }).then(() => settled.push('alice v3'));
    const bob = writer.delete('sip:bob@acme.example').then(() => settled.push('bob deleted'));
    await tick();
    expect(batches).toHaveLength(1);
    expect(settled).toEqual([]);
    batches[0]!.commit();
    await first;
    await tick();
    expect(batches).toHaveLength(2);
    expect(batches[1]!.operations).toEqual([
      { op: 'save', impu: 'sip:alice@acme.example', data: { v: 3 } },
      { op: 'delete', impu: 'sip:bob@acme.example' },
    ]);
    expect(settled).toEqual(['alice v1']);
    batches[1]!.commit();
    await Promise.all([second, third, bob]);
    expect(settled).toEqual(['alice v1', 'alice v2', 'alice v3', 'bob deleted']);
  });

  it('a failed batch rejects its writers, and the next writes are still sent', async () => {
    const { batches, apply } = controlledApply();
    const writer = new RegistrationWriter(apply);
    const failed = writer.save('sip:alice@acme.example', { v: 1 });
    await tick();
    batches[0]!.fail(new Error('SBI down'));
    await expect(failed).rejects.toThrow('SBI down');
    const next = writer.save('sip:alice@acme.example', { v: 2 });
    await tick();
    batches[1]!.commit();
    await expect(next).resolves.toBeUndefined();
  });

  it('over the real IF1: 300 concurrent writes of 100 IMPUs are stored in a few batches, each with its latest state', async () => {
    const ims = await startTestIms();
    try {
      const if1 = ims.if1();
      let exchanges = 0;
      const writer = new RegistrationWriter((ops) => {
        exchanges++;
        return if1.applyRegistrations(ops);
      });
      const expiresAt = Date.now() + 60_000;
      await Promise.all(Array.from({ length: 300 }, (_, i) => writer.save(`sip:user${i % 100}@acme.example`, { registration: `state ${i}`, expiresAt })));
      await writer.delete('sip:user99@acme.example');
      const stored = await if1.listRegistrations();
      expect(stored).toHaveLength(99);
      expect(stored.find((r) => r.impu === 'sip:user7@acme.example')?.data['registration']).toBe('state 207');
      expect(exchanges).toBeLessThan(10);
    } finally {
      await ims.stop();
    }
  });

  it('over the real IF1: a group commit larger than a single request body (64 KiB) is stored whole', async () => {
    const ims = await startTestIms();
    try {
      const if1 = ims.if1();
      const expiresAt = Date.now() + 60_000;
      const state = 'x'.repeat(2048);
      const operations = Array.from({ length: 200 }, (_, i) => ({ op: 'save' as const, impu: `sip:user${i}@acme.example`, data: { registration: state, expiresAt } }));
      expect(JSON.stringify({ operations }).length).toBeGreaterThan(400 * 1024);
      expect(await if1.applyRegistrations(operations)).toEqual(operations.map(() => true));
      expect(await if1.listRegistrations()).toHaveLength(200);
    } finally {
      await ims.stop();
    }
  });
});
