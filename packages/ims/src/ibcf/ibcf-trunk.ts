// IBCF, SIP trunk side (TR 23.700-87 6.X.2.1 and 6.X.2.3; DESIGN.md: TLS 127.0.0.1:5071): enterprise
// PBXs connect over TLS with a client certificate; the EDS admits each connection over IF3 on its
// first request (refused: 403, audit entry, connection closed). INVITEs of admitted PBXs go to the
// S-CSCF's originating handling, which authorises the 3PID's bearer token like a softphone's;
// calls the S-CSCF routes to a trunk enterprise (Route `<sip:ibcf@core;lr>, <sip:<domain>;lr>`)
// go out over the PBX's admitted connection, or a new one to its provisioned address.
// Like the P-CSCF it has an access stack (TLS, the PBXs) and a core stack (TCP, the S-CSCF). It
// record-routes twice (RFC 5658), once per side, both naming the PBX connection (RFC 5626 §5.1
// flow token): the PBX's in-dialog requests reach the TLS side, the network's the core side.
import {
  SipStack, TcpTransport, TlsTransport, addHeader, checkMaxForwards, createResponse, forwardCancel, forwardRequest,
  forwardStateless, forwardStrayResponse, getHeader, getHeaders, parseHostPort, parseNameAddr, processRoute, removeHeader,
} from '@eims/sip';
import type { ClientTransaction, Endpoint, Flow, IncomingRequest, ServerTransaction, SipRequest, SipResponse, Target } from '@eims/sip';
import type { ConnectedTrunk } from '../eds/if3-api.ts';
import { domainOf } from '../core/public-identity.ts';
import { rememberBranch } from '../core/proxy-preamble.ts';
import { hasToTag, popOwnRoutes, targetOfUri, topRouteUri, uriNamesEndpoint, userOfUri } from '../core/next-hop.ts';
import { relayRequest } from '../core/relay-request.ts';
import { TrunkAdmissions, type TrunkIf3Port } from './trunk-admissions.ts';

export interface IbcfTrunkOptions {
  readonly host?: string;
  /** TLS port the PBXs connect to; default 5071, 0 for any. */
  readonly port?: number;
  /** Internal SIP/TCP listener towards the S-CSCF; default 0 (any). */
  readonly corePort?: number;
  /** The carrier's certificate: server side for PBXs, client side on connections the IBCF opens. */
  readonly tls: { readonly cert: string; readonly key: string };
  readonly scscf: Endpoint;
  readonly if3: TrunkIf3Port;
  /** The provisioned PBX address (`host:port`, TLS) of an enterprise domain, if any. */
  readonly pbxAddress: (domain: string) => string | undefined;
  /** A connection that sends no whole message within this time is closed (bad-input guard). */
  readonly firstMessageTimeoutMs?: number;
  readonly log?: (line: string) => void;
}

const TO_TAG = 'ibcf';
/** Nothing a PBX says asserts an identity or a served user: the S-CSCF decides (RFC 3325 §5). */
const UNTRUSTED_HEADERS = ['P-Asserted-Identity', 'P-Preferred-Identity', 'P-Served-User'] as const;
const ALLOW = 'INVITE, ACK, CANCEL, BYE, OPTIONS';

export class IbcfTrunk {
  readonly access = new SipStack({ trying: 'immediate' });
  readonly core = new SipStack({ trying: 'immediate' });
  readonly admissions: TrunkAdmissions;
  private readonly options: IbcfTrunkOptions;
  private readonly branches = new Map<string, ClientTransaction[]>();

  private constructor(options: IbcfTrunkOptions) {
    this.options = options;
    this.admissions = new TrunkAdmissions(options.if3, (line) => this.log(line));
  }

