// S-CSCF with the I-CSCF role folded in: registrar (RFC 3261 §10.3, RFC 8898, RFC 7616), reg event
// notifier (RFC 3680), and session routing with originating and terminating service triggers
// through the MMTel AS (TS 23.218 iFC reduced to: every INVITE of a served user goes to the AS).
// Phases live in the user part of our own Route URIs: `orig` (Service-Route), `term`, `deliver`.
import { randomBytes } from 'node:crypto';
import {
  SipStack, TcpTransport, addHeader, createResponse, forwardRequest, forwardStrayResponse,
  getHeader, getHeaders, parseCredentials, parseNameAddr, removeHeader,
} from '@eims/sip';
import type { ClientTransaction, Endpoint, IncomingRequest, ServerTransaction, SipRequest, Target } from '@eims/sip';
import { domainOf } from '../core/public-identity.ts';
import { handleProxyPreamble, rememberBranch } from '../core/proxy-preamble.ts';
import { hasToTag, popOwnRoutes, targetOfUri, topRouteUri, uriNamesEndpoint } from '../core/next-hop.ts';
import { relayRequest } from '../core/relay-request.ts';
import { DigestAuthenticator } from './digest-auth.ts';
import type { If1Port } from './if1-port.ts';
import { RegEventNotifier } from './reg-event-notifier.ts';
import { bearerChallengeHeader, handleRegister, type RegistrarContext } from './registrar.ts';
import { RegistrationStore, type Registration, type RegistrationChange } from './registration-store.ts';
import { TOKEN_FAILURE_POLICY } from './token-failure-policy.ts';

export interface ScscfOptions {
  readonly host?: string;
  /** Internal SIP/TCP port; default 6060, 0 for any. */
  readonly port?: number;
  readonly domain: string;
  readonly if1: If1Port;
  /** The MMTel AS (SIP/TCP); without it calls are routed with no service triggers. */
  readonly as?: Endpoint;
  /** 6.X.2.3: Route URIs towards the IBCF for a called number served by an enterprise PBX (SIP trunk), if any. */
  readonly trunkRoute?: (requestUri: string) => readonly string[] | undefined;
  readonly digestSecret?: Buffer;
  /** A connection that sends no whole message within this time is closed (bad-input guard). */
  readonly firstMessageTimeoutMs?: number;
  readonly minExpires?: number;
  readonly maxExpires?: number;
  readonly now?: () => number;
  readonly log?: (line: string) => void;
}

/** Call-IDs and tags of third-party REGISTERs (TS 24.229 §5.4.1.7): this process's prefix + a counter. */
const THIRD_PARTY_PREFIX = randomBytes(8).toString('hex');
let thirdPartySeq = 0;
const TO_TAG = 'scscf';
type Phase = 'orig' | 'term' | 'deliver' | 'dialog';

export class Scscf {
  readonly stack: SipStack;
  readonly store: RegistrationStore;
  readonly regEvent: RegEventNotifier;
  private readonly options: ScscfOptions;
  private readonly now: () => number;
  private readonly registrar: RegistrarContext;
  private readonly branches = new Map<string, ClientTransaction[]>();
  private stopEvents: (() => void) | undefined;
  /** What the MMTel AS was last told of each registration (third-party REGISTER): latest expiry, implicit set. */
  private readonly toldAs = new Map<string, { expiresAt: number; set: string }>();

  private constructor(options: ScscfOptions, stack: SipStack, local: Endpoint) {
    this.options = options;
    this.stack = stack;
    this.now = options.now ?? Date.now;
    this.store = new RegistrationStore(options.if1, this.now, (e) => this.log(`registration not saved through IF1: ${e instanceof Error ? e.message : String(e)}`));
    const base = `${local.host}:${local.port};transport=tcp`;
    this.registrar = {
      if1: options.if1,
      store: this.store,
      digest: new DigestAuthenticator(options.digestSecret ?? randomBytes(32)),
      domain: options.domain,
      scscfUri: `sip:scscf@${base}`,
      serviceRoute: `sip:orig@${base};lr`,
      now: this.now,
      toTag: TO_TAG,
      minExpires: options.minExpires ?? 60,
      maxExpires: options.maxExpires ?? 3600,
    };
    this.regEvent = new RegEventNotifier({ stack: this.stack, store: this.store, contactUri: `sip:scscf@${base}`, now: this.now, log: (l) => this.log(l) });
  }

