import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createRequest, createResponse, getHeader } from '../../src/message/sip-message.ts';
import type { SipRequest } from '../../src/message/sip-message.ts';
import { SipStack } from '../../src/stack/sip-stack.ts';
import type { Flow } from '../../src/transport/flow.ts';
import { TcpTransport } from '../../src/transport/stream-transport.ts';
import { UdpTransport } from '../../src/transport/udp-transport.ts';
import { WsTransport } from '../../src/transport/ws-transport.ts';
import { registerText } from '../transport/sip-text.ts';
import { RawStream, until } from '../transport/harness.ts';

const stacks: SipStack[] = [];
const cleanups: (() => void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) c();
  for (const s of stacks.splice(0)) await s.close();
});

function options(): SipRequest {
  return createRequest({
    method: 'OPTIONS',
    uri: 'sip:server@127.0.0.1',
    headers: [
      { name: 'Max-Forwards', value: '70' },
      { name: 'To', value: '<sip:server@127.0.0.1>' },
      { name: 'From', value: '<sip:client@127.0.0.1>;tag=c1' },
      { name: 'Call-ID', value: `opt-${Math.random()}` },
      { name: 'CSeq', value: '1 OPTIONS' },
    ],
  });
}

async function answeringStack(): Promise<{ stack: SipStack; udp: UdpTransport; tcp: TcpTransport; ws: WsTransport; flows: Flow[] }> {
  const stack = new SipStack();
  stacks.push(stack);
  const udp = new UdpTransport();
  const tcp = new TcpTransport();
  const ws = new WsTransport();
  for (const t of [udp, tcp, ws]) await stack.addTransport(t);
  const flows: Flow[] = [];
  stack.onRequest(({ request, transaction, flow }) => {
    flows.push(flow);
    transaction?.respond(createResponse(request, 200, 'OK', { toTag: 'srv' }));
  });
  return { stack, udp, tcp, ws, flows };
}

describe('SipStack over real loopback sockets', () => {
  for (const protocol of ['udp', 'tcp', 'ws'] as const) {
    it(`an OPTIONS over ${protocol.toUpperCase()} gets its 200 through the client and server transactions`, async () => {
      const server = await answeringStack();
      const client = new SipStack();
      stacks.push(client);
      await client.addTransport(protocol === 'udp' ? new UdpTransport() : protocol === 'tcp' ? new TcpTransport() : new WsTransport());
      const port = server[protocol].local.port;
      const tx = client.sendRequest(options(), { transport: protocol, host: '127.0.0.1', port });
      const outcome = await tx.outcome;
      expect(outcome.type === 'response' && outcome.response.status).toBe(200);
      expect(server.flows[0]?.transport).toBe(protocol);
      if (outcome.type === 'response') expect(getHeader(outcome.response, 'Via')).toContain(`SIP/2.0/${protocol.toUpperCase()}`);
    });
  }

  it('a request to a client registered over TCP goes back over the same connection (RFC 5626 §5.3)', async () => {
    const stack = new SipStack();
    stacks.push(stack);
    const tcp = new TcpTransport();
    await stack.addTransport(tcp);
    let registeredFlow: Flow | undefined;
    stack.onRequest(({ request, transaction, flow }) => {
      registeredFlow = flow;
      transaction?.respond(createResponse(request, 200, 'OK', { toTag: 'reg', headers: [{ name: 'Contact', value: `${getHeader(request, 'Contact')};expires=600` }] }));
    });
    const socket = net.connect({ host: '127.0.0.1', port: tcp.local.port });
    await new Promise((resolve) => socket.once('connect', resolve));
    const client = new RawStream(socket);
    cleanups.push(() => socket.destroy());
    await client.write(registerText());
    await client.read('SIP/2.0 200 OK');
    client.data = '';
    const tx = stack.sendRequest(options(), { flowId: registeredFlow!.id });
    await client.read(/^OPTIONS sip:server@127\.0\.0\.1 SIP\/2\.0\r\n/);
    const via = /Via: ([^\r]+)/.exec(client.data)?.[1] ?? '';
    // The client answers on the same connection; the client transaction matches it by branch.
    await client.write(['SIP/2.0 200 OK', `Via: ${via}`, 'To: <sip:server@127.0.0.1>;tag=cl', 'From: <sip:client@127.0.0.1>;tag=c1', `Call-ID: ${getHeader(tx.request, 'Call-ID')}`, 'CSeq: 1 OPTIONS', 'Content-Length: 0', '', ''].join('\r\n'));
    const outcome = await tx.outcome;
    expect(outcome.type === 'response' && outcome.response.status).toBe(200);
  });

  it('a WebSocket client is reached over its own connection, and a closed flow fails fast', async () => {
    const stack = new SipStack();
    stacks.push(stack);
    const ws = new WsTransport();
    await stack.addTransport(ws);
    let flow: Flow | undefined;
    stack.onRequest(({ request, transaction, flow: f }) => {
      flow = f;
      transaction?.respond(createResponse(request, 200, 'OK', { toTag: 'reg' }));
    });
    const browser = new WebSocket(`ws://127.0.0.1:${ws.local.port}/`, 'sip');
    const frames: string[] = [];
    browser.on('message', (d) => frames.push(Buffer.from(d as Buffer).toString()));
    await new Promise((resolve) => browser.once('open', resolve));
    browser.send(registerText({ transport: 'WS' }));
    await until(() => frames.length === 1, 'the 200');
    const tx = stack.sendRequest(options(), { flowId: flow!.id });
    await until(() => frames.length === 2, 'the OPTIONS');
    expect(frames[1]).toMatch(/^OPTIONS /);
    browser.close();
    await until(() => stack.flows.get(flow!.id) === undefined, 'flow removal');
    // The browser never answered and its connection is gone: the transaction fails at once (§17.1.4), not at Timer F.
    expect((await tx.outcome).type).toBe('transportError');
    const late = await stack.sendRequest(options(), { flowId: flow!.id }).outcome;
    expect(late.type).toBe('transportError');
  });

  it('a connection refused ends the client transaction with a transport error (RFC 3261 §8.1.3.1)', async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const stack = new SipStack();
    stacks.push(stack);
    await stack.addTransport(new TcpTransport());
    const outcome = await stack.sendRequest(options(), { transport: 'tcp', host: '127.0.0.1', port }).outcome;
    expect(outcome.type).toBe('transportError');
  });

  it('responses matching no transaction go to the stray-response handler', async () => {
    const stack = new SipStack();
    stacks.push(stack);
    const udp = new UdpTransport();
    await stack.addTransport(udp);
    const strays: number[] = [];
    stack.onStrayResponse((r) => strays.push(r.status));
    const sender = new UdpTransport();
    const other = new SipStack();
    stacks.push(other);
    await other.addTransport(sender);
    const stray = createResponse({ ...options(), headers: [{ name: 'Via', value: 'SIP/2.0/UDP 127.0.0.1;branch=z9hG4bKnone' }, ...options().headers] }, 200);
    await other.sendStateless(stray, { transport: 'udp', host: '127.0.0.1', port: udp.local.port });
    await until(() => strays.length >= 1, 'a stray response');
    expect(strays).toContain(200);
  });
});
