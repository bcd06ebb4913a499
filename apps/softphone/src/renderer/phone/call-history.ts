// The call history kept on this device (localStorage in the browser and in Electron's renderer):
// newest first, bounded, with the caller-identity state the network gave each incoming call so a
// failed or unverified call never reads as verified later.
import type { IdentityState } from '@eims/phone';

export type CallOutcome = 'answered' | 'missed' | 'declined' | 'cancelled' | 'failed';

export interface CallHistoryEntry {
  id: string;
  direction: 'incoming' | 'outgoing';
  /** The other party's name, when known. */
  name?: string;
  /** Their E.164 number, when known. */
  number?: string;
  uri: string;
  /** For incoming calls: the identity state shown at the time (DESIGN.md). */
  identity?: IdentityState;
  outcome: CallOutcome;
  /** ms since the epoch. */
  startedAt: number;
  durationSeconds: number;
}

/** The part of the Web Storage API the history needs (injectable in tests). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const KEY = 'softphone.call-history.v1';
const MAX_ENTRIES = 200;

export class CallHistory {
  readonly #storage: KeyValueStorage;
  readonly #key: string;
  #entries: CallHistoryEntry[];

  /** `owner` separates the histories of people sharing a browser profile. */
  constructor(storage: KeyValueStorage, owner: string) {
    this.#storage = storage;
    this.#key = `${KEY}:${owner}`;
    this.#entries = load(storage.getItem(this.#key));
  }

  get entries(): readonly CallHistoryEntry[] {
    return this.#entries;
  }

  add(entry: CallHistoryEntry): void {
    this.#entries = [entry, ...this.#entries.filter((e) => e.id !== entry.id)].slice(0, MAX_ENTRIES);
    this.#storage.setItem(this.#key, JSON.stringify(this.#entries));
  }

  clear(): void {
    this.#entries = [];
    this.#storage.setItem(this.#key, '[]');
  }
}

const OUTCOMES = new Set<string>(['answered', 'missed', 'declined', 'cancelled', 'failed']);
const IDENTITIES = new Set<string>(['verified', 'unverified', 'failed']);

/** Reads what an older or tampered store holds, keeping only well-formed entries. */
function load(text: string | null): CallHistoryEntry[] {
  if (text === null) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return []; // unreadable history: start a new one rather than failing the phone
  }
  if (!Array.isArray(parsed)) return [];
  return parsed.filter((e): e is CallHistoryEntry => {
    if (typeof e !== 'object' || e === null) return false;
    const r = e as Record<string, unknown>;
    return (
      typeof r['id'] === 'string' &&
      (r['direction'] === 'incoming' || r['direction'] === 'outgoing') &&
      typeof r['uri'] === 'string' &&
      typeof r['outcome'] === 'string' && OUTCOMES.has(r['outcome']) &&
      (r['identity'] === undefined || (typeof r['identity'] === 'string' && IDENTITIES.has(r['identity']))) &&
      typeof r['startedAt'] === 'number' &&
      typeof r['durationSeconds'] === 'number'
    );
  });
}
