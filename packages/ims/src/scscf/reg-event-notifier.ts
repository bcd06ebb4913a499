// The S-CSCF as notifier of the reg event package (RFC 3680, RFC 6665; TS 24.229 §5.4.2.1.2):
// a UE subscribes to its own registration state; every change, and above all a network-initiated
// de-registration (`deactivated` / `rejected`), is sent to it in a NOTIFY.
import { randomBytes } from 'node:crypto';
import { createRequest, createResponse, getHeader, getHeaders, parseContact, parseEvent, parseExpires, parseNameAddr } from '@eims/sip';
import type { ServerTransaction, SipRequest, SipStack, Target } from '@eims/sip';
import { impuKey } from '../core/public-identity.ts';
import { targetOfUri } from '../core/next-hop.ts';
import type { ContactEvent } from './reginfo.ts';
import { reginfoXml } from './reginfo.ts';
import type { RegistrationChange, RegistrationStore } from './registration-store.ts';

const DEFAULT_EXPIRES = 3761; // RFC 3680 §6: default subscription duration
const MAX_EXPIRES = 7200;

/** What is saved of a subscription (everything but its timer). */
type StoredSubscription = Omit<Subscription, 'timer'>;

interface Subscription {
  readonly id: string;
  readonly aor: string;
  readonly identities: readonly string[];
  readonly callId: string;
  readonly localTag: string;
  readonly remoteTag: string;
  /** The subscriber's From (our To) and its To (our From, with our tag). */
  readonly remoteUri: string;
  readonly localUri: string;
  readonly remoteTarget: string;
  readonly routeSet: readonly string[];
  cseq: number;
  version: number;
  expiresAt: number;
  timer: NodeJS.Timeout | undefined;
}

export class RegEventNotifier {
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly stack: SipStack;
  private readonly store: RegistrationStore;
  private readonly contactUri: string;
  private readonly now: () => number;
  private readonly log: (line: string) => void;
  /** Notified NOTIFY results, for tests and diagnostics. */
  private readonly sentListeners = new Set<(aor: string, state: string, body: string) => void>();

  constructor(options: { stack: SipStack; store: RegistrationStore; contactUri: string; now: () => number; log: (line: string) => void }) {
    this.stack = options.stack;
    this.store = options.store;
    this.contactUri = options.contactUri;
    this.now = options.now;
    this.log = options.log;
    this.store.onChange((change) => this.onRegistrationChange(change));
  }

  onNotifySent(listener: (aor: string, state: string, body: string) => void): () => void {
    this.sentListeners.add(listener);
    return () => this.sentListeners.delete(listener);
  }

  get count(): number {
    return this.subscriptions.size;
  }

  /**
   * A SUBSCRIBE for `Event: reg`. `asserted` is the identity the P-CSCF asserted for the
   * subscriber: only a user of the registration may watch it (TS 24.229 §5.4.2.1.1).
   */
  handleSubscribe(tx: ServerTransaction, asserted: string | undefined): void {
    const request = tx.request;
    const reply = (status: number, reason?: string): void => tx.respond(createResponse(request, status, reason, { toTag: 'scscf' }));
    const event = parseEvent(getHeader(request, 'Event') ?? '');
    if (!event.ok || event.value.event.toLowerCase() !== 'reg') return reply(489, 'Bad Event');
    const toTag = parseNameAddr(getHeader(request, 'To') ?? '', 'To');
    const callIdOf = getHeader(request, 'Call-ID') ?? '';
    const inDialog = toTag.ok && toTag.value.tag !== undefined ? this.subscriptions.get(`${callIdOf};${toTag.value.tag}`) : undefined;
    if (toTag.ok && toTag.value.tag !== undefined && inDialog === undefined) return reply(481, 'Subscription Does Not Exist');
    const registration = this.store.find(inDialog?.aor ?? request.uri);
    if (registration === undefined) return reply(404, 'Not Registered');
    const assertedKey = asserted === undefined ? undefined : impuKey(asserted);
    const allowed = assertedKey !== undefined && registration.implicitSet.some((u) => impuKey(u) === assertedKey);
    if (!allowed) return reply(403, 'Only The Registered User May Subscribe');
    const from = parseNameAddr(getHeader(request, 'From') ?? '', 'From');
    const to = parseNameAddr(getHeader(request, 'To') ?? '', 'To');
    const contactValue = getHeaders(request, 'Contact')[0];
    const contact = contactValue === undefined ? undefined : parseContact(contactValue);
    if (!from.ok || from.value.tag === undefined || !to.ok || contact === undefined || !contact.ok || contact.value.wildcard) return reply(400, 'Bad SUBSCRIBE');
    const expiresHeader = parseExpires(getHeader(request, 'Expires') ?? '');
    const expires = Math.min(expiresHeader.ok ? expiresHeader.value : DEFAULT_EXPIRES, MAX_EXPIRES);
    const callId = getHeader(request, 'Call-ID') ?? '';
    const existing = to.value.tag === undefined ? undefined : this.subscriptions.get(`${callId};${to.value.tag}`);
    const localTag = existing?.localTag ?? randomBytes(6).toString('hex');
    // UAS route set: the Record-Route values in order (RFC 3261 §12.1.1).
    const recordRoute = getHeaders(request, 'Record-Route');
    const ok = createResponse(request, 200, 'OK', {
      toTag: localTag,
      headers: [
        ...recordRoute.map((value) => ({ name: 'Record-Route', value })),
        { name: 'Contact', value: `<${this.contactUri}>` },
        { name: 'Expires', value: String(expires) },
      ],
    });
    tx.respond(ok);
    const sub: Subscription = existing ?? {
      id: `${callId};${localTag}`,
      aor: registration.aor,
      identities: registration.implicitSet,
      callId,
      localTag,
      remoteTag: from.value.tag,
      remoteUri: getHeader(request, 'From') ?? '',
      localUri: `${getHeader(request, 'To') ?? ''};tag=${localTag}`,
      remoteTarget: contact.value.uri,
      routeSet: recordRoute.flatMap((v) => {
        const p = parseNameAddr(v, 'Record-Route');
        return p.ok ? [p.value.uri] : [];
      }),
      cseq: 0,
      version: 0,
      expiresAt: 0,
      timer: undefined,
    };
    sub.expiresAt = this.now() + expires * 1000;
    this.subscriptions.set(sub.id, sub);
    clearTimeout(sub.timer);
    if (expires === 0) {
      this.notify(sub, 'terminated', 'timeout', 'active', 'registered');
      return;
    }
    this.arm(sub);
    this.notify(sub, 'active', undefined, 'active', 'registered');
  }

