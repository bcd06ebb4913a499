// P-CSCF: the outbound edge proxy of RFC 5626 / RFC 7118 Appendix B. Clients reach it over
// WebSocket, TCP or TLS (the access stack); it talks to the S-CSCF over SIP/TCP (the core stack).
// It keeps each client's flow and names it in Path and Record-Route, so that requests from the
// network go back over the very connection the client opened.
import {
  SipStack, TcpTransport, TlsTransport, WsTransport, addHeader, checkMaxForwards, createResponse, forwardCancel, forwardRequest,
  forwardStateless, forwardStrayResponse, getHeader, getHeaders, isSipUri, parseContact, parseNameAddr, parseNameAddrList, parseUri, processRoute, removeHeader,
} from '@eims/sip';
import type { ClientTransaction, Endpoint, IncomingRequest, SipRequest, Target, TlsTransportOptions } from '@eims/sip';
import { impuKey } from '../core/public-identity.ts';
import { rememberBranch } from '../core/proxy-preamble.ts';
import { hasToTag, popOwnRoutes, targetOfUri, topRouteUri, uriNamesEndpoint } from '../core/next-hop.ts';
import { RegisteredFlows, contactKey } from './registered-flows.ts';

export interface PcscfOptions {
  readonly host?: string;
  /** SIP over WebSocket (RFC 7118); default 5066, 0 for any. */
  readonly wsPort?: number;
  readonly tcpPort?: number;
  /** SIP over TLS; only started when `tls` is given. */
  readonly tlsPort?: number;
  /** SIP over secure WebSocket (wss, RFC 7118); only started when `tls` is given; default 0 (any). */
  readonly wssPort?: number;
  readonly tls?: Pick<TlsTransportOptions, 'server' | 'client'>;
  /** Internal SIP/TCP listener towards the S-CSCF; default 0. */
  readonly corePort?: number;
  /** Where the S-CSCF listens (core side). */
  readonly scscf: Endpoint;
  /** Bad-input guards of every access listener. */
  readonly firstMessageTimeoutMs?: number;
  readonly log?: (line: string) => void;
}

/** Where the P-CSCF listens: access transports for clients, `core` towards the S-CSCF. */
export type PcscfListeners = { ws: Endpoint; wss: Endpoint | undefined; tcp: Endpoint; tls: Endpoint | undefined; core: Endpoint };

const TO_TAG = 'pcscf';
/** Identity headers a UE may not assert itself (RFC 3325 §5: only the trust domain asserts). */
const UNTRUSTED_IDENTITY_HEADERS = ['P-Asserted-Identity', 'P-Preferred-Identity'] as const;

/**
 * The P-CSCF. Start with `Pcscf.start(options)`.
 * @example const pcscf = await Pcscf.start({ wsPort: 0, tcpPort: 0, scscf: { host: '127.0.0.1', port: 6060 } });
 */
export class Pcscf {
  readonly access = new SipStack({ trying: 'immediate' });
  readonly core = new SipStack({ trying: 'immediate' });
  private readonly options: PcscfOptions;
  /** Client transactions forwarded for each server transaction (CANCEL needs them, §16.10). */
  private readonly branches = new Map<string, ClientTransaction[]>();
  /** Who registered over each access flow (learnt from the REGISTER and its 200 OK). */
  private readonly registeredFlows = new RegisteredFlows();

  private constructor(options: PcscfOptions) {
    this.options = options;
  }

