// A pure registry of live transactions keyed for matching (RFC 3261 §17.1.3, §17.2.3).
import type { SipRequest, SipResponse } from '../message/sip-message.ts';
import { clientTransactionKey, isRfc2543Key, serverTransactionKey, toTag } from './transaction-key.ts';

interface ServerEntry<T> {
  readonly tx: T;
  /** To tag of the request that created the transaction (RFC 2543 matching only). */
  readonly requestToTag: string | undefined;
}

/**
 * Holds server and client transactions and finds the one a message belongs to.
 *
 * @example
 * const table = new TransactionTable<ServerTx, ClientTx>({ responseToTag: (tx) => tx.toTag });
 * table.addServer(invite, tx); table.matchServer(ack) === tx;
 */
export class TransactionTable<S, C> {
  private readonly servers = new Map<string, ServerEntry<S>[]>();
  private readonly serverKeys = new Map<S, string>();
  private readonly clients = new Map<string, C>();
  private readonly clientKeys = new Map<C, string>();
  private readonly responseToTag: (tx: S) => string | undefined;

  /**
   * @param options.responseToTag To tag of the responses a server transaction sent, used to match
   *   an ACK under RFC 2543 rules ("the To tag of the ACK matches the To tag of the response sent
   *   by the server transaction", §17.2.3).
   */
  constructor(options: { responseToTag?: (tx: S) => string | undefined } = {}) {
    this.responseToTag = options.responseToTag ?? (() => undefined);
  }

  get serverCount(): number {
    return this.serverKeys.size;
  }

  get clientCount(): number {
    return this.clientKeys.size;
  }

  /** Registers a server transaction for the request that created it; false if no key or taken. */
  addServer(request: SipRequest, tx: S): boolean {
    const key = serverTransactionKey(request);
    if (key === undefined) return false;
    const entries = this.servers.get(key) ?? [];
    const tag = toTag(request);
    if (entries.some((e) => !isRfc2543Key(key) || e.requestToTag === tag)) return false;
    entries.push({ tx, requestToTag: tag });
    this.servers.set(key, entries);
    this.serverKeys.set(tx, key);
    return true;
  }

  /** The server transaction a request (retransmission, ACK, or CANCEL's own) belongs to. */
  matchServer(request: SipRequest): S | undefined {
    return this.lookupServer(request, request.method);
  }

  /** The INVITE server transaction a CANCEL refers to (§9.2: same match, method INVITE). */
  matchCancelled(cancel: SipRequest): S | undefined {
    return this.lookupServer(cancel, 'INVITE');
  }

  private lookupServer(request: SipRequest, method: string): S | undefined {
    const key = serverTransactionKey(request, method);
    if (key === undefined) return undefined;
    const entries = this.servers.get(key);
    if (entries === undefined) return undefined;
    if (!isRfc2543Key(key)) return entries[0]?.tx;
    const tag = toTag(request);
    if (request.method === 'ACK') {
      return entries.find((e) => e.requestToTag === tag || (e.requestToTag === undefined && this.responseToTag(e.tx) === tag))?.tx;
    }
    return entries.find((e) => e.requestToTag === tag)?.tx;
  }

  removeServer(tx: S): void {
    const key = this.serverKeys.get(tx);
    if (key === undefined) return;
    this.serverKeys.delete(tx);
    const rest = (this.servers.get(key) ?? []).filter((e) => e.tx !== tx);
    if (rest.length === 0) this.servers.delete(key);
    else this.servers.set(key, rest);
  }

  /** Registers a client transaction under the branch and method of the request it sends. */
  addClient(request: SipRequest, tx: C): boolean {
    const key = clientTransactionKey(request);
    if (key === undefined || this.clients.has(key)) return false;
    this.clients.set(key, tx);
    this.clientKeys.set(tx, key);
    return true;
  }

  matchClient(response: SipResponse): C | undefined {
    const key = clientTransactionKey(response);
    return key === undefined ? undefined : this.clients.get(key);
  }

  removeClient(tx: C): void {
    const key = this.clientKeys.get(tx);
    if (key === undefined) return;
    this.clientKeys.delete(tx);
    this.clients.delete(key);
  }
}
