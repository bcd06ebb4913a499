import { afterEach, describe, expect, it } from 'vitest';
import { createRequest, createResponse, getHeader, getHeaders } from '../../src/message/sip-message.ts';
import type { SipRequest, SipResponse } from '../../src/message/sip-message.ts';
import { forwardCancel } from '../../src/proxy/forward-cancel.ts';
import { forwardRequest } from '../../src/proxy/forward-request.ts';
import { forwardStateless } from '../../src/proxy/forward-stateless.ts';
import { processRoute } from '../../src/proxy/loose-route.ts';
import { checkMaxForwards } from '../../src/proxy/max-forwards.ts';
import type { ClientTransaction } from '../../src/stack/client-transaction.ts';
import { SipStack } from '../../src/stack/sip-stack.ts';
import { TcpTransport } from '../../src/transport/stream-transport.ts';
import { UdpTransport } from '../../src/transport/udp-transport.ts';

const stacks: SipStack[] = [];
afterEach(async () => {
  for (const s of stacks.splice(0)) await s.close();
});

function invite(maxForwards = '70', uri = 'sip:bob@ims.example'): SipRequest {
  return createRequest({
    method: 'INVITE',
    uri,
    headers: [
      { name: 'Max-Forwards', value: maxForwards },
      { name: 'To', value: '<sip:bob@ims.example>' },
      { name: 'From', value: '<sip:alice@acme.example>;tag=al' },
      { name: 'Call-ID', value: `px-${maxForwards}-${uri}` },
      { name: 'CSeq', value: '1 INVITE' },
      { name: 'Contact', value: '<sip:alice@127.0.0.1>' },
    ],
  });
}

/** Alice (UDP) → proxy (UDP in, TCP out, Record-Route) → Bob (TCP). */
async function topology() {
  const bob = new SipStack({ trying: 'never' });
  const bobTcp = new TcpTransport();
  await bob.addTransport(bobTcp);
  const bobSaw: SipRequest[] = [];
  bob.onRequest((incoming) => {
    bobSaw.push(incoming.request);
    if (incoming.request.method === 'CANCEL') bob.answerCancel(incoming, 'bob');
    // A UAS copies Record-Route into dialog-creating responses (§12.1.1).
    else if (incoming.request.method === 'INVITE') {
      const recordRoute = getHeaders(incoming.request, 'Record-Route').map((value) => ({ name: 'Record-Route', value }));
      const answer = incoming.request.uri.startsWith('sip:answer@');
      const contact = { name: 'Contact', value: `<sip:bob@127.0.0.1:${bobTcp.local.port};transport=tcp>` };
      incoming.transaction?.respond(createResponse(incoming.request, answer ? 200 : 180, undefined, { toTag: 'bob', headers: [...recordRoute, contact] }));
    }
  });

  const proxy = new SipStack({ trying: 'immediate' });
  const proxyUdp = new UdpTransport();
  await proxy.addTransport(proxyUdp);
  await proxy.addTransport(new TcpTransport());
  const isLocal = (uri: string): boolean => uri.includes(`127.0.0.1:${proxyUdp.local.port}`);
  const branches = new Map<string, ClientTransaction>();
  proxy.onRequest((incoming) => {
    const { request, transaction } = incoming;
    if (transaction === undefined) {
      // ACK for a 2xx: end to end, along the route set (§16.11 no transaction, §16.4 loose routing).
      processRoute(request, isLocal);
      void forwardStateless(proxy, request, { transport: 'tcp', host: '127.0.0.1', port: bobTcp.local.port });
      return;
    }
    if (request.method === 'CANCEL') {
      const branch = incoming.cancelled === undefined ? undefined : branches.get(incoming.cancelled.id);
      void forwardCancel(proxy, incoming, branch === undefined ? [] : [branch]);
      return;
    }
    const tooMany = checkMaxForwards(request, 'px');
    if (tooMany !== undefined) {
      transaction.respond(tooMany);
      return;
    }
    processRoute(request, isLocal);
    branches.set(transaction.id, forwardRequest(proxy, transaction, { transport: 'tcp', host: '127.0.0.1', port: bobTcp.local.port }, { recordRoute: `sip:127.0.0.1:${proxyUdp.local.port};transport=udp` }));
  });

  const alice = new SipStack();
  await alice.addTransport(new UdpTransport());
  stacks.push(alice, proxy, bob);
  return { alice, proxyPort: proxyUdp.local.port, bobSaw };
}