  static async start(options: PcscfOptions): Promise<Pcscf> {
    const p = new Pcscf(options);
    const host = options.host ?? '127.0.0.1';
    const guards = options.firstMessageTimeoutMs === undefined ? {} : { firstMessageTimeoutMs: options.firstMessageTimeoutMs };
    await p.access.addTransport(new WsTransport({ host, port: options.wsPort ?? 5066, ...guards }));
    await p.access.addTransport(new TcpTransport({ host, port: options.tcpPort ?? 5060, ...guards }));
    if (options.tls !== undefined) {
      await p.access.addTransport(new TlsTransport({ host, port: options.tlsPort ?? 5061, ...options.tls, ...guards }));
      await p.access.addTransport(new WsTransport({ host, port: options.wssPort ?? 0, tls: options.tls.server, ...guards }));
    }
    await p.core.addTransport(new TcpTransport({ host, port: options.corePort ?? 0, ...guards }));
    p.access.onRequest((incoming) => p.fromClient(incoming));
    p.core.onRequest((incoming) => p.fromNetwork(incoming));
    p.access.onStrayResponse((response) => void forwardStrayResponse(p.core, response, () => true));
    p.core.onStrayResponse((response) => void forwardStrayResponse(p.access, response, () => true));
    p.access.flows.onClosed((flow) => p.registeredFlows.closed(flow.id));
    return p;
  }

  private boundListeners: PcscfListeners | undefined;
  private localEndpoints: Endpoint[] | undefined;

  /** Bound addresses of the access listeners (fixed once started; every routed message asks). */
  get listeners(): PcscfListeners {
    this.boundListeners ??= {
      ws: this.access.transport('ws')!.local,
      wss: this.access.transport('wss')?.local,
      tcp: this.access.transport('tcp')!.local,
      tls: this.access.transport('tls')?.local,
      core: this.core.transport('tcp')!.local,
    };
    return this.boundListeners;
  }

  /**
   * Abruptly closes client connections, as a network failure would: all of them, or those of one
   * transport, or those over which `aor` is registered. Returns how many were closed. Clients see
   * a lost connection (no WebSocket Close frame); their registrations' flows fail, and dialogs
   * follow them to the new flow they register over (RFC 5626 §4.4, §5.3).
   * @example core.pcscf.dropClientConnections({ aor: 'sip:alice@acme.example' }) // 1
   */
  dropClientConnections(filter: { aor?: string; transport?: 'ws' | 'wss' | 'tcp' | 'tls' } = {}): number {
    const aorFlows = filter.aor === undefined ? undefined : new Set(this.registeredFlows.flowsOf(impuKey(filter.aor) ?? filter.aor));
    const doomed = [...this.access.flows.entries()].filter(
      (e) => (filter.transport === undefined || e.flow.transport === filter.transport) && (aorFlows === undefined || aorFlows.has(e.flow.id)),
    );
    for (const entry of doomed) {
      if (entry.abort !== undefined) entry.abort();
      else entry.close();
    }
    return doomed.length;
  }

  /** The URI naming one access flow on the core side: Path and Record-Route carry it (RFC 5626 §5.1). */
  private flowUri(flowId: string): string {
    const c = this.listeners.core;
    return `sip:${flowId}@${c.host}:${c.port};transport=tcp;lr`;
  }

  private isLocal = (uri: string): boolean => {
    if (this.localEndpoints === undefined) {
      const l = this.listeners;
      this.localEndpoints = [l.core, l.tcp, l.ws, ...(l.tls === undefined ? [] : [l.tls]), ...(l.wss === undefined ? [] : [l.wss])];
    }
    return uriNamesEndpoint(uri, this.localEndpoints);
  };

  private get scscfTarget(): Target {
    return { transport: 'tcp', host: this.options.scscf.host, port: this.options.scscf.port };
  }

  // ---- requests from clients (access side) ----

