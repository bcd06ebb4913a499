// What the P-CSCF knows about each access flow a client registered over: the public identities of
// the 200 OK (P-Associated-URI, for RFC 3325 assertion), the registered Contacts and the RFC 5626
// instance id. When a flow is lost the client re-registers over a new one; the dialogs it had keep
// their route sets (Record-Route names the old flow), so requests from the network for the old
// flow are delivered over the new flow of the same instance (RFC 5626 §5.3: the edge proxy
// forwards over "a flow" of that instance, not necessarily the one the dialog began on).
import { isSipUri, parseUri } from '@eims/sip';

/** One registration learnt on a flow. */
export interface FlowRegistration {
  /** Address-of-record key (`impuKey` of the REGISTER's To). */
  readonly aor: string;
  /** Public identity keys of the implicit registration set (P-Associated-URI). */
  readonly identities: ReadonlySet<string>;
  /** `user@host:port` of each registered Contact URI (lower-case host). */
  readonly contacts: readonly string[];
  /** `+sip.instance` of the Contact, when the UA sent one (RFC 5626 §4.1). */
  readonly instanceId?: string;
}

/** How many lost flows are remembered for re-targeting (oldest forgotten first). */
const DROPPED_FLOWS_KEPT = 10_000;

/**
 * @example
 * flows.learn(flow.id, { aor: 'sip:alice@acme.example', identities, contacts: ['x@y.invalid'] });
 * flows.replacementFor(oldFlowId, (id) => stack.flows.get(id) !== undefined); // the new flow id
 */
export class RegisteredFlows {
  /** Live flows in the order they last registered (latest last). */
  private readonly live = new Map<string, FlowRegistration>();
  private readonly dropped = new Map<string, FlowRegistration>();

  learn(flowId: string, registration: FlowRegistration): void {
    this.live.delete(flowId);
    this.live.set(flowId, registration);
  }

  /** The client removed its registration over this flow (Expires 0). */
  forget(flowId: string): void {
    this.live.delete(flowId);
  }

  /** The connection is gone: remember who was on it, so that its dialogs can follow the client. */
  closed(flowId: string): void {
    const registration = this.live.get(flowId);
    if (registration === undefined) return;
    this.live.delete(flowId);
    this.dropped.set(flowId, registration);
    if (this.dropped.size > DROPPED_FLOWS_KEPT) {
      const oldest = this.dropped.keys().next();
      if (oldest.done !== true) this.dropped.delete(oldest.value);
    }
  }

  get(flowId: string): FlowRegistration | undefined {
    return this.live.get(flowId);
  }

  /** Live flows over which `aorKey` is registered (as AOR or in the implicit set). */
  flowsOf(aorKey: string): string[] {
    const ids: string[] = [];
    for (const [id, r] of this.live) if (r.aor === aorKey || r.identities.has(aorKey)) ids.push(id);
    return ids;
  }

  /**
   * The flow that replaces a lost one: the latest live flow of the same instance, else the latest
   * live flow that registered the same Contact (the same device). Another device of the same AOR
   * is never chosen: its dialogs are not the lost flow's. Undefined when the client has not come back.
   */
  replacementFor(lostFlowId: string, isLive: (flowId: string) => boolean): string | undefined {
    const lost = this.dropped.get(lostFlowId) ?? this.live.get(lostFlowId);
    if (lost === undefined) return undefined;
    const candidates = [...this.live].filter(([id]) => id !== lostFlowId && isLive(id)).reverse();
    if (lost.instanceId !== undefined) {
      const same = candidates.find(([, r]) => r.instanceId === lost.instanceId);
      if (same !== undefined) return same[0];
    }
    return candidates.find(([, r]) => r.contacts.some((c) => lost.contacts.includes(c)))?.[0];
  }
}

/** `user@host:port` of a sip URI (the part that names a device's Contact), or undefined. */
export function contactKey(uri: string): string | undefined {
  const parsed = parseUri(uri);
  if (!parsed.ok || !isSipUri(parsed.value)) return undefined;
  const u = parsed.value;
  return `${u.user ?? ''}@${u.host.toLowerCase()}:${u.port ?? ''}`;
}
