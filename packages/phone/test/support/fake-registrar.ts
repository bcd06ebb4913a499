// Test double for the P-CSCF/S-CSCF: a minimal registrar on @eims/sip over a real WebSocket
// (RFC 7118). It checks the Bearer token, answers 401 with an RFC 8898 challenge, 200 with
// Service-Route and P-Associated-URI, accepts reg-event SUBSCRIBEs and sends reg-event NOTIFYs on
// demand. The phone's tests run against the real emulator (test/emulator/); this double is kept
// only for what the emulator never sends: a reg-event `shortened` contact.
import { randomBytes } from 'node:crypto';
import { SipStack, WsTransport, createRequest, createResponse, getHeader, getHeaders, parseCredentials, type ClientTransaction, type IncomingRequest, type SipRequest, type SipResponse } from '@eims/sip';

export interface FakeRegistrarOptions {
  /** The AS URL put in `authz_server`. */
  authzServer: string;
  /** Tokens the registrar accepts, per AOR. */
  tokens?: Map<string, string>;
  /** Or a validator (e.g. JWT verification against the IdP's keys), used instead of `tokens`. */
  validate?: (aor: string, token: string) => Promise<boolean>;
  associated?: Map<string, string[]>;
}

interface Subscription {
  aor: string;
  flowId: string;
  callId: string;
  localTag: string;
  remoteFrom: string;
  contact: string;
  cseq: number;
  version: number;
}

export class FakeRegistrar {
  readonly stack = new SipStack({ trying: 'never' });
  readonly transport = new WsTransport({ host: '127.0.0.1', port: 0 });
  readonly tokens: Map<string, string>;
  readonly associated: Map<string, string[]>;
  readonly registers: SipRequest[] = [];
  readonly subscribes: SipRequest[] = [];
  readonly bindings = new Map<string, { flowId: string; contact: string }>();
  readonly subscriptions: Subscription[] = [];
  readonly serviceRoute = '<sip:orig@scscf.ims.test;lr>';
  readonly realm = 'ims.mnc001.mcc001.3gppnetwork.org';
  /** When set, every REGISTER is answered with this status (e.g. 403). */
  forceStatus: number | undefined;
  readonly #options: FakeRegistrarOptions;

  constructor(options: FakeRegistrarOptions) {
    this.#options = options;
    this.tokens = options.tokens ?? new Map();
    this.associated = options.associated ?? new Map();
  }

  get url(): string {
    return `ws://127.0.0.1:${this.transport.local.port}`;
  }

  async start(): Promise<void> {
    await this.stack.addTransport(this.transport);
    this.stack.onRequest((incoming) => {
      const { request, transaction, flow } = incoming;
      if (!transaction) return; // an ACK for a 2xx
      this.requests.push(request);
      switch (request.method) {
        case 'INVITE':
          return this.#invite(incoming);
        case 'CANCEL':
          return this.stack.answerCancel(incoming, 'callee');
        case 'BYE':
        case 'INFO':
          return transaction.respond(createResponse(request, 200));
        case 'NOTIFY':
          return transaction.respond(createResponse(request, 200));
        case 'REGISTER':
          void this.#register(request, flow.id).then((r) => transaction.respond(r));
          return;
        case 'SUBSCRIBE':
          return transaction.respond(this.#subscribe(request, flow.id));
        default:
          return transaction.respond(createResponse(request, 405));
      }
    });
  }

  #aorOf(request: SipRequest): string {
    return /<([^>]+)>/.exec(getHeader(request, 'To') ?? '')?.[1] ?? '';
  }

  async #register(request: SipRequest, flowId: string): Promise<SipResponse> {
    this.registers.push(request);
    if (this.forceStatus !== undefined) return createResponse(request, this.forceStatus, undefined, { toTag: 'reg' });
    const aor = this.#aorOf(request);
    const auth = getHeader(request, 'Authorization');
    const credentials = auth === undefined ? undefined : parseCredentials(auth);
    const token = credentials?.ok && credentials.value.scheme.toLowerCase() === 'bearer' ? credentials.value.token : undefined;
    const accepted = token !== undefined && (this.#options.validate ? await this.#options.validate(aor, token) : this.tokens.get(aor) === token);
    if (!accepted) {
      // RFC 8898 §4: a Bearer challenge naming the AS; `error` only when a token was presented.
      const params = [`realm="${this.realm}"`, `authz_server="${this.#options.authzServer}"`, ...(token === undefined ? [] : ['error="invalid_token"'])];
      return createResponse(request, 401, undefined, { toTag: 'reg', headers: [{ name: 'WWW-Authenticate', value: `Bearer ${params.join(', ')}` }] });
    }
    const contact = getHeader(request, 'Contact') ?? '';
    const expires = /expires=(\d+)/.exec(contact)?.[1] ?? getHeader(request, 'Expires') ?? '600';
    if (expires === '0') this.bindings.delete(aor);
    else this.bindings.set(aor, { flowId, contact });
    const associated = this.associated.get(aor) ?? [aor];
    return createResponse(request, 200, undefined, {
      toTag: 'reg',
      headers: [
        ...(expires === '0' ? [] : [{ name: 'Contact', value: `${contact.replace(/;expires=\d+/, '')};expires=${expires}` }]),
        { name: 'Service-Route', value: this.serviceRoute },
        { name: 'P-Associated-URI', value: associated.map((u) => `<${u}>`).join(', ') },
      ],
    });
  }