  private fromClient(incoming: IncomingRequest): void {
    const { request, transaction, flow } = incoming;
    if (transaction === undefined) {
      // ACK for a 2xx: loose-routed along the dialog's route set (§16.11).
      processRoute(request, this.isLocal);
      const next = topRouteUri(request);
      const target = next === undefined ? undefined : targetOfUri(next);
      if (target !== undefined) void forwardStateless(this.core, request, target).catch((e: unknown) => this.log(`ACK not forwarded: ${String(e)}`));
      return;
    }
    if (request.method === 'CANCEL') {
      const branches = incoming.cancelled === undefined ? [] : (this.branches.get(incoming.cancelled.id) ?? []);
      void forwardCancel(this.core, incoming, branches);
      return;
    }
    const tooMany = checkMaxForwards(request, TO_TAG);
    if (tooMany !== undefined) return transaction.respond(tooMany);
    processRoute(request, this.isLocal);
    for (const name of UNTRUSTED_IDENTITY_HEADERS) removeHeader(request, name);
    const next = topRouteUri(request);
    const nextTarget = next === undefined ? this.scscfTarget : targetOfUri(next);
    if (nextTarget === undefined) return transaction.respond(createResponse(request, 416, undefined, { toTag: TO_TAG }));
    const dialogCreating = !hasToTag(request) && request.method !== 'REGISTER';
    const registered = this.registeredFlows.get(flow.id)?.identities;
    const branch = forwardRequest(this.core, transaction, nextTarget, {
      toTag: TO_TAG,
      ...(dialogCreating ? { recordRoute: this.flowUri(flow.id) } : {}),
      edit: (copy) => {
        if (request.method === 'REGISTER') {
          // RFC 3327 §5.1 / RFC 5626 §5.1: the edge proxy names the flow in Path, `ob` = outbound.
          addHeader(copy, 'Path', `<${this.flowUri(flow.id)};ob>`, 'first');
          return;
        }
        // RFC 3325 §4: the trust domain asserts the identity the user registered over this flow.
        const fromKey = fromUriKey(request);
        if (registered !== undefined && fromKey !== undefined && registered.has(fromKey)) {
          addHeader(copy, 'P-Asserted-Identity', `<${fromUri(request)}>`);
        }
      },
    });
    this.remember(transaction.id, branch);
    if (request.method === 'REGISTER') branch.onResponse((response) => this.learnRegistration(flow.id, request, response.status, getHeaders(response, 'P-Associated-URI')));
  }

  private learnRegistration(flowId: string, request: SipRequest, status: number, associated: readonly string[]): void {
    if (status !== 200) return;
    const expires = getHeader(request, 'Expires');
    if (expires === '0') {
      this.registeredFlows.forget(flowId);
      return;
    }
    const set = new Set(this.registeredFlows.get(flowId)?.identities ?? []);
    for (const value of associated) {
      const parsed = parseNameAddrList(value, 'P-Associated-URI');
      if (!parsed.ok) continue;
      for (const na of parsed.value) {
        const key = impuKey(na.uri);
        if (key !== undefined) set.add(key);
      }
    }
    const contacts: string[] = [];
    let instanceId: string | undefined;
    for (const value of getHeaders(request, 'Contact')) {
      const contact = parseContact(value);
      if (!contact.ok || contact.value.wildcard) continue;
      const key = contactKey(contact.value.uri);
      if (key !== undefined) contacts.push(key);
      instanceId ??= contact.value.instanceId;
    }
    const to = getHeader(request, 'To');
    const toAddr = to === undefined ? undefined : parseNameAddr(to, 'To');
    const aor = (toAddr?.ok ? impuKey(toAddr.value.uri) : undefined) ?? '';
    this.registeredFlows.learn(flowId, { aor, identities: set, contacts, ...(instanceId === undefined ? {} : { instanceId }) });
  }

  // ---- requests from the network (core side) ----

