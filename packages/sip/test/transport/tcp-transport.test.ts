import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getHeader } from '../../src/message/sip-message.ts';
import { TcpTransport } from '../../src/transport/stream-transport.ts';
import type { TransportOptions } from '../../src/transport/sip-transport.ts';
import { optionsText } from './sip-text.ts';
import { RawStream, startRecording, until } from './harness.ts';

const open: { close(): Promise<void> }[] = [];
const clients: RawStream[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.socket.destroy();
  for (const t of open.splice(0)) await t.close();
});

async function server(options: TransportOptions = {}) {
  const transport = new TcpTransport(options);
  open.push(transport);
  const recording = await startRecording(transport);
  return { transport, recording };
}

async function connect(port: number): Promise<RawStream> {
  const socket = net.connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const client = new RawStream(socket);
  clients.push(client);
  return client;
}

describe('SIP over TCP (RFC 3261 §18.3 stream framing)', () => {
  it('binds 127.0.0.1 on a free port and reassembles a message split across writes', async () => {
    const { transport, recording } = await server();
    expect(transport.local.host).toBe('127.0.0.1');
    expect(transport.local.port).toBeGreaterThan(0);
    const client = await connect(transport.local.port);
    const text = optionsText();
    for (let i = 0; i < text.length; i += 7) {
      await client.write(text.slice(i, i + 7));
    }
    const [first] = await recording.messages(1);
    expect(first?.message.type === 'request' && first.message.method).toBe('OPTIONS');
    expect(first?.flow.transport).toBe('tcp');
    expect(first?.flow.remote.port).toBe(client.socket.localPort);
  });

  it('delivers two messages written in one chunk, each once', async () => {
    const { transport, recording } = await server();
    const client = await connect(transport.local.port);
    await client.write(optionsText({ callId: 'one' }) + optionsText({ callId: 'two', branch: 'z9hG4bKtest2' }));
    const both = await recording.messages(2);
    expect(both.map((r) => getHeader(r.message, 'Call-ID'))).toEqual(['one', 'two']);
  });

  it('answers a double-CRLF keep-alive ping with a single CRLF pong (RFC 5626 §4.4.1)', async () => {
    const { transport } = await server();
    const client = await connect(transport.local.port);
    await client.write('\r\n\r\n');
    await client.read('\r\n');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(client.data).toBe('\r\n');
  });

  it('answers a request with a broken header statelessly with 400 and keeps the connection (RFC 3261 §16.3)', async () => {
    const { transport, recording } = await server();
    const client = await connect(transport.local.port);
    await client.write(optionsText({ extra: 'Max-Forwards: banana' }).replace('Max-Forwards: 70\r\n', ''));
    const reply = await client.read(/^SIP\/2\.0 400 /);
    expect(reply).toContain('Via: SIP/2.0/TCP client.invalid;branch=z9hG4bKtest1');
    expect(reply).toContain('Call-ID: call-1');
    await client.write(optionsText({ callId: 'after' }));
    const [ok] = await recording.messages(1);
    expect(getHeader(ok!.message, 'Call-ID')).toBe('after');
    expect(client.closed).toBe(false);
  });

  it('answers an unknown SIP version with 505 (RFC 3261 §8.2.1 via §16.3)', async () => {
    const { transport } = await server();
    const client = await connect(transport.local.port);
    await client.write(optionsText({ version: '3.0' }));
    await client.read(/^SIP\/2\.0 505 /);
  });

  it('closes a connection whose framing is lost (bad Content-Length) while another client keeps being served', async () => {
    const { transport, recording } = await server();
    const bad = await connect(transport.local.port);
    const good = await connect(transport.local.port);
    await bad.write(optionsText({ contentLength: 'lots' }));
    await bad.whenClosed();
    await good.write(optionsText({ callId: 'still-served' }));
    const [msg] = await recording.messages(1);
    expect(getHeader(msg!.message, 'Call-ID')).toBe('still-served');
    expect(recording.logs.some((l) => l.type === 'parseError' && l.fatal)).toBe(true);
  });

  it('closes a connection that sends an oversize message', async () => {
    const { transport, recording } = await server({ limits: { maxMessageBytes: 2000 } });
    const big = await connect(transport.local.port);
    await big.write(optionsText({ extra: `X-Pad: ${'a'.repeat(4000)}` }));
    await big.whenClosed();
    expect(recording.received).toHaveLength(0);
  });

  it('closes a half message and a silent connection after the first-message timeout, not a served one', async () => {
    const { transport, recording } = await server({ firstMessageTimeoutMs: 150 });
    const silent = await connect(transport.local.port);
    const half = await connect(transport.local.port);
    const served = await connect(transport.local.port);
    await half.write(optionsText().slice(0, 60));
    await served.write(optionsText());
    await silent.whenClosed(2000);
    await half.whenClosed(2000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(served.closed).toBe(false);
    expect(recording.received).toHaveLength(1);
    expect(recording.logs.filter((l) => l.type === 'idleTimeout')).toHaveLength(2);
  });

  it('refuses connections beyond maxConnections', async () => {
    const { transport, recording } = await server({ maxConnections: 1 });
    const first = await connect(transport.local.port);
    const second = await connect(transport.local.port);
    await second.whenClosed();
    await first.write(optionsText());
    await recording.messages(1);
    expect(first.closed).toBe(false);
  });

  it('sends back over the flow a message arrived on, and forgets the flow when it closes (RFC 5626 §5.3)', async () => {
    const { transport, recording } = await server();
    const client = await connect(transport.local.port);
    await client.write(optionsText());
    const [first] = await recording.messages(1);
    const entry = recording.flows.get(first!.flow.id);
    expect(entry).toBeDefined();
    await entry!.send(new TextEncoder().encode(optionsText({ callId: 'back-to-you' })));
    await client.read('Call-ID: back-to-you');
    const closed: string[] = [];
    recording.flows.onClosed((flow) => closed.push(flow.id));
    client.socket.destroy();
    await until(() => closed.length === 1, 'flow close');
    expect(recording.flows.get(first!.flow.id)).toBeUndefined();
  });

  it('opens an outbound connection and reuses it for the same address', async () => {
    const { transport: a } = await server();
    const { transport: b, recording: rb } = await server();
    const flow1 = await a.flowTo(b.local);
    const flow2 = await a.flowTo(b.local);
    expect(flow2).toBe(flow1);
    await flow1.send(new TextEncoder().encode(optionsText()));
    const [msg] = await rb.messages(1);
    expect(msg?.flow.remote.port).toBe(flow1.flow.local.port);
  });

  it('turns Nagle off on accepted and outbound connections (a message is never held for the previous one\'s ACK)', async () => {
    const noDelay = vi.spyOn(net.Socket.prototype, 'setNoDelay');
    try {
      const { transport: a } = await server();
      const { transport: b, recording: rb } = await server();
      const outbound = await a.flowTo(b.local);
      await outbound.send(new TextEncoder().encode(optionsText()));
      await rb.messages(1);
      // Each side's socket of that connection: a's by its local port, b's by its remote port.
      const ports = noDelay.mock.contexts.map((socket, i) => ({ local: (socket as net.Socket).localPort, remote: (socket as net.Socket).remotePort, on: noDelay.mock.calls[i]?.[0] }));
      expect(ports).toContainEqual({ local: outbound.flow.local.port, remote: b.local.port, on: true });
      expect(ports).toContainEqual({ local: b.local.port, remote: outbound.flow.local.port, on: true });
    } finally {
      noDelay.mockRestore();
    }
  });
});