  /**
   * @example const trunk = await IbcfTrunk.start({ port: 5071, tls, scscf: scscf.local, if3: new If3Client(sbi), pbxAddress: () => undefined });
   */
  static async start(options: IbcfTrunkOptions): Promise<IbcfTrunk> {
    const t = new IbcfTrunk(options);
    const host = options.host ?? '127.0.0.1';
    const guard = { firstMessageTimeoutMs: options.firstMessageTimeoutMs ?? 5000 };
    await t.access.addTransport(new TlsTransport({
      host,
      port: options.port ?? 5071,
      // Every PBX must present a certificate; whether it is an enterprise's is IF3's answer, so the
      // handshake accepts any and the first request waits for the EDS (issue 7 item 1).
      server: { cert: options.tls.cert, key: options.tls.key, requestCert: true, rejectUnauthorized: false, handshakeTimeout: guard.firstMessageTimeoutMs },
      // The PBX's server certificate is checked by IF3 too, before anything is sent over it.
      client: { cert: options.tls.cert, key: options.tls.key, rejectUnauthorized: false },
      ...guard,
    }));
    await t.core.addTransport(new TcpTransport({ host, port: options.corePort ?? 0, ...guard }));
    t.access.onRequest((incoming) => void t.fromPbx(incoming));
    t.core.onRequest((incoming) => void t.fromNetwork(incoming));
    t.access.onStrayResponse((response) => void forwardStrayResponse(t.core, response, () => true));
    t.core.onStrayResponse((response) => void forwardStrayResponse(t.access, response, () => true));
    t.access.flows.onClosed((flow) => t.admissions.closed(flow.id));
    return t;
  }

  get listeners(): { tls: Endpoint; core: Endpoint } {
    return { tls: this.access.transport('tls')!.local, core: this.core.transport('tcp')!.local };
  }

  /** `sips:127.0.0.1:5071;transport=tls`: where PBXs connect. */
  get uri(): string {
    const l = this.listeners.tls;
    return `sips:${l.host}:${l.port};transport=tls`;
  }

  /** The Route URIs that send a terminating call of `domain`'s trunk here (S-CSCF, 6.X.2.3). */
  routeTo(domain: string): string[] {
    const c = this.listeners.core;
    return [`sip:ibcf@${c.host}:${c.port};transport=tcp;lr`, `sip:${domain};lr`];
  }

  /** Connected, admitted PBXs (also listed by the EDS: `ims trunk status`). */
  connected(): ConnectedTrunk[] {
    return this.admissions.list();
  }

  /** The PBX connection named on the core side (what the network's route sets hold). */
  private flowUri(flowId: string): string {
    const c = this.listeners.core;
    return `sip:${flowId}@${c.host}:${c.port};transport=tcp;lr`;
  }

  /** The PBX connection named on the TLS side (what the PBX's route sets hold). */
  private accessUri(flowId: string): string {
    const t = this.listeners.tls;
    return `sip:${flowId}@${t.host}:${t.port};transport=tls;lr`;
  }

  /** Bound addresses of both listeners (fixed once started; every routed message asks). */
  private localEndpoints: Endpoint[] | undefined;

  private isLocal = (uri: string): boolean => uriNamesEndpoint(uri, (this.localEndpoints ??= [this.listeners.core, this.listeners.tls]));

  // ---- from the PBX (access side) ----

  private async fromPbx(incoming: IncomingRequest): Promise<void> {
    const { request, transaction, flow } = incoming;
    if (transaction === undefined) {
      // ACK for a 2xx, only on an admitted connection: along the route set (§16.11).
      if (this.admissions.admitted(flow.id) === undefined) return;
      this.popOwnRoutes(request);
      const target = targetOfUri(topRouteUri(request) ?? '');
      if (target !== undefined) void forwardStateless(this.core, request, target).catch((e: unknown) => this.log(`ACK not forwarded: ${String(e)}`));
      return;
    }
    const admission = await this.admissions.admit(flow);
    const reply = (status: number, reason: string, headers: { name: string; value: string }[] = []): void => {
      if (!transaction.finalSent) transaction.respond(createResponse(request, status, reason, { toTag: TO_TAG, headers }));
    };
    if (!admission.ok) {
      if (admission.reason === 'eds_unavailable') return reply(503, 'Service Unavailable', [{ name: 'Retry-After', value: '5' }]);
      reply(403, 'PBX Not Admitted', [{ name: 'Warning', value: `399 ibcf "${admission.reason}"` }]);
      // An unknown PBX keeps no connection to the network (issue 7: refused and audited).
      setTimeout(() => this.access.flows.get(flow.id)?.close(), 200).unref();
      return;
    }
    if (request.method === 'CANCEL') {
      const branches = incoming.cancelled === undefined ? [] : (this.branches.get(incoming.cancelled.id) ?? []);
      void forwardCancel(this.core, incoming, branches);
      return;
    }
    const tooMany = checkMaxForwards(request, TO_TAG);
    if (tooMany !== undefined) return transaction.respond(tooMany);
    const dialogFlow = this.popOwnRoutes(request);
    for (const name of UNTRUSTED_HEADERS) removeHeader(request, name);
    if (hasToTag(request)) {
      // In-dialog: the route set names what follows us (§16.12); nothing else is reachable from a
      // trunk, and only dialogs of this PBX's enterprise (its connection may have been replaced).
      const target = targetOfUri(topRouteUri(request) ?? '');
      const owner = dialogFlow === undefined ? undefined : this.admissions.admitted(dialogFlow);
      if (target === undefined || dialogFlow === undefined || (owner !== undefined && owner.enterprise.id !== admission.trunk.enterprise.id)) {
        return reply(403, 'Not A Dialog Through This IBCF');
      }
      this.remember(transaction.id, forwardRequest(this.core, transaction, target, { toTag: TO_TAG }));
      return;
    }
    switch (request.method) {
      case 'INVITE':
        return this.originating(transaction, flow, admission.trunk);
      case 'OPTIONS':
        return reply(200, 'OK', [{ name: 'Allow', value: ALLOW }]);
      default:
        return reply(405, 'Method Not Allowed', [{ name: 'Allow', value: ALLOW }]);
    }
  }