  private fromNetwork(incoming: IncomingRequest): void {
    const { request, transaction } = incoming;
    const flowToken = this.popOwnRoutes(request);
    const next = topRouteUri(request);
    const target: Target | undefined = next !== undefined ? targetOfUri(next) : flowToken === undefined ? undefined : { flowId: this.liveFlow(flowToken) };
    if (transaction === undefined) {
      if (target !== undefined) void forwardStateless(next !== undefined ? this.core : this.access, request, target).catch((e: unknown) => this.log(`ACK not forwarded: ${String(e)}`));
      return;
    }
    if (request.method === 'CANCEL') {
      const branches = incoming.cancelled === undefined ? [] : (this.branches.get(incoming.cancelled.id) ?? []);
      void forwardCancel(this.access, incoming, branches);
      return;
    }
    const tooMany = checkMaxForwards(request, TO_TAG);
    if (tooMany !== undefined) return transaction.respond(tooMany);
    if (target === undefined) return transaction.respond(createResponse(request, 404, undefined, { toTag: TO_TAG }));
    if ('flowId' in target && this.access.flows.get(target.flowId) === undefined) {
      void this.reconnect(request.uri).then((flowId) => {
        // RFC 5626 §5.3: the flow is gone (and the UA cannot be reached otherwise); the registrar
        // drops that binding.
        if (flowId === undefined) return transaction.respond(createResponse(request, 430, 'Flow Failed', { toTag: TO_TAG }));
        this.forwardToClient(incoming, { flowId });
      });
      return;
    }
    this.forwardToClient(incoming, target, next !== undefined);
  }

  private forwardToClient(incoming: IncomingRequest, target: Target, viaCore = false): void {
    const { request, transaction } = incoming;
    if (transaction === undefined) return;
    const dialogCreating = !hasToTag(request) && 'flowId' in target;
    const branch = forwardRequest(viaCore ? this.core : this.access, transaction, target, {
      toTag: TO_TAG,
      ...(dialogCreating && 'flowId' in target ? { recordRoute: this.flowUri(target.flowId) } : {}),
    });
    this.remember(transaction.id, branch);
  }

  /** The flow itself while it lives; once lost, the flow its client registered over since, if any. */
  private liveFlow(flowId: string): string {
    if (this.access.flows.get(flowId) !== undefined) return flowId;
    return this.registeredFlows.replacementFor(flowId, (id) => this.access.flows.get(id) !== undefined) ?? flowId;
  }

  /**
   * A UA that registered a TCP contact it listens on (a PBX, SIPp) is still reachable after its
   * connection is gone, e.g. after a restart of the emulator: open a new connection to the contact.
   * Browsers (`.invalid` hosts, WebSocket) cannot be reached that way.
   */
  private async reconnect(contact: string): Promise<string | undefined> {
    const parsed = parseUri(contact);
    if (!parsed.ok || !isSipUri(parsed.value)) return undefined;
    const u = parsed.value;
    if ((u.params.get('transport') ?? '').toLowerCase() !== 'tcp' || u.host.endsWith('.invalid') || u.port === undefined) return undefined;
    const tcp = this.access.transport('tcp');
    try {
      const entry = await tcp?.flowTo({ host: u.host.replace(/^\[|\]$/g, ''), port: u.port });
      return entry?.flow.id;
    } catch (error) {
      this.log(`cannot reach ${contact}: ${String(error)}`);
      return undefined;
    }
  }

  /** Pops every leading Route naming us (§16.4) and returns the flow token of the last one. */
  private popOwnRoutes(request: SipRequest): string | undefined {
    return popOwnRoutes(request, this.isLocal).findLast((user) => user !== undefined);
  }

  private remember(serverTxId: string, branch: ClientTransaction): void {
    rememberBranch(this.branches, serverTxId, branch);
  }

  private log(line: string): void {
    this.options.log?.(`pcscf: ${line}`);
  }

  async close(): Promise<void> {
    await this.access.close();
    await this.core.close();
  }
}


function fromUri(request: SipRequest): string {
  const from = getHeader(request, 'From');
  const parsed = from === undefined ? undefined : parseNameAddr(from, 'From');
  return parsed?.ok ? parsed.value.uri : '';
}

function fromUriKey(request: SipRequest): string | undefined {
  return impuKey(fromUri(request));
}
