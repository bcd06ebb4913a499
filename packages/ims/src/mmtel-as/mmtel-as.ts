// MMTel AS (TS 24.173, seed 6.X.2.1 steps 12-18, 6.X.2.5): reached by the S-CSCF's service
// triggers. Originating: removes what the device asserted about itself, presents the employee's
// E.164 in From and P-Asserted-Identity, signs SHAKEN with Rich Call Data (STI-AS) and keeps a
// call record (it stays in the dialog with Record-Route to see the BYE). Terminating: verifies
// the Identity (STI-VS) and delivers verstat and the verified name card. Users are known from
// the third-party REGISTER; their data is pulled over IF2.
import {
  SipStack, TcpTransport, addHeader, createResponse, forwardRequest, forwardStrayResponse,
  getHeader, getHeaders, parseNameAddr, parseNameAddrList, processRoute,
} from '@eims/sip';
import type { ClientTransaction, Endpoint, IncomingRequest, ServerTransaction, SipRequest } from '@eims/sip';
import type { CdrInput } from '../billing/cdr.ts';
import type { If2User } from '../eds/if2-api.ts';
import { impuKey } from '../core/public-identity.ts';
import { handleProxyPreamble, rememberBranch } from '../core/proxy-preamble.ts';
import { hasToTag, popOwnRoutes, targetOfUri, topRouteUri, uriNamesEndpoint } from '../core/next-hop.ts';
import { dispositionOf, toCdr, type CallRecord } from './call-record.ts';
import { presentE164 } from './presented-identity.ts';
import type { StirService, Verification } from '../stir/stir-service.ts';
import {
  SHAKEN_MEDIA_OPTION, addSupported, applyVerstat, calleesOf, callerOf, identitiesOf, setCardCallInfo, stripCallerAssertions,
} from './caller-verification-headers.ts';

/** IF2 as the AS uses it (`If2Client` satisfies it). */
export interface If2Port {
  user(id: string): Promise<If2User | undefined>;
}

/** Where CDRs go (`CdrStore` satisfies it). */
export interface CdrSink {
  append(input: CdrInput): unknown;
  /** Several in one go (one transaction), where the sink can. */
  appendAll?(inputs: readonly CdrInput[]): unknown;
}

export interface MmtelAsOptions {
  readonly host?: string;
  /** Internal SIP/TCP port; default 6070, 0 for any. */
  readonly port?: number;
  readonly domain: string;
  readonly if2: If2Port;
  readonly cdrs: CdrSink;
  /** STIR/SHAKEN signing (originating) and verification (terminating); without it neither happens. */
  readonly stir?: StirService;
  /** A connection that sends no whole message within this time is closed (bad-input guard). */
  readonly firstMessageTimeoutMs?: number;
  readonly now?: () => number;
  readonly log?: (line: string) => void;
}

const TO_TAG = 'mmtel-as';
/** `chargedParty` of the record of a call that came from a peer network (interconnect settlement). */
export const INTERCONNECT_PARTY = 'interconnect';

export class MmtelAs {
  readonly stack: SipStack;
  private readonly options: MmtelAsOptions;
  private readonly now: () => number;
  private readonly branches = new Map<string, ClientTransaction[]>();
  /** Calls by Call-ID, from the originating INVITE to their end. */
  private readonly calls = new Map<string, CallRecord>();
  /** Users registered through third-party REGISTER: IMPU key → expiry (ms). */
  private readonly registered = new Map<string, number>();
  private readonly cdrListeners = new Set<(cdr: CdrInput) => void>();

  private constructor(options: MmtelAsOptions, stack: SipStack) {
    this.options = options;
    this.stack = stack;
    this.now = options.now ?? Date.now;
  }

  static async start(options: MmtelAsOptions): Promise<MmtelAs> {
    const stack = new SipStack({ trying: 'immediate' });
    const guard = options.firstMessageTimeoutMs === undefined ? {} : { firstMessageTimeoutMs: options.firstMessageTimeoutMs };
    await stack.addTransport(new TcpTransport({ host: options.host ?? '127.0.0.1', port: options.port ?? 6070, ...guard }));
    const as = new MmtelAs(options, stack);
    stack.onRequest((incoming) => as.onRequest(incoming));
    stack.onStrayResponse((response) => void forwardStrayResponse(stack, response, () => true));
    return as;
  }

  get local(): Endpoint {
    return this.stack.transport('tcp')!.local;
  }

  /** Whether the S-CSCF told us `impu` is registered (third-party REGISTER). */
  isRegistered(impu: string): boolean {
    const key = impuKey(impu);
    return key !== undefined && (this.registered.get(key) ?? 0) > this.now();
  }

  /** Every CDR written, as it is written (tests, console). */
  onCdr(listener: (cdr: CdrInput) => void): () => void {
    this.cdrListeners.add(listener);
    return () => this.cdrListeners.delete(listener);
  }

