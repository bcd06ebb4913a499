// Group commit of SBI exchanges: what is added in one event-loop turn, or while an exchange is in
// flight, travels in one exchange; every caller gets its own result; a failed exchange fails
// only its own callers.
import { describe, expect, it } from 'vitest';
import { Batcher } from '../../src/sbi/batcher.ts';

function controlledExchange() {
  const exchanges: { items: readonly number[]; answer(results: readonly string[]): void; fail(error: Error): void }[] = [];
  const apply = (items: readonly number[]): Promise<readonly string[]> =>
    new Promise((resolve, reject) => exchanges.push({ items, answer: resolve, fail: reject }));
  return { exchanges, apply };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('Batcher (group commit of SBI exchanges)', () => {
  it('items added in one turn go in one exchange, items added while it is in flight in the next, each settled with its own result', async () => {
    const { exchanges, apply } = controlledExchange();
    const batcher = new Batcher(apply);
    const first = [1, 2, 3].map((n) => batcher.add(n));
    expect(exchanges).toHaveLength(0); // not before the end of the turn
    await tick();
    expect(exchanges.map((e) => e.items)).toEqual([[1, 2, 3]]);
    const later = [4, 5].map((n) => batcher.add(n));
    await tick();
    expect(exchanges).toHaveLength(1); // waits for the exchange in flight
    exchanges[0]!.answer(['one', 'two', 'three']);
    expect(await Promise.all(first)).toEqual(['one', 'two', 'three']);
    expect(exchanges.map((e) => e.items)).toEqual([[1, 2, 3], [4, 5]]);
    exchanges[1]!.answer(['four', 'five']);
    expect(await Promise.all(later)).toEqual(['four', 'five']);
  });

  it('an exchange carries at most maxBatch items; the rest go next', async () => {
    const { exchanges, apply } = controlledExchange();
    const batcher = new Batcher(apply, { maxBatch: 2 });
    const all = [1, 2, 3, 4, 5].map((n) => batcher.add(n));
    await tick();
    exchanges[0]!.answer(['a', 'b']);
    await tick();
    exchanges[1]!.answer(['c', 'd']);
    await tick();
    exchanges[2]!.answer(['e']);
    expect(await Promise.all(all)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(exchanges.map((e) => e.items)).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('a failed exchange, or one that answers the wrong number of results, rejects its callers only; the next items are still sent', async () => {
    const { exchanges, apply } = controlledExchange();
    const batcher = new Batcher(apply);
    const failed = batcher.add(1);
    await tick();
    const next = batcher.add(2);
    exchanges[0]!.fail(new Error('SBI down'));
    await expect(failed).rejects.toThrow('SBI down');
    await tick();
    exchanges[1]!.answer(['x', 'y']);
    await expect(next).rejects.toThrow('answered 2 results for 1 items');
    const third = batcher.add(3);
    await tick();
    exchanges[2]!.answer(['three']);
    await expect(third).resolves.toBe('three');
  });

  it('an exchange that throws instead of rejecting fails its callers the same way', async () => {
    const batcher = new Batcher<number, string>(() => {
      throw new Error('no session');
    });
    await expect(batcher.add(1)).rejects.toThrow('no session');
  });

  it('with keyOf, a newer pending item replaces an older one of its key, and both callers get its result', async () => {
    const { exchanges, apply } = controlledExchange();
    const batcher = new Batcher(apply, { keyOf: (n) => String(n % 10) });
    const a = batcher.add(1);
    const b = batcher.add(11);
    const c = batcher.add(2);
    await tick();
    expect(exchanges[0]!.items).toEqual([11, 2]);
    exchanges[0]!.answer(['eleven', 'two']);
    expect(await Promise.all([a, b, c])).toEqual(['eleven', 'eleven', 'two']);
  });
});
