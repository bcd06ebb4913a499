// A small UAS built on @eims/sip for interop runs: OPTIONS → 200, REGISTER → 200 echoing the
// Contact with its expiry (RFC 3261 §10.3 step 8, simplified: no authentication, no storage).
import { createResponse, getHeader, getHeaders } from '../../src/message/sip-message.ts';
import { SipStack } from '../../src/stack/sip-stack.ts';
import { TcpTransport, TlsTransport } from '../../src/transport/stream-transport.ts';
import type { TlsTransportOptions } from '../../src/transport/stream-transport.ts';
import { UdpTransport } from '../../src/transport/udp-transport.ts';

export interface TestUas {
  readonly stack: SipStack;
  readonly udpPort: number;
  readonly tcpPort: number;
  /** Present when started with TLS options. */
  readonly tlsPort: number | undefined;
  /** Subjects of the client certificates seen on TLS flows. */
  readonly peerSubjects: string[];
  readonly counts: Map<string, number>;
  close(): Promise<void>;
}

export async function startTestUas(options: { tls?: TlsTransportOptions } = {}): Promise<TestUas> {
  const stack = new SipStack({ trying: 'never' });
  const udp = new UdpTransport();
  const tcp = new TcpTransport();
  await stack.addTransport(udp);
  await stack.addTransport(tcp);
  const tls = options.tls === undefined ? undefined : new TlsTransport(options.tls);
  if (tls !== undefined) await stack.addTransport(tls);
  const counts = new Map<string, number>();
  const peerSubjects: string[] = [];
  stack.onRequest(({ request, transaction, flow }) => {
    if (flow.peerCertificate !== undefined) peerSubjects.push(flow.peerCertificate.subject);
    counts.set(request.method, (counts.get(request.method) ?? 0) + 1);
    if (transaction === undefined) return;
    const toTag = `uas${counts.get(request.method) ?? 0}`;
    switch (request.method) {
      case 'OPTIONS':
        transaction.respond(createResponse(request, 200, 'OK', { toTag, headers: [{ name: 'Allow', value: 'OPTIONS, REGISTER' }] }));
        return;
      case 'REGISTER': {
        const expires = getHeader(request, 'Expires') ?? '3600';
        const contacts = getHeaders(request, 'Contact').map((c) => (/;\s*expires=/i.test(c) ? c : `${c};expires=${expires}`));
        transaction.respond(createResponse(request, 200, 'OK', { toTag, headers: contacts.map((value) => ({ name: 'Contact', value })) }));
        return;
      }
      default:
        transaction.respond(createResponse(request, 405, 'Method Not Allowed', { toTag, headers: [{ name: 'Allow', value: 'OPTIONS, REGISTER' }] }));
    }
  });
  return { stack, udpPort: udp.local.port, tcpPort: tcp.local.port, tlsPort: tls?.local.port, peerSubjects, counts, close: () => stack.close() };
}
