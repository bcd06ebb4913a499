// The driver of RFC 3261 §17/§18: owns transports and real timers, feeds the pure transactions,
// executes their actions, and gives transaction users (UA cores, proxies) a small API.
import { randomBytes } from 'node:crypto';
import { addHeader, createResponse } from '../message/sip-message.ts';
import type { SipMessage, SipRequest, SipResponse } from '../message/sip-message.ts';
import { serialize } from '../serializer/serialize.ts';
import { stampReceived } from '../proxy/via-received.ts';
import { answerCancel, buildCancel } from '../transaction/build-cancel.ts';
import { generateBranch } from '../transaction/branch.ts';
import { InviteClientTransaction } from '../transaction/invite-client-transaction.ts';
import { InviteServerTransaction } from '../transaction/invite-server-transaction.ts';
import { NonInviteClientTransaction } from '../transaction/non-invite-client-transaction.ts';
import { NonInviteServerTransaction } from '../transaction/non-invite-server-transaction.ts';
import type { TimerConfig } from '../transaction/timer-config.ts';
import type { TransactionAction } from '../transaction/transaction-action.ts';
import { TransactionTable } from '../transaction/transaction-table.ts';
import { toTag } from '../transaction/transaction-key.ts';
import type { Flow, TransportProtocol } from '../transport/flow.ts';
import { isReliable } from '../transport/flow.ts';
import type { FlowTable } from '../transport/flow-table.ts';
import type { FlowEntry } from '../transport/flow-table.ts';
import type { SipTransport, TransportLogEvent } from '../transport/sip-transport.ts';
import { ClientTransaction } from './client-transaction.ts';
import { ServerTransaction } from './server-transaction.ts';
import { TimerSet } from './timer-set.ts';
import { TransportSet } from './transport-set.ts';
import type { Target } from './transport-set.ts';

export type { Target } from './transport-set.ts';


/** A request handed to the TU. */
export interface IncomingRequest {
  readonly request: SipRequest;
  readonly flow: Flow;
  /** The server transaction; absent for an ACK outside any transaction (ACK for a 2xx). */
  readonly transaction?: ServerTransaction;
  /** For a CANCEL: the INVITE server transaction it matches, if any (RFC 3261 §9.2). */
  readonly cancelled?: ServerTransaction;
}

export type StackLogEvent = TransportLogEvent | { readonly type: 'sendError'; readonly message: string } | { readonly type: 'handlerError'; readonly message: string };

export interface SipStackOptions {
  readonly timers?: Partial<TimerConfig>;
  /** 100 Trying for INVITE server transactions: `'immediate'` for proxies, `'delayed'` (200 ms, default) for UASs. */
  readonly trying?: 'immediate' | 'delayed' | 'never';
  /**
   * Accepted state of RFC 6026 for INVITE transactions (default true): INVITE retransmissions after
   * a 2xx are absorbed, and 2xx retransmissions still reach the TU of the client transaction.
   */
  readonly rfc6026?: boolean;
  /** Host written in our Via sent-by; default the transport's bound address. */
  readonly viaHost?: string;
  readonly random?: (size: number) => Uint8Array;
  readonly now?: () => number;
  readonly log?: (event: StackLogEvent) => void;
}

export interface SendRequestOptions {
  /** `'add'` (default): put our Via with a new branch on top. `'keep'`: the top Via is already ours (CANCEL, or a proxy that added it). */
  readonly via?: 'add' | 'keep';
}

type ServerMachine = InviteServerTransaction | NonInviteServerTransaction;
type ClientMachine = InviteClientTransaction | NonInviteClientTransaction;
interface ClientRecord {
  readonly machine: ClientMachine;
  readonly handle: ClientTransaction;
  readonly id: string;
  entry: FlowEntry | undefined;
}

/**
 * A SIP stack: add transports, handle requests, send requests and responses.
 *
 * @example
 * const stack = new SipStack();
 * await stack.addTransport(new UdpTransport());
 * stack.onRequest(({ request, transaction }) => transaction?.respond(createResponse(request, 200)));
 * const tx = stack.sendRequest(options, { transport: 'udp', host: '127.0.0.1', port: 5060 });
 * const outcome = await tx.outcome;
 */
