import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRequest, createResponse, getHeader } from '../../src/message/sip-message.ts';
import type { SipRequest } from '../../src/message/sip-message.ts';
import { serialize } from '../../src/serializer/serialize.ts';
import { SipStack } from '../../src/stack/sip-stack.ts';
import type { IncomingRequest } from '../../src/stack/sip-stack.ts';
import { MemoryTransport } from './memory-transport.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function outgoing(method: string): SipRequest {
  return createRequest({
    method,
    uri: 'sip:bob@biloxi.example',
    headers: [
      { name: 'Max-Forwards', value: '70' },
      { name: 'To', value: '<sip:bob@biloxi.example>' },
      { name: 'From', value: '<sip:alice@atlanta.example>;tag=a1' },
      { name: 'Call-ID', value: `c-${method}` },
      { name: 'CSeq', value: `1 ${method}` },
    ],
  });
}

const wire = (text: string): string => text.split('\n').map((l) => l.trim()).join('\r\n');

function inviteFromNetwork(branch = 'z9hG4bKnet1', method = 'INVITE', toTag = ''): string {
  return wire(`${method} sip:bob@127.0.0.1 SIP/2.0
    Via: SIP/2.0/UDP 192.0.2.7:5070;branch=${branch};rport
    Max-Forwards: 70
    To: <sip:bob@biloxi.example>${toTag}
    From: <sip:alice@atlanta.example>;tag=a1
    Call-ID: net-call
    CSeq: 1 ${method === 'ACK' ? 'ACK' : method}
    Content-Length: 0

    `);
}

async function stackWith(protocol: 'udp' | 'tcp' = 'udp', options: ConstructorParameters<typeof SipStack>[0] = {}) {
  const transport = new MemoryTransport(protocol);
  const stack = new SipStack(options);
  await stack.addTransport(transport);
  return { stack, transport };
}