  /** 6.X.2.1 steps 6-12: an employee's call from the PBX, to the S-CSCF's originating handling. */
  private originating(tx: ServerTransaction, flow: Flow, trunk: ConnectedTrunk): void {
    const request = tx.request;
    const from = parseNameAddr(getHeader(request, 'From') ?? '', 'From');
    const caller = from.ok ? from.value.uri : '';
    if (domainOf(caller) !== trunk.enterprise.domain) {
      // A PBX speaks for its own enterprise's 3PIDs only.
      this.refused(trunk, caller, 'foreign_3pid', `${caller || 'a missing From'} is not a 3PID of ${trunk.enterprise.domain}`);
      return tx.respond(createResponse(request, 403, '3PID Not Served By This Trunk', { toTag: TO_TAG }));
    }
    const scscf = this.options.scscf;
    const branch = relayRequest(this.core, tx, { transport: 'tcp', host: scscf.host, port: scscf.port }, {
      toTag: TO_TAG,
      // Core side on top: the callee's route set reaches us from the core, the PBX's (reversed) over TLS.
      recordRoute: this.accessUri(flow.id),
      edit: (copy) => {
        removeHeader(copy, 'Route');
        addHeader(copy, 'Record-Route', `<${this.flowUri(flow.id)}>`, 'first');
      },
      intercept: (response) => {
        if (response.status === 403) this.refused(trunk, caller, 'call_refused', `INVITE ${getHeader(request, 'Call-ID') ?? ''} refused by the S-CSCF: ${response.status} ${response.reason}`);
        if (response.status !== 401) return true;
        // RFC 8898 §4 / RFC 3261 §22.3: towards a trunk the challenge is a proxy's (407).
        tx.respond(asProxyChallenge(response));
        return false;
      },
    });
    this.remember(tx.id, branch);
  }

  private refused(trunk: ConnectedTrunk, impu: string, reason: string, detail: string): void {
    this.log(`${trunk.enterprise.domain}: ${detail}`);
    this.options.if3.reportRefusal({ enterpriseId: trunk.enterprise.id, impu: impu === '' ? null : impu, reason, detail }).catch((e: unknown) => this.log(`IF3 refusal report failed: ${String(e)}`));
  }

  // ---- from the network (core side) ----

