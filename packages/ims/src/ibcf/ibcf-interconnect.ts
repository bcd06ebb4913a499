// IBCF, interconnect side (TS 23.228 §4.14, DESIGN.md: SIP/TCP 127.0.0.1:5070): calls from peer
// networks enter here and go to the S-CSCF's terminating handling, so the terminating MMTel AS
// verifies them like any other call (no Identity → No-TN-Validation, bad → TN-Validation-Failed,
// signed under a trusted STI-CA → TN-Validation-Passed). A peer cannot pre-empt that result:
// verstat and name-card Call-Info it sends are removed; its Identity headers travel on.
// The listener has its own SIP stack: bad input from a peer stays on its own connection.
import {
  SipStack, TcpTransport, addHeader, createResponse, forwardRequest, forwardStrayResponse,
  processRoute, removeHeader,
} from '@eims/sip';
import type { ClientTransaction, Endpoint, IncomingRequest, ServerTransaction } from '@eims/sip';
import { handleProxyPreamble, rememberBranch } from '../core/proxy-preamble.ts';
import { hasToTag, targetOfUri, topRouteUri, uriNamesEndpoint } from '../core/next-hop.ts';
import { stripCallerAssertions } from '../mmtel-as/caller-verification-headers.ts';

export interface IbcfInterconnectOptions {
  readonly host?: string;
  /** SIP/TCP port for peer networks; default 5070, 0 for any. */
  readonly port?: number;
  /** The S-CSCF whose terminating handling receives the calls. */
  readonly scscf: Endpoint;
  /** A connection that sends no whole message within this time is closed (bad-input guard). */
  readonly firstMessageTimeoutMs?: number;
  readonly log?: (line: string) => void;
}

const TO_TAG = 'ibcf';

export class IbcfInterconnect {
  readonly stack: SipStack;
  private readonly options: IbcfInterconnectOptions;
  private readonly branches = new Map<string, ClientTransaction[]>();

  private constructor(options: IbcfInterconnectOptions, stack: SipStack) {
    this.options = options;
    this.stack = stack;
  }

  /**
   * @example const ibcf = await IbcfInterconnect.start({ port: 5070, scscf: scscf.local }); // sip:127.0.0.1:5070;transport=tcp
   */
  static async start(options: IbcfInterconnectOptions): Promise<IbcfInterconnect> {
    const stack = new SipStack({ trying: 'immediate' });
    await stack.addTransport(new TcpTransport({ host: options.host ?? '127.0.0.1', port: options.port ?? 5070, firstMessageTimeoutMs: options.firstMessageTimeoutMs ?? 5000 }));
    const ibcf = new IbcfInterconnect(options, stack);
    stack.onRequest((incoming) => ibcf.onRequest(incoming));
    stack.onStrayResponse((response) => void forwardStrayResponse(stack, response, () => true));
    return ibcf;
  }

  get local(): Endpoint {
    return this.stack.transport('tcp')!.local;
  }

  /** `sip:127.0.0.1:5070;transport=tcp`: where peer networks send their INVITEs. */
  get uri(): string {
    return `sip:${this.local.host}:${this.local.port};transport=tcp`;
  }

  private isLocal = (uri: string): boolean => uriNamesEndpoint(uri, [this.local]);

  private onRequest(incoming: IncomingRequest): void {
    const { request, transaction } = incoming;
    if (handleProxyPreamble({ stack: this.stack, popOwnRoutes: (r) => processRoute(r, this.isLocal), branches: this.branches, toTag: TO_TAG, log: (m) => this.log(m) }, incoming) || transaction === undefined) return;
    const routed = processRoute(request, this.isLocal);
    const reply = (status: number, reason: string, headers: { name: string; value: string }[] = []): void =>
      transaction.respond(createResponse(request, status, reason, { toTag: TO_TAG, headers }));
    if (hasToTag(request)) {
      // In-dialog: follow the route set the dialog recorded (RFC 3261 §16.12). A dialog the IBCF
      // is part of names it in the Route set; anything else would be a way around the S-CSCF.
      if (!routed.popped) return reply(403, 'Not A Dialog Through This IBCF');
      const target = targetOfUri(topRouteUri(request) ?? request.uri);
      if (target === undefined) return reply(404, 'No Route Onwards');
      this.forward(transaction, target, {});
      return;
    }
    switch (request.method) {
      case 'INVITE':
        return this.terminatingInvite(transaction);
      case 'OPTIONS':
        return reply(200, 'OK', [{ name: 'Allow', value: 'INVITE, ACK, CANCEL, BYE, OPTIONS' }]);
      default:
        return reply(405, 'Method Not Allowed', [{ name: 'Allow', value: 'INVITE, ACK, CANCEL, BYE, OPTIONS' }]);
    }
  }

  /** A new call from a peer network: to the S-CSCF's terminating session case. */
  private terminatingInvite(tx: ServerTransaction): void {
    const scscf = this.options.scscf;
    this.forward(tx, { transport: 'tcp', host: scscf.host, port: scscf.port }, {
      recordRoute: `sip:ibcf@${this.local.host}:${this.local.port};transport=tcp`,
      edit: (copy) => {
        // A peer routes to our network, not inside it; and nothing it says is served-user data.
        removeHeader(copy, 'Route');
        removeHeader(copy, 'P-Served-User');
        // Verification results and verified cards are ours to give, after our own check.
        const identities = copy.headers.filter((h) => /^(identity|y)$/i.test(h.name));
        stripCallerAssertions(copy);
        copy.headers.push(...identities);
        addHeader(copy, 'Route', `<sip:term@${scscf.host}:${scscf.port};transport=tcp;lr>`, 'first');
      },
    });
  }

  private forward(tx: ServerTransaction, target: NonNullable<ReturnType<typeof targetOfUri>>, options: Parameters<typeof forwardRequest>[3]): ClientTransaction {
    const branch = forwardRequest(this.stack, tx, target, { toTag: TO_TAG, ...options });
    rememberBranch(this.branches, tx.id, branch);
    return branch;
  }

  private log(line: string): void {
    this.options.log?.(`ibcf: ${line}`);
  }

  async close(): Promise<void> {
    await this.stack.close();
  }
}