describe('SipStack driver with a fake clock (RFC 3261 §17)', () => {
  it('an INVITE over UDP is retransmitted at 0.5, 1.5, 3.5 s and times out at Timer B = 32 s', async () => {
    const { stack, transport } = await stackWith('udp');
    const tx = stack.sendRequest(outgoing('INVITE'), { transport: 'udp', host: '192.0.2.7', port: 5070 });
    await vi.advanceTimersByTimeAsync(0);
    expect(transport.sent).toHaveLength(1);
    expect(getHeader(tx.request, 'Via')).toMatch(/^SIP\/2\.0\/UDP 127\.0\.0\.1:5060;branch=z9hG4bK[0-9a-f]{24};rport$/);
    await vi.advanceTimersByTimeAsync(499);
    expect(transport.sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(transport.sent).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(transport.sent).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(2000);
    expect(transport.sent).toHaveLength(4);
    await vi.advanceTimersByTimeAsync(32_000 - 3500);
    expect(await tx.outcome).toEqual({ type: 'timeout' });
    expect(stack.transactionCount.client).toBe(0);
  });

  it('a non-2xx final response is ACKed by the transaction, delivered once, and Timer D cleans up after 32 s', async () => {
    const { stack, transport } = await stackWith('udp');
    const tx = stack.sendRequest(outgoing('INVITE'), { transport: 'udp', host: '192.0.2.7', port: 5070 });
    await vi.advanceTimersByTimeAsync(0);
    const statuses: number[] = [];
    tx.onResponse((r) => statuses.push(r.status));
    const busy = serialize(createResponse(tx.request, 486, undefined, { toTag: 'bob1' })).toString();
    transport.inject(busy);
    transport.inject(busy);
    expect(statuses).toEqual([486]);
    await vi.advanceTimersByTimeAsync(0);
    expect(transport.startLines().filter((l) => l.startsWith('ACK'))).toHaveLength(2);
    const ack = transport.sent.find((s) => s.text.startsWith('ACK'))!.text;
    expect(ack).toContain(`Via: ${getHeader(tx.request, 'Via')}`);
    expect(ack).toContain('tag=bob1');
    expect(stack.transactionCount.client).toBe(1);
    await vi.advanceTimersByTimeAsync(32_000);
    expect(stack.transactionCount.client).toBe(0);
  });

  it('a UAS that does not answer within 200 ms gets a 100 Trying sent for it; its 486 is retransmitted on Timer G until the ACK', async () => {
    const { stack, transport } = await stackWith('udp');
    const incoming: IncomingRequest[] = [];
    stack.onRequest((r) => incoming.push(r));
    transport.inject(inviteFromNetwork());
    expect(incoming).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(199);
    expect(transport.sent).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(transport.startLines()).toEqual(['SIP/2.0 100 Trying']);
    // A retransmitted INVITE is absorbed and answered with the 100 again, not passed to the TU.
    transport.inject(inviteFromNetwork());
    await vi.advanceTimersByTimeAsync(0);
    expect(incoming).toHaveLength(1);
    expect(transport.startLines()).toEqual(['SIP/2.0 100 Trying', 'SIP/2.0 100 Trying']);
    const tx = incoming[0]!.transaction!;
    tx.respond(createResponse(tx.request, 486, undefined, { toTag: 'uas1' }));
    await vi.advanceTimersByTimeAsync(500 + 1000 + 2000);
    expect(transport.startLines().filter((l) => l.includes('486'))).toHaveLength(4);
    transport.inject(inviteFromNetwork('z9hG4bKnet1', 'ACK', ';tag=uas1'));
    expect(incoming).toHaveLength(1);
    expect(tx.state).toBe('Confirmed');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(transport.startLines().filter((l) => l.includes('486'))).toHaveLength(4);
    expect(stack.transactionCount.server).toBe(0);
  });

  it('a proxy-style stack (trying: immediate) sends 100 Trying at once', async () => {
    const { stack, transport } = await stackWith('udp', { trying: 'immediate' });
    stack.onRequest(() => undefined);
    transport.inject(inviteFromNetwork());
    await vi.advanceTimersByTimeAsync(0);
    expect(transport.startLines()).toEqual(['SIP/2.0 100 Trying']);
  });

  it('an ACK for a 2xx reaches the TU without a transaction (RFC 3261 §17.1.1.3)', async () => {
    const { stack, transport } = await stackWith('udp');
    const incoming: IncomingRequest[] = [];
    stack.onRequest((r) => incoming.push(r));
    transport.inject(inviteFromNetwork('z9hG4bKack2xx', 'ACK', ';tag=x'));
    expect(incoming).toHaveLength(1);
    expect(incoming[0]?.transaction).toBeUndefined();
  });

  it('CANCEL: the UAS answers 200 to the CANCEL and 487 to the INVITE (RFC 3261 §9.2)', async () => {
    const { stack, transport } = await stackWith('udp', { trying: 'never' });
    stack.onRequest((incoming) => {
      if (incoming.request.method === 'CANCEL') stack.answerCancel(incoming, 'uas9');
    });
    transport.inject(inviteFromNetwork('z9hG4bKc1'));
    transport.inject(inviteFromNetwork('z9hG4bKc1', 'CANCEL'));
    await vi.advanceTimersByTimeAsync(0);
    expect(transport.startLines()).toEqual(['SIP/2.0 200 OK', 'SIP/2.0 487 Request Terminated']);
    expect(transport.sent[0]?.text).toContain('CSeq: 1 CANCEL');
    expect(transport.sent[1]?.text).toContain('CSeq: 1 INVITE');
  });

  it('a CANCEL matching nothing is answered 481 (RFC 3261 §9.2)', async () => {
    const { stack, transport } = await stackWith('udp');
    stack.onRequest((incoming) => {
      if (incoming.request.method === 'CANCEL') stack.answerCancel(incoming, 'uas9');
    });
    transport.inject(inviteFromNetwork('z9hG4bKnothing', 'CANCEL'));
    await vi.advanceTimersByTimeAsync(0);
    expect(transport.startLines()).toEqual(['SIP/2.0 481 Call/Transaction Does Not Exist']);
  });

  it('stack.cancel waits for a provisional response, then sends CANCEL with the INVITE branch (RFC 3261 §9.1)', async () => {
    const { stack, transport } = await stackWith('tcp');
    const invite = stack.sendRequest(outgoing('INVITE'), { transport: 'tcp', host: '192.0.2.7', port: 5070 });
    await vi.advanceTimersByTimeAsync(0);
    const pending = stack.cancel(invite);
    await vi.advanceTimersByTimeAsync(10);
    expect(transport.startLines().filter((l) => l.startsWith('CANCEL'))).toHaveLength(0);
    transport.inject(serialize(createResponse(invite.request, 180, undefined, { toTag: 'b' })).toString(), { host: '192.0.2.7', port: 5070 });
    const cancelTx = await pending;
    await vi.advanceTimersByTimeAsync(0);
    expect(cancelTx).toBeDefined();
    const cancel = transport.sent.find((s) => s.text.startsWith('CANCEL'))!;
    expect(cancel.text).toContain(`Via: ${getHeader(invite.request, 'Via')}`);
    expect(cancel.flow.id).toBe(invite.flow?.id);
  });

  it('a non-INVITE request retransmitted after the final response gets the same response, the TU sees it once (§17.2.2)', async () => {
    const { stack, transport } = await stackWith('udp');
    let calls = 0;
    stack.onRequest(({ request, transaction }) => {
      calls++;
      transaction?.respond(createResponse(request, 200, 'OK', { toTag: 'reg' }));
    });
    const register = inviteFromNetwork('z9hG4bKreg', 'REGISTER');
    transport.inject(register);
    transport.inject(register);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toBe(1);
    expect(transport.startLines()).toEqual(['SIP/2.0 200 OK', 'SIP/2.0 200 OK']);
    // rport was filled in from the source (RFC 3581 §4), and the response went back there.
    expect(transport.sent[0]?.text).toContain('rport=5070');
    expect(transport.sent[0]?.text).toContain('received=192.0.2.7');
    await vi.advanceTimersByTimeAsync(32_000);
    expect(stack.transactionCount.server).toBe(0);
  });

  it('a TU handler that throws produces a 500, not a silent timeout', async () => {
    const { stack, transport } = await stackWith('udp');
    stack.onRequest(() => {
      throw new Error('boom');
    });
    transport.inject(inviteFromNetwork('z9hG4bKboom', 'OPTIONS'));
    await vi.advanceTimersByTimeAsync(0);
    expect(transport.startLines()).toEqual(['SIP/2.0 500 Server Internal Error']);
  });

  it('over UDP an INVITE retransmitted after the 2xx is absorbed, not offered to the TU again (RFC 6026 §7.1)', async () => {
    const { stack, transport } = await stackWith('udp');
    let invites = 0;
    stack.onRequest(({ request, transaction }) => {
      if (request.method !== 'INVITE') return;
      invites++;
      transaction?.respond(createResponse(request, 200, 'OK', { toTag: 'ok' }));
    });
    transport.inject(inviteFromNetwork('z9hG4bKdup'));
    transport.inject(inviteFromNetwork('z9hG4bKdup'));
    await vi.advanceTimersByTimeAsync(0);
    expect(invites).toBe(1);
    expect(transport.startLines()).toEqual(['SIP/2.0 200 OK']);
    await vi.advanceTimersByTimeAsync(32_000);
    expect(stack.transactionCount.server).toBe(0);
  });
});