export class SipStack {
  private readonly options: SipStackOptions;
  private readonly out: TransportSet;
  private readonly table = new TransactionTable<ServerTransaction, ClientRecord>({ responseToTag: (tx) => (tx.lastResponse === undefined ? undefined : toTag(tx.lastResponse)) });
  private readonly timers = new TimerSet();
  private requestHandler: (incoming: IncomingRequest) => void = (incoming) => {
    // Without a TU every request is refused rather than left to time out.
    if (incoming.transaction !== undefined) incoming.transaction.respond(createErrorResponse(incoming.request, 503));
  };
  private strayResponseHandler: (response: SipResponse, flow: Flow) => void = () => undefined;
  private counter = 0;
  /** Client transactions by the flow they use, to fail them when a connection drops (§17.1.4). */
  private readonly clientsByFlow = new Map<string, Set<ClientRecord>>();

  constructor(options: SipStackOptions = {}) {
    this.options = options;
    this.out = new TransportSet(options.viaHost);
    this.flows.onClosed((flow) => {
      const records = this.clientsByFlow.get(flow.id);
      if (records === undefined) return;
      this.clientsByFlow.delete(flow.id);
      if (!isReliable(flow.transport)) return;
      for (const record of records) this.runClient(record, record.machine.handle({ type: 'transportError' }, this.now()));
    });
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  private random(size: number): Uint8Array {
    return this.options.random?.(size) ?? pooledRandomBytes(size);
  }

  /** A fresh RFC 3261 branch. */
  newBranch(): string {
    return generateBranch(this.random(12));
  }

  /** Start a transport and route its traffic here. */
  async addTransport(transport: SipTransport): Promise<void> {
    await this.out.add(transport, { receive: (message, flow) => this.receive(message, flow), log: (event) => this.options.log?.(event) });
  }

  transport(protocol: TransportProtocol): SipTransport | undefined {
    return this.out.get(protocol);
  }

  /** Live flows: find the connection a client registered over (RFC 5626), watch closures. */
  get flows(): FlowTable {
    return this.out.flows;
  }

  /** The TU entry point for requests (one handler; network functions dispatch by method). */
  onRequest(handler: (incoming: IncomingRequest) => void): void {
    this.requestHandler = handler;
  }

  /** Responses that match no client transaction (2xx retransmissions, forked 2xx): proxies forward them (§16.7). */
  onStrayResponse(handler: (response: SipResponse, flow: Flow) => void): void {
    this.strayResponseHandler = handler;
  }

  /** Number of live transactions (diagnostics, tests). */
  get transactionCount(): { server: number; client: number } {
    return { server: this.table.serverCount, client: this.table.clientCount };
  }

  private receive(message: SipMessage, flow: Flow): void {
    if (message.type === 'request') this.receiveRequest(message, flow);
    else this.receiveResponse(message, flow);
  }

  private receiveRequest(request: SipRequest, flow: Flow): void {
    // §18.2.1 / RFC 3581: note where the request really came from.
    // The parser has validated the top Via; a message built otherwise without one is dropped.
    if (!stampReceived(request, flow.remote)) return;
    const existing = this.table.matchServer(request);
    if (existing !== undefined) {
      const actions = existing.machine.handle({ type: 'request', request }, this.now());
      this.runServer(existing, actions);
      // RFC 6026 §7.1: an ACK matching an Accepted INVITE transaction goes to the TU.
      if (actions.some((a) => a.type === 'deliver')) this.callHandler({ request, flow });
      return;
    }
    if (request.method === 'ACK') {
      this.callHandler({ request, flow });
      return;
    }
    const reliable = isReliable(flow.transport);
    const timers = this.options.timers === undefined ? {} : { timers: this.options.timers };
    const machine: ServerMachine =
      request.method === 'INVITE'
        ? new InviteServerTransaction(request, { reliable, ...timers, trying: this.options.trying ?? 'delayed', rfc6026: this.options.rfc6026 ?? true })
        : new NonInviteServerTransaction(request, { reliable, ...timers });
    const tx: ServerTransaction = new ServerTransaction(`s${++this.counter}`, machine, flow, (response) =>
      this.runServer(tx, machine.handle({ type: 'respond', response }, this.now())),
    );
    if (!this.table.addServer(request, tx)) return;
    const cancelled = request.method === 'CANCEL' ? this.table.matchCancelled(request) : undefined;
    const incoming: IncomingRequest = cancelled === undefined ? { request, flow, transaction: tx } : { request, flow, transaction: tx, cancelled };
    const actions = machine.start(this.now());
    this.runServer(tx, actions.filter((a) => a.type !== 'deliver'));
    this.callHandler(incoming);
  }

  private callHandler(incoming: IncomingRequest): void {
    try {
      this.requestHandler(incoming);
    } catch (error) {
      this.options.log?.({ type: 'handlerError', message: error instanceof Error ? error.message : String(error) });
      if (incoming.transaction !== undefined && !incoming.transaction.finalSent) incoming.transaction.respond(createErrorResponse(incoming.request, 500));
    }
  }

  private runServer(tx: ServerTransaction, actions: readonly TransactionAction[]): void {
    for (const action of actions) {
      switch (action.type) {
        case 'send':
          if (action.message.type === 'response') {
            this.out.sendForTransaction(tx.flow, action.message).catch((error: unknown) => {
              this.options.log?.({ type: 'sendError', message: String(error) });
              this.runServer(tx, tx.machine.handle({ type: 'transportError' }, this.now()));
            });
          }
          break;
        case 'startTimer':
          this.timers.arm(tx.id, action.timer, action.ms, () => this.runServer(tx, tx.machine.handle({ type: 'timer', timer: action.timer }, this.now())));
          break;
        case 'stopTimer':
          this.timers.disarm(tx.id, action.timer);
          break;
        case 'deliver':
          break;
        case 'timeout':
          tx.end('timeout');
          break;
        case 'transportError':
          tx.end('transportError');
          break;
        case 'terminated':
          this.timers.disarmAll(tx.id);
          this.table.removeServer(tx);
          tx.end('terminated');
          break;
      }
    }
  }

  /** Send a response statelessly (RFC 3261 §18.2.2): over `flow` when it is a live connection, else per the top Via. */
  sendResponse(response: SipResponse, flow?: Flow): Promise<void> {
    return this.out.sendResponse(response, flow);
  }

  /**
   * Send a message outside any transaction (ACK for a 2xx, stateless forwarding). With
   * `via: 'add'` a request gets our Via with a new branch for the flow it leaves on.
   */
  async sendStateless(message: SipMessage, target: Target, options: SendRequestOptions = {}): Promise<Flow> {
    if (message.type === 'request' && options.via === 'add') {
      const entry = await this.out.resolve(target);
      addHeader(message, 'Via', this.out.viaFor(entry.flow, this.newBranch()), 'first');
      await entry.send(serialize(message));
      return entry.flow;
    }
    return this.out.send(message, target);
  }

  /** The Via value this stack puts on a request leaving over `flow`. */
  viaFor(flow: Flow, branch: string): string {
    return this.out.viaFor(flow, branch);
  }

  /**
   * Send a request in a new client transaction. ACK is refused (use `sendStateless`).
   * @example
   * const tx = stack.sendRequest(register, { transport: 'tcp', host: '127.0.0.1', port: 5060 });
   * tx.onResponse((r) => console.log(r.status));
   * const outcome = await tx.outcome;
   */
  sendRequest(request: SipRequest, target: Target, options: SendRequestOptions = {}): ClientTransaction {
    if (request.method === 'ACK') throw new TypeError('ACK is not sent in a client transaction; use sendStateless (RFC 3261 §17.1.1.3)');
    const handle = new ClientTransaction(request);
    const id = `c${++this.counter}`;
    this.out.resolve(target).then(
      (entry) => this.startClient(id, handle, request, entry, options),
      (error: unknown) => handle.finish({ type: 'transportError', message: error instanceof Error ? error.message : String(error) }),
    );
    return handle;
  }

  private startClient(id: string, handle: ClientTransaction, request: SipRequest, entry: FlowEntry, options: SendRequestOptions): void {
    if ((options.via ?? 'add') === 'add') addHeader(request, 'Via', this.viaFor(entry.flow, this.newBranch()), 'first');
    handle.setFlow(entry.flow);
    const reliable = isReliable(entry.flow.transport);
    const timers = this.options.timers === undefined ? {} : { timers: this.options.timers };
    const machine: ClientMachine =
      request.method === 'INVITE'
        ? new InviteClientTransaction(request, { reliable, ...timers, rfc6026: this.options.rfc6026 ?? true })
        : new NonInviteClientTransaction(request, { reliable, ...timers });
    const record: ClientRecord = { machine, handle, id, entry };
    if (!this.table.addClient(request, record)) {
      handle.finish({ type: 'transportError', message: 'request has no top Via branch or reuses a live one' });
      return;
    }
    let onFlow = this.clientsByFlow.get(entry.flow.id);
    if (onFlow === undefined) {
      onFlow = new Set();
      this.clientsByFlow.set(entry.flow.id, onFlow);
    }
    onFlow.add(record);
    this.runClient(record, machine.handle({ type: 'start' }, this.now()));
  }

  private runClient(record: ClientRecord, actions: readonly TransactionAction[]): void {
    for (const action of actions) {
      switch (action.type) {
        case 'send': {
          const entry = record.entry === undefined ? undefined : this.flows.get(record.entry.flow.id);
          const fail = (message: string): void => {
            this.options.log?.({ type: 'sendError', message });
            this.runClient(record, record.machine.handle({ type: 'transportError' }, this.now()));
          };
          if (entry === undefined) {
            queueMicrotask(() => fail('flow closed'));
            break;
          }
          entry.send(serialize(action.message)).catch((error: unknown) => fail(String(error)));
          break;
        }
        case 'startTimer':
          this.timers.arm(record.id, action.timer, action.ms, () => this.runClient(record, record.machine.handle({ type: 'timer', timer: action.timer }, this.now())));
          break;
        case 'stopTimer':
          this.timers.disarm(record.id, action.timer);
          break;
        case 'deliver':
          if (action.message.type === 'response') record.handle.deliver(action.message);
          break;
        case 'timeout':
          record.handle.finish({ type: 'timeout' });
          break;
        case 'transportError':
          record.handle.finish({ type: 'transportError', message: 'transport error' });
          break;
        case 'terminated':
          this.timers.disarmAll(record.id);
          this.table.removeClient(record);
          if (record.entry !== undefined) this.clientsByFlow.get(record.entry.flow.id)?.delete(record);
          break;
      }
    }
  }

  private receiveResponse(response: SipResponse, flow: Flow): void {
    const record = this.table.matchClient(response);
    if (record === undefined) {
      this.strayResponseHandler(response, flow);
      return;
    }
    this.runClient(record, record.machine.handle({ type: 'response', response }, this.now()));
  }

  /**
   * Cancel a pending INVITE (RFC 3261 §9.1): the CANCEL goes out once a provisional response has
   * arrived, over the same flow, in its own transaction; nothing is sent once a final response came.
   */
  async cancel(invite: ClientTransaction, reason?: string): Promise<ClientTransaction | undefined> {
    if (invite.request.method !== 'INVITE') throw new TypeError('only INVITE can be cancelled');
    await Promise.race([invite.whenProvisional(), invite.outcome]);
    const flow = invite.flow;
    if (invite.isSettled || flow === undefined) return undefined;
    return this.sendRequest(buildCancel(invite.request, reason), { flowId: flow.id }, { via: 'keep' });
  }

  /**
   * The UAS default for a CANCEL (RFC 3261 §9.2): 200 to the CANCEL and 487 to the INVITE if it is
   * still pending; 481 when no INVITE matches.
   */
  answerCancel(incoming: IncomingRequest, inviteToTag: string): void {
    if (incoming.request.method !== 'CANCEL' || incoming.transaction === undefined) throw new TypeError('answerCancel needs an incoming CANCEL');
    const cancelled = incoming.cancelled;
    const answer = answerCancel(incoming.request, cancelled === undefined ? undefined : { request: cancelled.request, finalSent: cancelled.finalSent }, inviteToTag);
    incoming.transaction.respond(answer.cancelResponse);
    if (answer.inviteResponse !== undefined && cancelled !== undefined) cancelled.respond(answer.inviteResponse);
  }

  /** Stop every timer and transport. */
  async close(): Promise<void> {
    this.timers.clear();
    await this.out.close();
  }
}

function createErrorResponse(request: SipRequest, status: number): SipResponse {
  return createResponse(request, status, undefined, { toTag: 'stack' });
}

/** Random bytes for branches and tags, drawn from a pooled buffer: one CSPRNG call per 4 KB, not per message. */
let randomPool = new Uint8Array(0);
let randomOffset = 0;
function pooledRandomBytes(size: number): Uint8Array {
  if (size > 256) return randomBytes(size);
  if (randomOffset + size > randomPool.length) {
    randomPool = randomBytes(4096);
    randomOffset = 0;
  }
  const out = randomPool.subarray(randomOffset, randomOffset + size);
  randomOffset += size;
  return out;
}