  #subscribe(request: SipRequest, flowId: string) {
    this.subscribes.push(request);
    const existing = this.subscriptions.find((x) => x.callId === getHeader(request, 'Call-ID'));
    if (existing) {
      // A refresh or, with Expires 0, an unsubscribe: RFC 6665 §4.2.1.4 wants a final NOTIFY.
      const ending = getHeader(request, 'Expires') === '0';
      if (ending) {
        setImmediate(() => void this.notify(existing.aor, 'active', 'registered', undefined, true).then(() => this.subscriptions.splice(this.subscriptions.indexOf(existing), 1)));
      }
      return createResponse(request, 200, undefined, { headers: [{ name: 'Expires', value: ending ? '0' : '3761' }, { name: 'Contact', value: '<sip:registrar@127.0.0.1;transport=ws>' }] });
    }
    const localTag = randomBytes(4).toString('hex');
    const sub: Subscription = {
      aor: this.#aorOf(request),
      flowId,
      callId: getHeader(request, 'Call-ID') ?? '',
      localTag,
      remoteFrom: getHeader(request, 'From') ?? '',
      contact: /<([^>]+)>/.exec(getHeader(request, 'Contact') ?? '')?.[1] ?? '',
      cseq: 1,
      version: 0,
    };
    this.subscriptions.push(sub);
    // RFC 6665 §4.2.1.2: the notifier sends a NOTIFY with the current state right away.
    setImmediate(() => void this.notify(sub.aor, 'active', 'registered'));
    return createResponse(request, 200, undefined, { toTag: localTag, headers: [{ name: 'Expires', value: '3761' }, { name: 'Contact', value: '<sip:registrar@127.0.0.1;transport=ws>' }] });
  }

  /** Sends a reg-event NOTIFY (RFC 3680) for `aor`; `terminated` ends the subscription too. */
  async notify(aor: string, state: 'active' | 'terminated', event: string, expires?: number, endSubscription = state === 'terminated'): Promise<number | undefined> {
    const sub = this.subscriptions.find((s) => s.aor === aor);
    if (!sub) throw new Error(`no reg-event subscription for ${aor}`);
    const contact = firstUri(this.bindings.get(aor)?.contact) ?? sub.contact;
    const body =
      `<?xml version="1.0"?>\n<reginfo xmlns="urn:ietf:params:xml:ns:reginfo" version="${sub.version++}" state="full">\n` +
      ` <registration aor="${aor}" id="r1" state="${state}">\n` +
      `  <contact id="c1" state="${state}" event="${event}"${expires === undefined ? '' : ` expires="${expires}"`}><uri>${contact}</uri></contact>\n` +
      ' </registration>\n</reginfo>\n';
    const request = createRequest({
      method: 'NOTIFY',
      uri: sub.contact,
      headers: [
        { name: 'Max-Forwards', value: '70' },
        { name: 'From', value: `<${aor}>;tag=${sub.localTag}` },
        { name: 'To', value: sub.remoteFrom },
        { name: 'Call-ID', value: sub.callId },
        { name: 'CSeq', value: `${++sub.cseq} NOTIFY` },
        { name: 'Contact', value: '<sip:registrar@127.0.0.1;transport=ws>' },
        { name: 'Event', value: 'reg' },
        { name: 'Subscription-State', value: endSubscription ? 'terminated;reason=deactivated' : 'active;expires=3761' },
        { name: 'Content-Type', value: 'application/reginfo+xml' },
      ],
      body: new TextEncoder().encode(body),
    });
    const outcome = await this.stack.sendRequest(request, { flowId: sub.flowId }).outcome;
    return outcome.type === 'response' ? outcome.response.status : undefined;
  }

  /** Every request received (INVITE, re-INVITE, CANCEL, BYE ...), in order. */
  readonly requests: SipRequest[] = [];
  /** How the far end answers a new INVITE from the softphone. */
  calleeBehaviour: 'answer' | 'busy' | 'ring' = 'answer';

  #invite(incoming: IncomingRequest): void {
    const { request, transaction } = incoming;
    const inDialog = /;\s*tag=/.test(getHeader(request, 'To') ?? '');
    const answer = (status: number) =>
      createResponse(request, status, undefined, {
        toTag: 'callee',
        headers: status === 200 ? [{ name: 'Contact', value: '<sip:callee@127.0.0.1;transport=ws>' }] : [],
        ...(status === 200 ? { body: new TextEncoder().encode(farEndSdp(request)), contentType: 'application/sdp' } : {}),
      });
    if (inDialog) return transaction!.respond(answer(200)); // re-INVITE: hold, resume, ICE restart
    if (this.calleeBehaviour === 'busy') return transaction!.respond(answer(486));
    transaction!.respond(answer(180));
    if (this.calleeBehaviour === 'answer') setTimeout(() => transaction!.respond(answer(200)), 20);
  }

  /** Plays a caller: sends an INVITE with these identity headers to the softphone's binding. */
  async call(aor: string, identity: { from: string; pai?: string[]; callInfo?: string[] }): Promise<FarEndCall> {
    const binding = this.bindings.get(aor);
    if (!binding) throw new Error(`${aor} is not registered`);
    const contact = firstUri(binding.contact)!;
    const callId = randomBytes(8).toString('hex');
    const invite = createRequest({
      method: 'INVITE',
      uri: contact,
      headers: [
        { name: 'Max-Forwards', value: '70' },
        { name: 'From', value: `${identity.from};tag=caller${callId.slice(0, 4)}` },
        { name: 'To', value: `<${aor}>` },
        { name: 'Call-ID', value: callId },
        { name: 'CSeq', value: '1 INVITE' },
        { name: 'Contact', value: '<sip:caller@127.0.0.1;transport=ws>' },
        ...(identity.pai ?? []).map((value) => ({ name: 'P-Asserted-Identity', value })),
        ...(identity.callInfo ?? []).map((value) => ({ name: 'Call-Info', value })),
        { name: 'Content-Type', value: 'application/sdp' },
      ],
      body: new TextEncoder().encode(farEndSdp()),
    });
    const tx = this.stack.sendRequest(invite, { flowId: binding.flowId });
    return new FarEndCall(this.stack, binding.flowId, tx);
  }

  /** Closes every WebSocket, as a network outage would. */
  dropConnections(): void {
    for (const flow of [...this.stack.flows.entries()]) flow.close();
  }

  authorizationsSeen(): (string | undefined)[] {
    return this.registers.map((r) => getHeader(r, 'Authorization'));
  }

  routesOf(request: SipRequest): string[] {
    return getHeaders(request, 'Route');
  }

  async close(): Promise<void> {
    await this.stack.close();
  }
}