  private async fromNetwork(incoming: IncomingRequest): Promise<void> {
    const { request, transaction } = incoming;
    const flowToken = this.popOwnRoutes(request);
    const next = topRouteUri(request);
    const trunkDomain = next !== undefined && flowToken === 'ibcf' ? domainRoute(next) : undefined;
    if (transaction === undefined) {
      const target: Target | undefined = next !== undefined ? targetOfUri(next) : flowToken === undefined ? undefined : { flowId: flowToken };
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
    const reply = (status: number, reason: string): void => transaction.respond(createResponse(request, status, reason, { toTag: TO_TAG }));
    if (trunkDomain !== undefined) {
      // 6.X.2.3: a new call for the enterprise's PBX.
      processRoute(request, (uri) => uri === next);
      const flowId = await this.pbxConnection(trunkDomain);
      if (transaction.finalSent) return;
      if (flowId === undefined) return reply(480, 'PBX Not Reachable');
      this.remember(transaction.id, forwardRequest(this.access, transaction, { flowId }, {
        toTag: TO_TAG,
        // TLS side on top: the PBX's route set reaches us over TLS, the caller's (reversed) from the core.
        recordRoute: this.flowUri(flowId),
        edit: (copy) => addHeader(copy, 'Record-Route', `<${this.accessUri(flowId)}>`, 'first'),
      }));
      return;
    }
    if (next !== undefined) {
      const target = targetOfUri(next);
      if (target === undefined) return reply(404, 'No Route Onwards');
      this.remember(transaction.id, forwardRequest(this.core, transaction, target, { toTag: TO_TAG }));
      return;
    }
    if (flowToken === undefined || this.access.flows.get(flowToken) === undefined) return reply(430, 'Flow Failed');
    this.remember(transaction.id, forwardRequest(this.access, transaction, { flowId: flowToken }, { toTag: TO_TAG }));
  }

  /** The PBX's admitted connection, else a new TLS connection to its provisioned address, admitted over IF3. */
  private async pbxConnection(domain: string): Promise<string | undefined> {
    const live = this.admissions.connectionsOf(domain).find((id) => this.access.flows.get(id) !== undefined);
    if (live !== undefined) return live;
    const address = this.options.pbxAddress(domain);
    const remote = address === undefined ? undefined : pbxEndpoint(address);
    if (remote === undefined) {
      this.log(`${domain}: no PBX connected and no PBX address provisioned`);
      return undefined;
    }
    try {
      const entry = await this.access.transport('tls')!.flowTo(remote);
      const admission = await this.admissions.admit(entry.flow);
      if (admission.ok && admission.trunk.enterprise.domain === domain) return entry.flow.id;
      this.log(`${domain}: the PBX at ${address} is not admitted (${admission.ok ? `its certificate is ${admission.trunk.enterprise.domain}'s` : admission.reason})`);
      entry.close();
      return undefined;
    } catch (error) {
      this.log(`${domain}: cannot reach the PBX at ${address}: ${String(error)}`);
      return undefined;
    }
  }

  /** Pops every leading Route naming us (§16.4); returns the user part of the last one. */
  private popOwnRoutes(request: SipRequest): string | undefined {
    return popOwnRoutes(request, this.isLocal).findLast((user) => user !== undefined);
  }

  private remember(serverTxId: string, branch: ClientTransaction): void {
    rememberBranch(this.branches, serverTxId, branch);
  }

  private log(line: string): void {
    this.options.log?.(`ibcf-trunk: ${line}`);
  }

  async close(): Promise<void> {
    await this.access.close();
    await this.core.close();
  }
}


/** `acme.example` from a Route `sip:acme.example;lr` naming an enterprise domain (no user, no port). */
function domainRoute(uri: string): string | undefined {
  if (userOfUri(uri) !== undefined || targetOfUri(uri) === undefined) return undefined;
  const m = /^sip:([A-Za-z0-9.-]+)(?:;|$)/.exec(uri);
  return m?.[1]?.toLowerCase();
}

/** `pbx.acme.example:5061` or `[::1]:5061` (the provisioned PBX address) as a socket endpoint; the port is required. */
function pbxEndpoint(address: string): Endpoint | undefined {
  const hp = parseHostPort(address);
  return hp?.port === undefined ? undefined : { host: hp.host.replace(/^\[|\]$/g, ''), port: hp.port };
}

/** The 401 of the S-CSCF as a proxy challenge: 407 with Proxy-Authenticate. */
function asProxyChallenge(response: SipResponse): SipResponse {
  const challenges = getHeaders(response, 'WWW-Authenticate');
  const copy: SipResponse = { ...response, status: 407, reason: 'Proxy Authentication Required', headers: response.headers.filter((h) => !/^www-authenticate$/i.test(h.name)) };
  for (const value of challenges) addHeader(copy, 'Proxy-Authenticate', value);
  return copy;
}
