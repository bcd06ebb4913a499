import { describe, expect, it } from 'vitest';
import { CallHistory, type CallHistoryEntry, type KeyValueStorage } from '../../../src/renderer/phone/call-history.ts';

function memoryStorage(initial: Record<string, string> = {}): KeyValueStorage & { data: Record<string, string> } {
  const data = { ...initial };
  return { data, getItem: (k) => data[k] ?? null, setItem: (k, v) => void (data[k] = v) };
}

const entry = (id: string, extra: { [K in keyof CallHistoryEntry]?: CallHistoryEntry[K] | undefined } = {}): CallHistoryEntry => ({
  id, direction: 'incoming', uri: 'tel:+12025550101', name: 'Alice Avery', number: '+12025550101', identity: 'verified', outcome: 'answered', startedAt: 1_700_000_000_000, durationSeconds: 42, ...extra,
}) as CallHistoryEntry;

describe('the call history kept on the device', () => {
  it('keeps calls newest first across restarts, with the identity state each call had', () => {
    const storage = memoryStorage();
    const history = new CallHistory(storage, 'sip:bob@acme.example');
    history.add(entry('a', { identity: 'failed' }));
    history.add(entry('b', { direction: 'outgoing', identity: undefined, outcome: 'cancelled' }));
    const reopened = new CallHistory(storage, 'sip:bob@acme.example');
    expect(reopened.entries.map((e) => [e.id, e.identity, e.outcome])).toEqual([['b', undefined, 'cancelled'], ['a', 'failed', 'answered']]);
  });

  it('people sharing a browser profile do not see each other\'s calls', () => {
    const storage = memoryStorage();
    new CallHistory(storage, 'sip:bob@acme.example').add(entry('a'));
    expect(new CallHistory(storage, 'sip:alice@acme.example').entries).toEqual([]);
  });

  it('a tampered store cannot make a call look verified that has an unknown state, and garbage is dropped', () => {
    const key = 'softphone.call-history.v1:sip:bob@acme.example';
    const storage = memoryStorage({ [key]: JSON.stringify([entry('ok'), { ...entry('bad'), identity: 'trusted' }, { id: 3 }, null]) });
    expect(new CallHistory(storage, 'sip:bob@acme.example').entries.map((e) => e.id)).toEqual(['ok']);
    expect(new CallHistory(memoryStorage({ [key]: '{not json' }), 'sip:bob@acme.example').entries).toEqual([]);
  });

  it('is bounded to the 200 most recent calls, and can be cleared', () => {
    const history = new CallHistory(memoryStorage(), 'me');
    for (let i = 0; i < 205; i++) history.add(entry(`c${i}`));
    expect(history.entries).toHaveLength(200);
    expect(history.entries[0]?.id).toBe('c204');
    history.clear();
    expect(history.entries).toEqual([]);
  });
});