function farEndSdp(offer?: SipRequest): string {
  const sendonly = offer !== undefined && new TextDecoder().decode(offer.body).includes('a=sendonly');
  return ['v=0', 'o=- 7 7 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 9 UDP/TLS/RTP/SAVPF 111 101',
    'a=rtpmap:111 opus/48000/2', 'a=rtpmap:101 telephone-event/8000', sendonly ? 'a=recvonly' : 'a=sendrecv', ''].join('\r\n');
}

/** The far end of an incoming call to the softphone: its responses, then ACK, BYE or CANCEL. */
export class FarEndCall {
  readonly responses: SipResponse[] = [];
  readonly #stack: SipStack;
  readonly #flowId: string;
  readonly tx: ClientTransaction;
  constructor(stack: SipStack, flowId: string, tx: ClientTransaction) {
    this.#stack = stack;
    this.#flowId = flowId;
    this.tx = tx;
    tx.onResponse((r) => {
      this.responses.push(r);
      if (r.status >= 200 && r.status < 300) void this.#ack(r);
    });
  }
  get final(): Promise<number | undefined> {
    return this.tx.outcome.then((o) => (o.type === 'response' ? o.response.status : undefined));
  }
  #inDialog(method: string, cseq: number, ok: SipResponse): SipRequest {
    const h = (n: string) => getHeader(ok, n) ?? '';
    return createRequest({
      method,
      uri: /<([^>]+)>/.exec(h('Contact'))?.[1] ?? this.tx.request.uri,
      headers: [
        { name: 'Max-Forwards', value: '70' },
        { name: 'From', value: h('From') },
        { name: 'To', value: h('To') },
        { name: 'Call-ID', value: h('Call-ID') },
        { name: 'CSeq', value: `${cseq} ${method}` },
      ],
    });
  }
  async #ack(ok: SipResponse): Promise<void> {
    await this.#stack.sendStateless(this.#inDialog('ACK', 1, ok), { flowId: this.#flowId }, { via: 'add' });
  }
  async bye(): Promise<number | undefined> {
    const ok = this.responses.find((r) => r.status >= 200 && r.status < 300);
    if (!ok) throw new Error('no 2xx to hang up');
    const outcome = await this.#stack.sendRequest(this.#inDialog('BYE', 2, ok), { flowId: this.#flowId }).outcome;
    return outcome.type === 'response' ? outcome.response.status : undefined;
  }
  async cancel(): Promise<void> {
    await this.#stack.cancel(this.tx);
  }
}

/** The URI inside the first `<...>` (a Contact may hold `+sip.instance="<urn:...>"` after it). */
function firstUri(value: string | undefined): string | undefined {
  return value === undefined ? undefined : /<([^>]+)>/.exec(value)?.[1];
}