describe('a stateful proxy built from the helpers (RFC 3261 §16)', () => {
  it('relays 180 with Record-Route and its own 100, then forwards CANCEL to the pending branch; Bob answers 487 (§16.7, §16.10)', async () => {
    const { alice, proxyPort, bobSaw } = await topology();
    const tx = alice.sendRequest(invite(), { transport: 'udp', host: '127.0.0.1', port: proxyPort });
    const seen: SipResponse[] = [];
    tx.onResponse((r) => seen.push(r));
    await new Promise<void>((resolve) => tx.onResponse((r) => r.status === 180 && resolve()));
    const cancel = await alice.cancel(tx);
    const outcome = await tx.outcome;
    expect(outcome.type === 'response' && outcome.response.status).toBe(487);
    expect(seen.map((r) => r.status)).toEqual([100, 180, 487]);
    const ringing = seen[1]!;
    expect(getHeaders(ringing, 'Via')).toHaveLength(1);
    expect(getHeader(ringing, 'Record-Route')).toBe(`<sip:127.0.0.1:${proxyPort};transport=udp;lr>`);
    const cancelOutcome = await cancel!.outcome;
    expect(cancelOutcome.type === 'response' && cancelOutcome.response.status).toBe(200);
    // Bob saw the INVITE with Max-Forwards decremented and two Vias, then a CANCEL from the proxy.
    expect(bobSaw.map((r) => r.method)).toEqual(['INVITE', 'CANCEL']);
    expect(getHeader(bobSaw[0]!, 'Max-Forwards')).toBe('69');
    expect(getHeaders(bobSaw[0]!, 'Via')).toHaveLength(2);
    expect(getHeaders(bobSaw[0]!, 'Via')[0]).toMatch(/^SIP\/2\.0\/TCP 127\.0\.0\.1:\d+;branch=z9hG4bK\w+;rport=\d+/);
  });

  it('answers 483 Too Many Hops instead of forwarding at Max-Forwards 0 (§16.3 step 3)', async () => {
    const { alice, proxyPort, bobSaw } = await topology();
    const outcome = await alice.sendRequest(invite('0'), { transport: 'udp', host: '127.0.0.1', port: proxyPort }).outcome;
    expect(outcome.type === 'response' && outcome.response.status).toBe(483);
    expect(bobSaw).toHaveLength(0);
  });

  it('relays the 200 and carries the ACK for it end to end along the Record-Route (§16.7, §16.11, §12.2.1.1)', async () => {
    const { alice, proxyPort, bobSaw } = await topology();
    const request = invite('70', 'sip:answer@ims.example');
    const outcome = await alice.sendRequest(request, { transport: 'udp', host: '127.0.0.1', port: proxyPort }).outcome;
    if (outcome.type !== 'response') throw new Error(`no response: ${outcome.type}`);
    expect(outcome.response.status).toBe(200);
    const route = getHeader(outcome.response, 'Record-Route')!;
    const ack = createRequest({
      method: 'ACK',
      uri: /<([^>]+)>/.exec(getHeader(outcome.response, 'Contact')!)![1]!,
      headers: [
        { name: 'Route', value: route },
        { name: 'Max-Forwards', value: '70' },
        { name: 'To', value: getHeader(outcome.response, 'To')! },
        { name: 'From', value: getHeader(request, 'From')! },
        { name: 'Call-ID', value: getHeader(request, 'Call-ID')! },
        { name: 'CSeq', value: '1 ACK' },
      ],
    });
    await alice.sendStateless(ack, { transport: 'udp', host: '127.0.0.1', port: proxyPort }, { via: 'add' });
    await new Promise<void>((resolve, reject) => {
      const started = Date.now();
      const poll = (): void => {
        if (bobSaw.some((r) => r.method === 'ACK')) resolve();
        else if (Date.now() - started > 3000) reject(new Error('Bob never saw the ACK'));
        else setTimeout(poll, 5);
      };
      poll();
    });
    const bobAck = bobSaw.find((r) => r.method === 'ACK')!;
    expect(getHeaders(bobAck, 'Route')).toEqual([]);
    expect(getHeader(bobAck, 'Max-Forwards')).toBe('69');
    expect(getHeaders(bobAck, 'Via')).toHaveLength(2);
  });
});