  private isLocal = (uri: string): boolean => uriNamesEndpoint(uri, [this.local]);

  private onRequest(incoming: IncomingRequest): void {
    const { request, transaction } = incoming;
    if (handleProxyPreamble({ stack: this.stack, popOwnRoutes: (request) => processRoute(request, this.isLocal), branches: this.branches, toTag: TO_TAG, log: (m) => this.log(m) }, incoming) || transaction === undefined) return;
    if (request.method === 'REGISTER') return this.thirdPartyRegister(transaction);
    const phase = popOwnRoutes(request, this.isLocal).at(-1);
    const next = topRouteUri(request);
    const target = next === undefined ? undefined : targetOfUri(next);
    if (target === undefined) return transaction.respond(createResponse(request, 404, 'No Route Onwards', { toTag: TO_TAG }));
    if (request.method === 'INVITE' && phase === 'orig' && !hasToTag(request)) {
      void this.originatingInvite(transaction, target);
      return;
    }
    if (request.method === 'INVITE' && phase === 'term' && !hasToTag(request)) {
      void this.terminatingInvite(transaction, target);
      return;
    }
    const branch = this.forward(transaction, target, {});
    if (request.method === 'BYE') this.endOnBye(request, branch);
  }

  private thirdPartyRegister(tx: ServerTransaction): void {
    const request = tx.request;
    const expires = Number(getHeader(request, 'Expires') ?? '0');
    const identities = getHeaders(request, 'P-Associated-URI').flatMap((v) => {
      const p = parseNameAddrList(v, 'P-Associated-URI');
      return p.ok ? p.value.map((na) => na.uri) : [];
    });
    const to = parseNameAddr(getHeader(request, 'To') ?? '', 'To');
    if (to.ok) identities.push(to.value.uri);
    for (const id of identities) {
      const key = impuKey(id);
      if (key === undefined) continue;
      if (expires > 0) this.registered.set(key, this.now() + expires * 1000);
      else this.registered.delete(key);
    }
    tx.respond(createResponse(request, 200, 'OK', { toTag: TO_TAG }));
  }