  static async start(options: ScscfOptions): Promise<Scscf> {
    const stack = new SipStack({ trying: 'immediate' });
    const guard = options.firstMessageTimeoutMs === undefined ? {} : { firstMessageTimeoutMs: options.firstMessageTimeoutMs };
    await stack.addTransport(new TcpTransport({ host: options.host ?? '127.0.0.1', port: options.port ?? 6060, ...guard }));
    const s = new Scscf(options, stack, stack.transport('tcp')!.local);
    s.stack.onRequest((incoming) => s.onRequest(incoming));
    s.stack.onStrayResponse((response) => void forwardStrayResponse(s.stack, response, () => true));
    s.store.onChange((change) => s.onRegistrationChange(change));
    const restored = await s.store.restore();
    if (restored > 0) s.log(`restored ${restored} registration(s) and ${s.regEvent.restore()} reg event subscription(s)`);
    s.stopEvents = options.if1.events((event) => {
      // Data decoupling: the EDS says the employee lost access; de-register now (TS 24.229 §5.4.1.5).
      void s.store.remove(event.impu, event.reason).then((removed) => {
        if (removed !== undefined) s.log(`network-initiated de-registration of ${removed.aor} (${event.reason})`);
      });
    });
    return s;
  }

  get local(): Endpoint {
    return this.stack.transport('tcp')!.local;
  }

  private isLocal = (uri: string): boolean => uriNamesEndpoint(uri, [this.local]);

  private uri(user: string): string {
    return `sip:${user}@${this.local.host}:${this.local.port};transport=tcp;lr`;
  }

  private onRequest(incoming: IncomingRequest): void {
    const { request, transaction } = incoming;
    if (handleProxyPreamble({ stack: this.stack, popOwnRoutes: (request) => this.popOwnRoutes(request), branches: this.branches, toTag: TO_TAG, log: (m) => this.log(m) }, incoming) || transaction === undefined) return;
    if (request.method === 'REGISTER') {
      void this.register(transaction);
      return;
    }
    const phase = this.popOwnRoutes(request);
    if (request.method === 'SUBSCRIBE' && /^reg\b/i.test(getHeader(request, 'Event') ?? '') && (phase === 'dialog' || phase === 'orig')) {
      this.regEvent.handleSubscribe(transaction, assertedIdentity(request));
      return;
    }
    const next = topRouteUri(request);
    if (next !== undefined || hasToTag(request)) {
      // In-dialog (or loose-routed onwards): follow the route set (§16.4, §16.6).
      const target = targetOfUri(next ?? request.uri);
      if (target === undefined) return transaction.respond(createResponse(request, 404, undefined, { toTag: TO_TAG }));
      this.forward(transaction, target, {});
      return;
    }
    switch (phase) {
      case 'orig':
      case 'dialog':
        void this.originating(transaction);
        return;
      case 'term':
        this.terminating(transaction);
        return;
      case 'deliver':
        this.deliver(transaction);
        return;
    }
  }

  private async register(tx: ServerTransaction): Promise<void> {
    try {
      const outcome = await handleRegister(this.registrar, tx.request);
      tx.respond(outcome.response);
    } catch (error) {
      this.log(`REGISTER failed: ${error instanceof Error ? error.message : String(error)}`);
      // The EDS could not be asked (RFC 3261 §21.5.4: try again later).
      if (!tx.finalSent) tx.respond(createResponse(tx.request, 503, 'Service Unavailable', { toTag: TO_TAG, headers: [{ name: 'Retry-After', value: '5' }] }));
    }
  }

