// Bounded memo tables keyed by header text. A message crosses several SIP elements (each hop parses
// again) and its responses carry the same From, To, Call-ID and lower Vias, so the same header
// strings are checked and parsed over and over. Only successful results are kept: bad input is
// parsed afresh every time and gets the same error. Pure: no clock, no I/O.

/** A string-keyed memo that forgets everything once it holds `max` entries (no per-hit bookkeeping). */
export class ValueMemo<V> {
  private map = new Map<string, V>();

  constructor(private readonly max: number) {}

  get(key: string): V | undefined {
    return this.map.get(key);
  }

  set(key: string, value: V): void {
    if (this.map.size >= this.max) this.map = new Map();
    this.map.set(key, value);
  }
}

/** Longest header value worth remembering; longer values (Identity, large lists) are parsed each time. */
export const MEMO_MAX_VALUE_LENGTH = 512;