  private arm(sub: Subscription): void {
    clearTimeout(sub.timer);
    sub.timer = setTimeout(() => this.notify(sub, 'terminated', 'timeout', 'active', 'registered'), Math.max(0, Math.min(sub.expiresAt - this.now(), 2 ** 31 - 1)));
    sub.timer.unref();
  }

  /** Re-arms the subscriptions saved with the registrations restored after a restart. */
  restore(): number {
    let n = 0;
    const now = this.now();
    for (const reg of this.store.all()) {
      for (const saved of this.store.subscriptionsOf(reg.aor) as StoredSubscription[]) {
        if (saved.expiresAt <= now) continue;
        const sub: Subscription = { ...saved, timer: undefined };
        this.subscriptions.set(sub.id, sub);
        this.arm(sub);
        n++;
      }
    }
    return n;
  }

  private persist(aor: string): void {
    const list: StoredSubscription[] = [];
    for (const sub of this.subscriptions.values()) {
      if (sub.aor !== aor) continue;
      const { timer: _timer, ...saved } = sub;
      list.push(saved);
    }
    void this.store.setSubscriptions(aor, list).catch((e: unknown) => this.log(`subscriptions of ${aor} not saved: ${String(e)}`));
  }

  private onRegistrationChange(change: RegistrationChange): void {
    const aor = change.registration.aor;
    for (const sub of this.subscriptions.values()) {
      if (sub.aor !== aor) continue;
      if (change.type === 'removed') {
        // TS 24.229 §5.4.1.5: network-initiated de-registration ends the subscription too.
        const reason = change.reason === 'rejected' ? 'rejected' : change.reason === 'deactivated' ? 'deactivated' : 'noresource';
        const event: ContactEvent = change.reason;
        this.notify(sub, 'terminated', reason, 'terminated', event, change.registration);
      } else this.notify(sub, 'active', undefined, 'active', change.type === 'registered' ? 'registered' : 'refreshed');
    }
  }

  private notify(
    sub: Subscription,
    subState: 'active' | 'terminated',
    reason: string | undefined,
    contactState: 'active' | 'terminated',
    event: ContactEvent,
    registration = this.store.find(sub.aor),
  ): void {
    sub.version++;
    sub.cseq++;
    const now = this.now();
    const body = reginfoXml({ version: sub.version - 1, identities: sub.identities, registration, state: contactState, event, now });
    const left = Math.max(0, Math.round((sub.expiresAt - now) / 1000));
    const headers = [
      { name: 'Max-Forwards', value: '70' },
      ...sub.routeSet.map((uri) => ({ name: 'Route', value: `<${uri}>` })),
      { name: 'From', value: sub.localUri },
      { name: 'To', value: sub.remoteUri },
      { name: 'Call-ID', value: sub.callId },
      { name: 'CSeq', value: `${sub.cseq} NOTIFY` },
      { name: 'Contact', value: `<${this.contactUri}>` },
      { name: 'Event', value: 'reg' },
      { name: 'Subscription-State', value: subState === 'active' ? `active;expires=${left}` : `terminated;reason=${reason ?? 'noresource'}` },
      { name: 'Content-Type', value: 'application/reginfo+xml' },
    ];
    const notify: SipRequest = createRequest({ method: 'NOTIFY', uri: sub.remoteTarget, headers, body: new TextEncoder().encode(body) });
    if (subState === 'terminated') {
      clearTimeout(sub.timer);
      this.subscriptions.delete(sub.id);
    }
    // The CSeq and version must keep growing across a restart.
    if (this.store.find(sub.aor) !== undefined) this.persist(sub.aor);
    const first = sub.routeSet[0] ?? sub.remoteTarget;
    const target: Target | undefined = targetOfUri(first);
    for (const l of this.sentListeners) l(sub.aor, subState, body);
    if (target === undefined) return;
    const tx = this.stack.sendRequest(notify, target);
    void tx.outcome.then((outcome) => {
      if (outcome.type !== 'response' || outcome.response.status >= 300) this.log(`NOTIFY for ${sub.aor} not delivered (${outcome.type === 'response' ? outcome.response.status : outcome.type})`);
      // RFC 6665 §4.2.2: a 481 ends the subscription.
      if (outcome.type === 'response' && outcome.response.status === 481) this.subscriptions.delete(sub.id);
    });
  }

  close(): void {
    for (const s of this.subscriptions.values()) clearTimeout(s.timer);
  }
}