  /** Originating session case: authorise the caller, assert the identity, trigger the AS. */
  private async originating(tx: ServerTransaction): Promise<void> {
    const request = tx.request;
    const reply = (status: number, reason?: string, headers: { name: string; value: string }[] = []): void =>
      tx.respond(createResponse(request, status, reason, { toTag: TO_TAG, headers }));
    const from = parseNameAddr(getHeader(request, 'From') ?? '', 'From');
    if (!from.ok) return reply(400, 'Bad From');
    const callerUri = from.value.uri;
    const domain = domainOf(callerUri) ?? '';
    let served: string;
    let displayName: string | undefined;
    try {
      const enterprise = await this.options.if1.bearerChallenge(domain);
      if (enterprise !== undefined) {
        // An INVITE from a 3PID carries its token too (issue 4 item 4; RFC 8898 §6).
        const token = bearerToken(request);
        const result = token === undefined ? ({ ok: false, code: 'token_missing' } as const) : await this.options.if1.authenticate({ impu: callerUri, token, purpose: 'call', scscf: this.registrar.scscfUri });
        if (!result.ok) {
          const answer = TOKEN_FAILURE_POLICY[result.code];
          if (answer.status !== 401) return reply(answer.status, answer.reason);
          const challenge = await bearerChallengeHeader(this.registrar, domain, answer.error);
          return challenge === undefined ? reply(403, 'Enterprise Not Provisioned') : reply(401, answer.reason, [challenge]);
        }
        served = result.value.implicitSet[0] ?? callerUri;
        displayName = from.value.displayName ?? result.value.displayName;
      } else {
        // A carrier subscriber: the P-CSCF asserted the identity registered over the flow.
        const asserted = assertedIdentity(request);
        const reg = asserted === undefined ? undefined : this.store.find(asserted);
        if (reg === undefined) return reply(403, 'Not Registered');
        served = reg.aor;
        displayName = from.value.displayName ?? (reg.displayName === '' ? undefined : reg.displayName);
      }
    } catch (error) {
      this.log(`originating check failed: ${String(error)}`);
      return reply(503, 'Service Unavailable', [{ name: 'Retry-After', value: '5' }]);
    }
    if (tx.finalSent) return; // cancelled meanwhile
    const as = this.options.as;
    const next: Target = as === undefined ? { transport: 'tcp', host: this.local.host, port: this.local.port } : { transport: 'tcp', host: as.host, port: as.port };
    this.forward(tx, next, {
      recordRoute: this.uri('scscf'),
      edit: (copy) => {
        removeHeader(copy, 'Authorization');
        removeHeader(copy, 'Proxy-Authorization');
        removeHeader(copy, 'P-Asserted-Identity');
        // RFC 3325: the network asserts the authenticated identity.
        addHeader(copy, 'P-Asserted-Identity', displayName === undefined ? `<${served}>` : `"${displayName.replace(/["\\]/g, '')}" <${served}>`);
        // RFC 5502: which user the AS serves, in which session case.
        setSingle(copy, 'P-Served-User', `<${served}>;sescase=orig;regstate=reg`);
        if (as !== undefined) {
          addHeader(copy, 'Route', `<${this.uri('term')}>`, 'first');
          addHeader(copy, 'Route', `<sip:orig@${as.host}:${as.port};transport=tcp;lr>`, 'first');
        } else addHeader(copy, 'Route', `<${this.uri('term')}>`, 'first');
      },
    });
  }

