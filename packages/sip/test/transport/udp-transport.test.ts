import dgram from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { UdpTransport } from '../../src/transport/udp-transport.ts';
import { optionsText } from './sip-text.ts';
import { startRecording, until } from './harness.ts';

const open: { close(): Promise<void> }[] = [];
const sockets: dgram.Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  for (const t of open.splice(0)) await t.close();
});

async function peer(): Promise<{ socket: dgram.Socket; got: string[]; send(text: string, port: number): void }> {
  const socket = dgram.createSocket('udp4');
  sockets.push(socket);
  const got: string[] = [];
  socket.on('message', (m) => got.push(m.toString('utf8')));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { socket, got, send: (text, port) => socket.send(text, port, '127.0.0.1') };
}

describe('SIP over UDP (RFC 3261 §18)', () => {
  it('takes one message per datagram and replies over the flow to the source address', async () => {
    const transport = new UdpTransport();
    open.push(transport);
    const recording = await startRecording(transport);
    const p = await peer();
    p.send(optionsText({ transport: 'UDP' }), transport.local.port);
    const [msg] = await recording.messages(1);
    expect(msg?.flow.transport).toBe('udp');
    expect(msg?.flow.remote.port).toBe(p.socket.address().port);
    await recording.flows.get(msg!.flow.id)!.send(new TextEncoder().encode('SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n'));
    await until(() => p.got.length === 1, 'the reply');
  });

  it('answers a request whose Content-Length exceeds the datagram with 400 (§18.3)', async () => {
    const transport = new UdpTransport();
    open.push(transport);
    const recording = await startRecording(transport);
    const p = await peer();
    p.send(optionsText({ transport: 'UDP', contentLength: '500' }), transport.local.port);
    await until(() => p.got.length === 1, 'a 400');
    expect(p.got[0]).toMatch(/^SIP\/2\.0 400 /);
    expect(recording.received).toHaveLength(0);
    // Another peer is unaffected.
    const q = await peer();
    q.send(optionsText({ transport: 'UDP' }), transport.local.port);
    await recording.messages(1);
  });
});

describe('UDP flow table bound', () => {
  it('forgets the oldest UDP peers beyond maxConnections', async () => {
    const transport = new UdpTransport({ maxConnections: 2 });
    open.push(transport);
    const recording = await startRecording(transport);
    const peers = [await peer(), await peer(), await peer()];
    for (const [i, p] of peers.entries()) {
      p.send(optionsText({ transport: 'UDP', callId: `n${i}` }), transport.local.port);
      await recording.messages(i + 1);
    }
    expect(recording.flows.size).toBe(2);
    expect(recording.flows.get(recording.received[0]!.flow.id)).toBeUndefined();
    expect(recording.flows.get(recording.received[2]!.flow.id)).toBeDefined();
  });
});