  private async originatingInvite(tx: ServerTransaction, target: NonNullable<ReturnType<typeof targetOfUri>>): Promise<void> {
    const request = tx.request;
    const served = servedUser(request);
    let user: If2User | undefined;
    try {
      user = served === undefined ? undefined : await this.options.if2.user(served);
    } catch (error) {
      this.log(`IF2 lookup of ${served ?? '?'} failed: ${String(error)}`);
      return tx.respond(createResponse(request, 503, 'Service Unavailable', { toTag: TO_TAG, headers: [{ name: 'Retry-After', value: '5' }] }));
    }
    if (tx.finalSent) return; // cancelled meanwhile
    if (served === undefined || user === undefined || user.e164 === null) {
      return tx.respond(createResponse(request, 403, 'Unknown Served User', { toTag: TO_TAG }));
    }
    const e164 = user.e164;
    const callId = getHeader(request, 'Call-ID') ?? '';
    const call: CallRecord = {
      callId,
      enterpriseId: user.enterprise?.id ?? null,
      chargedParty: user.enterprise?.id ?? user.impu,
      thirdPartyId: user.kind === 'employee' ? user.impu : null,
      presentedE164: e164,
      calledParty: request.uri,
      startedAt: this.now(),
      answeredAt: null,
      attestation: null,
      verstat: null,
    };
    let identity: string | undefined;
    const stir = this.options.stir;
    if (stir !== undefined) {
      try {
        const signed = await stir.sign({ user, e164, dest: request.uri, now: this.now() });
        identity = signed.identity;
        call.attestation = signed.attest;
      } catch (error) {
        // Unsigned, the call still goes through: the terminating side shows it unverified.
        this.log(`SHAKEN signing of ${callId} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (tx.finalSent) return; // cancelled meanwhile
    }
    this.calls.set(callId, call);
    const branch = this.forward(tx, target, {
      recordRoute: `sip:as@${this.local.host}:${this.local.port};transport=tcp`,
      edit: (copy) => {
        // Devices cannot vouch for themselves: their Identity, verstat and card data go first.
        stripCallerAssertions(copy);
        presentE164(copy, { e164, displayName: user.displayName ?? undefined, domain: this.options.domain });
        if (identity !== undefined) addHeader(copy, 'Identity', identity);
        if (stir !== undefined) addSupported(copy, SHAKEN_MEDIA_OPTION);
      },
    });
    this.trackOutcome(call, branch);
  }

  /**
   * Terminating: verify (STI-VS), then deliver verstat and only the card data that verified. A call
   * that did not start in this network (from a peer network, through the IBCF's interconnect) has
   * no originating record: the AS keeps a terminating one (chargedParty `interconnect`) and stays in
   * the dialog to see its end.
   */
  private async terminatingInvite(tx: ServerTransaction, target: NonNullable<ReturnType<typeof targetOfUri>>): Promise<void> {
    const request = tx.request;
    const stir = this.options.stir;
    let verification: Verification | undefined;
    if (stir !== undefined) {
      try {
        verification = await stir.verify({ identities: identitiesOf(request), caller: callerOf(request), callees: calleesOf(request), now: this.now() });
      } catch (error) {
        this.log(`verification failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`);
        verification = { verstat: 'TN-Validation-Failed', callInfo: [] };
      }
      if (tx.finalSent) return; // cancelled meanwhile
      if (verification.error !== undefined) this.log(`${getHeader(request, 'Call-ID') ?? '?'}: ${verification.verstat} (${verification.error.code}: ${verification.error.message})`);
    }
    const callId = getHeader(request, 'Call-ID') ?? '';
    let call = this.calls.get(callId);
    const fromOutside = call === undefined;
    if (call === undefined) {
      call = {
        callId,
        enterpriseId: null,
        chargedParty: INTERCONNECT_PARTY,
        thirdPartyId: null,
        presentedE164: numberOfUri(callerOf(request)),
        calledParty: request.uri,
        startedAt: this.now(),
        answeredAt: null,
        attestation: null,
        verstat: null,
      };
      this.calls.set(callId, call);
    }
    if (verification !== undefined) call.verstat = verification.verstat;
    const branch = this.forward(tx, target, {
      ...(fromOutside ? { recordRoute: `sip:as@${this.local.host}:${this.local.port};transport=tcp` } : {}),
      edit: (copy) => {
        if (verification === undefined) return;
        applyVerstat(copy, verification.verstat);
        setCardCallInfo(copy, verification.callInfo);
      },
    });
    if (fromOutside) this.trackOutcome(call, branch);
  }

  /** Ends the record of a call whose INVITE failed or was cancelled; an answer waits for the BYE. */
  private trackOutcome(call: CallRecord, branch: ClientTransaction): void {
    branch.onResponse((response) => {
      if (response.status < 200) return;
      if (response.status < 300) {
        call.answeredAt ??= this.now();
        return;
      }
      if (call.answeredAt !== null || !this.calls.has(call.callId)) return;
      this.finish(call, dispositionOf(response.status), String(response.status));
    });
    void branch.outcome.then((outcome) => {
      if (outcome.type !== 'response' && call.answeredAt === null && this.calls.has(call.callId)) this.finish(call, 'failed', outcome.type);
    });
  }

  private endOnBye(request: SipRequest, branch: ClientTransaction): void {
    const call = this.calls.get(getHeader(request, 'Call-ID') ?? '');
    if (call === undefined) return;
    void branch.outcome.then(() => {
      if (this.calls.has(call.callId)) this.finish(call, 'answered', 'BYE');
    });
  }

  private finish(call: CallRecord, disposition: Parameters<typeof toCdr>[2], cause: string): void {
    this.calls.delete(call.callId);
    const cdr = toCdr(call, this.now(), disposition, cause);
    try {
      this.options.cdrs.append(cdr);
    } catch (error) {
      this.log(`CDR of ${call.callId} not stored: ${String(error)}`);
    }
    for (const l of this.cdrListeners) l(cdr);
  }

  private forward(tx: ServerTransaction, target: NonNullable<ReturnType<typeof targetOfUri>>, options: Parameters<typeof forwardRequest>[3]): ClientTransaction {
    const branch = forwardRequest(this.stack, tx, target, { toTag: TO_TAG, ...options });
    rememberBranch(this.branches, tx.id, branch);
    return branch;
  }

  private log(line: string): void {
    this.options.log?.(`mmtel-as: ${line}`);
  }

  async close(): Promise<void> {
    await this.stack.close();
  }
}


/** The number of a tel URI or of a SIP URI whose user part is one (`+15705550100`); otherwise the URI itself. */
function numberOfUri(uri: string): string {
  const tel = /^tel:([^;]+)/i.exec(uri);
  if (tel) return tel[1]!;
  const user = /^sips?:(\+?[0-9().-]+)[;@]/i.exec(uri);
  return user ? user[1]!.replace(/[().-]/g, '') : uri;
}

/** RFC 5502 P-Served-User, else the asserted identity. */
function servedUser(request: SipRequest): string | undefined {
  for (const name of ['P-Served-User', 'P-Asserted-Identity']) {
    const value = getHeaders(request, name)[0];
    if (value === undefined) continue;
    const parsed = parseNameAddr(value, name);
    if (parsed.ok) return parsed.value.uri;
  }
  return undefined;
}