  /** Terminating session case: the callee must be registered; trigger the AS, then deliver. */
  private terminating(tx: ServerTransaction): void {
    const request = tx.request;
    const reg = this.store.find(request.uri);
    if (reg === undefined) {
      // Not registered: a number of a trunk enterprise goes to its PBX through the IBCF (after the AS).
      const trunk = this.options.trunkRoute?.(request.uri);
      const as = this.options.as;
      const first = trunk?.[0] === undefined ? undefined : as === undefined ? targetOfUri(trunk[0]) : ({ transport: 'tcp', host: as.host, port: as.port } as const);
      if (trunk === undefined || first === undefined) return tx.respond(createResponse(request, 480, 'Temporarily Unavailable', { toTag: TO_TAG }));
      this.forward(tx, first, {
        edit: (copy) => {
          for (const uri of [...trunk].reverse()) addHeader(copy, 'Route', `<${uri}>`, 'first');
          if (as !== undefined) addHeader(copy, 'Route', `<sip:term@${as.host}:${as.port};transport=tcp;lr>`, 'first');
        },
      });
      return;
    }
    const as = this.options.as;
    if (as === undefined) return this.deliver(tx);
    this.forward(tx, { transport: 'tcp', host: as.host, port: as.port }, {
      edit: (copy) => {
        setSingle(copy, 'P-Served-User', `<${reg.aor}>;sescase=term;regstate=reg`);
        addHeader(copy, 'Route', `<${this.uri('deliver')}>`, 'first');
        addHeader(copy, 'Route', `<sip:term@${as.host}:${as.port};transport=tcp;lr>`, 'first');
      },
    });
  }

  /**
   * To the callee's most recent live binding, over its Path (RFC 3327 §5.3). A 430 Flow Failed from
   * the edge drops that binding and the next one is tried (RFC 5626 §5.3); none left: 480.
   */
  private deliver(tx: ServerTransaction, tried = new Set<string>()): void {
    const request = tx.request;
    const reg = this.store.find(request.uri);
    const binding = reg === undefined ? undefined : liveBindings(reg, this.now()).find((b) => !tried.has(b.contact));
    const target = binding === undefined ? undefined : targetOfUri(binding.path[0] ?? binding.contact);
    if (reg === undefined || binding === undefined || target === undefined) {
      if (!tx.finalSent) tx.respond(createResponse(request, 480, 'Temporarily Unavailable', { toTag: TO_TAG }));
      return;
    }
    tried.add(binding.contact);
    const branch = relayRequest(this.stack, tx, target, {
      toTag: TO_TAG,
      requestUri: binding.contact,
      edit: (copy) => {
        removeHeader(copy, 'P-Served-User');
        for (const p of [...binding.path].reverse()) addHeader(copy, 'Route', `<${p}>`, 'first');
      },
      intercept: (response) => {
        if (response.status !== 430) return true;
        void this.store.dropBinding(reg.aor, binding.contact).then(() => this.deliver(tx, tried));
        return false;
      },
    });
    rememberBranch(this.branches, tx.id, branch);
  }

  private forward(tx: ServerTransaction, target: Target, options: Parameters<typeof forwardRequest>[3]): ClientTransaction {
    const branch = forwardRequest(this.stack, tx, target, { toTag: TO_TAG, ...options });
    rememberBranch(this.branches, tx.id, branch);
    return branch;
  }

  /** Pops our Route values; the phase is the user part of the last one (or `orig` when none named us). */
  private popOwnRoutes(request: SipRequest): Phase {
    const users = popOwnRoutes(request, this.isLocal);
    if (users.length === 0) return 'orig';
    const user = users.at(-1);
    return user === 'term' ? 'term' : user === 'deliver' ? 'deliver' : user === 'orig' ? 'orig' : 'dialog';
  }

