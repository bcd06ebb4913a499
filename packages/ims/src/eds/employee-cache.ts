// Cache of employee data keyed by the SHA-256 of the access token, kept until the token expires
// (RFC 7662 §4: no longer than `exp`), and dropped per employee on security events.
import { createHash } from 'node:crypto';
import type { Enterprise } from '../bss/enterprise.ts';
import type { EmployeeData } from './employee.ts';

interface Entry {
  employee: EmployeeData;
  enterpriseId: string;
  expiresAt: number;
  /** The provisioned enterprise (the store's frozen object) the token was last checked against: issuer, audience. */
  checkedAgainst: Enterprise;
}

export function tokenKey(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export class EmployeeCache {
  readonly #entries = new Map<string, Entry>();
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  get(token: string): Entry | undefined {
    const key = tokenKey(token);
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.#now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }

  set(token: string, entry: Entry): void {
    this.#entries.set(tokenKey(token), entry);
  }

  /** The freshest cached data for a 3PID or E.164 (IF2 reads it): latest expiry, then latest stored. */
  find(predicate: (e: EmployeeData) => boolean): Entry | undefined {
    let best: Entry | undefined;
    const now = this.#now();
    for (const entry of this.#entries.values()) {
      if (entry.expiresAt > now && predicate(entry.employee) && (!best || entry.expiresAt >= best.expiresAt)) best = entry; // ties: the later answer wins
    }
    return best;
  }

  /** Drops every entry of the employee; returns the 3PIDs it held. */
  dropEmployee(match: (e: EmployeeData) => boolean): string[] {
    const dropped = new Set<string>();
    for (const [key, entry] of this.#entries) {
      if (match(entry.employee)) {
        dropped.add(entry.employee.thirdPartyId);
        this.#entries.delete(key);
      }
    }
    return [...dropped];
  }

  /** The 3PIDs with live entries granted under the enterprise `enterpriseId`. */
  employeesOf(enterpriseId: string): string[] {
    const out = new Set<string>();
    for (const entry of this.#entries.values()) if (entry.enterpriseId === enterpriseId) out.add(entry.employee.thirdPartyId);
    return [...out];
  }

  prune(): void {
    const now = this.#now();
    for (const [key, entry] of this.#entries) if (entry.expiresAt <= now) this.#entries.delete(key);
  }

  get size(): number {
    return this.#entries.size;
  }
}
