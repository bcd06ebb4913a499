// The S-CSCF's registrations: one per registered implicit set, bindings per contact (RFC 3261
// §10.3, keyed by RFC 5626 instance + reg-id when present), found by any identity of the set.
// Every change is written through IF1 so that a restarted emulator restores them (issue 4 item 6).
import type { If1Port } from './if1-port.ts';
import { impuKey } from '../core/public-identity.ts';

export interface Binding {
  readonly contact: string;
  readonly instanceId?: string;
  readonly regId?: number;
  /** Path URIs, first = nearest to the S-CSCF (RFC 3327 §5.3: the registrar keeps them in order). */
  readonly path: readonly string[];
  readonly expiresAt: number;
  readonly callId: string;
  readonly cseq: number;
}

export interface Registration {
  /** Default public identity (first of the implicit set). */
  readonly aor: string;
  readonly implicitSet: readonly string[];
  readonly kind: 'enterprise' | 'subscriber';
  readonly e164: string;
  readonly displayName: string;
  readonly enterprise?: string;
  readonly tokenExpiresAt?: number;
  bindings: Binding[];
}

export type RegistrationChange =
  | { readonly type: 'registered' | 'refreshed'; readonly registration: Registration }
  | { readonly type: 'removed'; readonly registration: Registration; readonly reason: 'unregistered' | 'expired' | 'deactivated' | 'rejected' };

export class RegistrationStore {
  private readonly byAor = new Map<string, Registration>();
  private readonly aorByImpu = new Map<string, string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly listeners = new Set<(change: RegistrationChange) => void>();
  /** reg event subscriptions of each registration, saved with it (restoration, issue 4 item 6). */
  private readonly subscriptions = new Map<string, readonly object[]>();
  private readonly if1: If1Port;
  private readonly now: () => number;

  private readonly onPersistError: (error: unknown) => void;

  constructor(if1: If1Port, now: () => number = Date.now, onPersistError: (error: unknown) => void = () => undefined) {
    this.if1 = if1;
    this.now = now;
    this.onPersistError = onPersistError;
  }

  /** The live registration holding `uri` in its implicit set (3PID or E.164), if any. */
  find(uri: string): Registration | undefined {
    const key = impuKey(uri);
    const aor = key === undefined ? undefined : this.aorByImpu.get(key);
    const reg = aor === undefined ? undefined : this.byAor.get(aor);
    if (reg === undefined) return undefined;
    const now = this.now();
    return reg.bindings.some((b) => b.expiresAt > now) ? reg : undefined;
  }

  all(): Registration[] {
    return [...this.byAor.values()];
  }

  onChange(listener: (change: RegistrationChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stores a registration whose bindings were just updated by a REGISTER. */
  async put(registration: Registration, type: 'registered' | 'refreshed'): Promise<void> {
    const now = this.now();
    registration.bindings = registration.bindings.filter((b) => b.expiresAt > now);
    if (registration.bindings.length === 0) {
      await this.remove(registration.aor, 'unregistered');
      return;
    }
    this.index(registration);
    await this.persist(registration);
    this.emit({ type, registration });
  }

  /**
   * Writes the registration through IF1. A failed write does not undo the registration (the user is
   * registered; only a restart in that window would lose it): it is reported and retried on the
   * next change.
   */
  private async persist(registration: Registration): Promise<void> {
    const json = JSON.stringify({ ...registration, regEvent: this.subscriptions.get(registration.aor) ?? [] });
    try {
      await this.if1.saveRegistration({ aor: registration.aor, json, expiresAt: Math.max(...registration.bindings.map((b) => b.expiresAt)) });
    } catch (error) {
      this.onPersistError(error);
    }
  }

  /** Saves the reg event subscriptions watching `aor` with its registration. */
  async setSubscriptions(aor: string, subscriptions: readonly object[]): Promise<void> {
    this.subscriptions.set(aor, subscriptions);
    const reg = this.byAor.get(aor);
    if (reg !== undefined) await this.persist(reg);
  }

  /** The subscriptions restored with `aor`'s registration. */
  subscriptionsOf(aor: string): readonly object[] {
    return this.subscriptions.get(aor) ?? [];
  }

  /** Removes a whole registration (de-REGISTER, expiry, network-initiated de-registration). */
  async remove(aorOrImpu: string, reason: 'unregistered' | 'expired' | 'deactivated' | 'rejected'): Promise<Registration | undefined> {
    const key = impuKey(aorOrImpu);
    const aor = key === undefined ? undefined : (this.aorByImpu.get(key) ?? (this.byAor.has(key) ? key : undefined));
    const reg = aor === undefined ? undefined : this.byAor.get(aor);
    if (reg === undefined || aor === undefined) return undefined;
    this.byAor.delete(aor);
    this.subscriptions.delete(aor);
    for (const impu of reg.implicitSet) {
      const k = impuKey(impu);
      if (k !== undefined && this.aorByImpu.get(k) === aor) this.aorByImpu.delete(k);
    }
    clearTimeout(this.timers.get(aor));
    this.timers.delete(aor);
    try {
      await this.if1.deleteRegistration(aor);
    } catch (error) {
      this.onPersistError(error);
    }
    this.emit({ type: 'removed', registration: reg, reason });
    return reg;
  }

  /** Drops one binding (a flow that failed, RFC 5626 §5.3). */
  async dropBinding(aor: string, contact: string): Promise<void> {
    const reg = this.byAor.get(aor);
    if (reg === undefined) return;
    reg.bindings = reg.bindings.filter((b) => b.contact !== contact);
    if (reg.bindings.length === 0) await this.remove(aor, 'expired');
    else await this.put(reg, 'refreshed');
  }

  /** Loads the registrations saved before a restart; expired ones are dropped. */
  async restore(): Promise<number> {
    const now = this.now();
    let restored = 0;
    for (const stored of await this.if1.listRegistrations()) {
      const { regEvent, ...reg } = JSON.parse(stored.json) as Registration & { regEvent?: object[] };
      reg.bindings = reg.bindings.filter((b) => b.expiresAt > now);
      if (reg.bindings.length === 0) {
        await this.if1.deleteRegistration(stored.aor);
        continue;
      }
      this.subscriptions.set(reg.aor, regEvent ?? []);
      this.index(reg);
      restored++;
    }
    return restored;
  }

  private index(reg: Registration): void {
    this.byAor.set(reg.aor, reg);
    for (const impu of reg.implicitSet) {
      const k = impuKey(impu);
      if (k !== undefined) this.aorByImpu.set(k, reg.aor);
    }
    this.schedule(reg);
  }

  private schedule(reg: Registration): void {
    clearTimeout(this.timers.get(reg.aor));
    const next = Math.min(...reg.bindings.map((b) => b.expiresAt));
    const timer = setTimeout(() => void this.expire(reg.aor), Math.max(0, Math.min(next - this.now(), 2 ** 31 - 1)) + 5);
    timer.unref();
    this.timers.set(reg.aor, timer);
  }

  private async expire(aor: string): Promise<void> {
    const reg = this.byAor.get(aor);
    if (reg === undefined) return;
    const now = this.now();
    const live = reg.bindings.filter((b) => b.expiresAt > now);
    if (live.length === 0) await this.remove(aor, 'expired');
    else {
      reg.bindings = live;
      await this.put(reg, 'refreshed');
    }
  }

  private emit(change: RegistrationChange): void {
    for (const listener of this.listeners) listener(change);
  }

  close(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