  /**
   * Tells the MMTel AS of registrations (third-party REGISTER, TS 24.229 §5.4.1.7) as its filter
   * criteria would ask for initial registration, de-registration and re-registration (TS 29.228
   * RegistrationType): every new registration, every removal (Expires 0), and a re-registration
   * when what the AS was last told has less than half of the new lifetime left or the implicit
   * set changed. So the AS's view never lapses while the user is registered, and a client
   * refreshing often costs no third-party transaction per refresh.
   */
  private onRegistrationChange(change: RegistrationChange): void {
    const reg = change.registration;
    if (change.type === 'removed') {
      this.toldAs.delete(reg.aor);
      return this.thirdPartyRegister(reg, 0);
    }
    const now = this.now();
    const expiresAt = Math.max(...reg.bindings.map((b) => b.expiresAt));
    const set = reg.implicitSet.join(' ');
    const told = this.toldAs.get(reg.aor);
    if (told !== undefined && told.set === set && told.expiresAt - now >= (expiresAt - now) / 2) return;
    this.toldAs.set(reg.aor, { expiresAt, set });
    this.thirdPartyRegister(reg, Math.max(0, Math.round((expiresAt - now) / 1000)));
  }

  /** RFC 3680 / TS 24.229 §5.4.2.1.2 third-party REGISTER to the AS (Expires 0 on removal). */
  private thirdPartyRegister(reg: Registration, left: number): void {
    const as = this.options.as;
    if (as === undefined) return;
    // Unique without a CSPRNG call per REGISTER: a random per-process prefix and a counter.
    const n = (thirdPartySeq = (thirdPartySeq + 1) % Number.MAX_SAFE_INTEGER);
    const tag = `${THIRD_PARTY_PREFIX.slice(0, 8)}${n.toString(36)}`;
    const request: SipRequest = {
      type: 'request',
      method: 'REGISTER',
      uri: `sip:${as.host}:${as.port};transport=tcp`,
      version: 'SIP/2.0',
      headers: [
        { name: 'Max-Forwards', value: '70' },
        { name: 'From', value: `<${this.registrar.scscfUri}>;tag=${tag}` },
        { name: 'To', value: `<${reg.aor}>` },
        { name: 'Call-ID', value: `3pr-${THIRD_PARTY_PREFIX}-${n.toString(36)}` },
        { name: 'CSeq', value: '1 REGISTER' },
        { name: 'Contact', value: `<${this.registrar.scscfUri}>` },
        { name: 'Expires', value: String(left) },
        { name: 'P-Associated-URI', value: reg.implicitSet.map((u) => `<${u}>`).join(', ') },
      ],
      body: new Uint8Array(0),
    };
    const tx = this.stack.sendRequest(request, { transport: 'tcp', host: as.host, port: as.port });
    void tx.outcome.then((o) => {
      if (o.type === 'response' && o.response.status < 300) return;
      this.log(`third-party REGISTER of ${reg.aor} to the AS failed`);
      this.toldAs.delete(reg.aor); // told again at the next refresh
    });
  }

  private log(line: string): void {
    this.options.log?.(`scscf: ${line}`);
  }

  async close(): Promise<void> {
    this.stopEvents?.();
    this.store.close();
    this.regEvent.close();
    await this.stack.close();
  }
}

/** Live bindings, the most recently refreshed first. */
function liveBindings(reg: Registration, now: number): Registration['bindings'] {
  return reg.bindings.filter((b) => b.expiresAt > now).sort((a, b) => b.expiresAt - a.expiresAt);
}


function bearerToken(request: SipRequest): string | undefined {
  for (const value of [...getHeaders(request, 'Authorization'), ...getHeaders(request, 'Proxy-Authorization')]) {
    const c = parseCredentials(value);
    if (c.ok && c.value.scheme.toLowerCase() === 'bearer' && c.value.token !== undefined) return c.value.token;
  }
  return undefined;
}

/** The identity the P-CSCF asserted (first P-Asserted-Identity URI). */
function assertedIdentity(request: SipRequest): string | undefined {
  const value = getHeaders(request, 'P-Asserted-Identity')[0];
  if (value === undefined) return undefined;
  const parsed = parseNameAddr(value, 'P-Asserted-Identity');
  return parsed.ok ? parsed.value.uri : undefined;
}

function setSingle(request: SipRequest, name: string, value: string): void {
  removeHeader(request, name);
  addHeader(request, name, value);
}

