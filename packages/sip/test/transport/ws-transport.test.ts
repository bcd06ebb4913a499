import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { getHeader } from '../../src/message/sip-message.ts';
import { WsTransport } from '../../src/transport/ws-transport.ts';
import type { WsTransportOptions } from '../../src/transport/ws-transport.ts';
import { optionsText } from './sip-text.ts';
import { startRecording, until } from './harness.ts';

const open: { close(): Promise<void> }[] = [];
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  for (const t of open.splice(0)) await t.close();
});

async function server(options: WsTransportOptions = {}) {
  const transport = new WsTransport(options);
  open.push(transport);
  return { transport, recording: await startRecording(transport) };
}

interface Client {
  ws: WebSocket;
  frames: { text: string; binary: boolean }[];
}

async function client(port: number, protocols: string | string[] = 'sip'): Promise<Client> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/`, protocols);
  sockets.push(ws);
  const frames: { text: string; binary: boolean }[] = [];
  ws.on('message', (data, isBinary) => frames.push({ text: Buffer.from(data as Buffer).toString('utf8'), binary: isBinary }));
  await new Promise<void>((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return { ws, frames };
}

describe('SIP over WebSocket (RFC 7118)', () => {
  it('negotiates the sip subprotocol and takes one SIP message per text frame, without Content-Length (§4.1, §5.1)', async () => {
    const { transport, recording } = await server();
    const c = await client(transport.local.port, ['foo', 'sip']);
    expect(c.ws.protocol).toBe('sip');
    c.ws.send(optionsText({ transport: 'WS', contentLength: null }));
    const [msg] = await recording.messages(1);
    expect(msg?.flow.transport).toBe('ws');
    expect(msg?.message.type === 'request' && msg.message.method).toBe('OPTIONS');
  });

  it('accepts binary frames too (§5.1)', async () => {
    const { transport, recording } = await server();
    const c = await client(transport.local.port);
    c.ws.send(Buffer.from(optionsText({ transport: 'WS' })), { binary: true });
    await recording.messages(1);
  });

  it('refuses a handshake without the sip subprotocol (§4.1)', async () => {
    const { transport, recording } = await server();
    const ws = new WebSocket(`ws://127.0.0.1:${transport.local.port}/`);
    sockets.push(ws);
    const status = await new Promise<number>((resolve) => {
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('open', () => resolve(101));
      ws.once('error', () => resolve(-1));
    });
    expect(status).toBe(400);
    expect(recording.logs.some((l) => l.type === 'rejected')).toBe(true);
  });

  it('sends back over the same WebSocket as one text frame per message (§5.2)', async () => {
    const { transport, recording } = await server();
    const c = await client(transport.local.port);
    c.ws.send(optionsText({ transport: 'WS' }));
    const [msg] = await recording.messages(1);
    await recording.flows.get(msg!.flow.id)!.send(new TextEncoder().encode(optionsText({ callId: 'to-browser' })));
    await until(() => c.frames.length === 1, 'a frame');
    expect(c.frames[0]?.binary).toBe(false);
    expect(c.frames[0]?.text).toContain('Call-ID: to-browser');
  });

  it('answers a malformed request in a frame with 400 and keeps serving (RFC 3261 §16.3)', async () => {
    const { transport, recording } = await server();
    const c = await client(transport.local.port);
    c.ws.send(optionsText({ transport: 'WS', extra: 'CSeq: nope' }).replace('CSeq: 1 OPTIONS\r\n', ''));
    await until(() => c.frames.length === 1, 'a 400 frame');
    expect(c.frames[0]?.text).toMatch(/^SIP\/2\.0 400 /);
    c.ws.send('complete garbage');
    c.ws.send(optionsText({ transport: 'WS', callId: 'fine' }));
    const [msg] = await recording.messages(1);
    expect(getHeader(msg!.message, 'Call-ID')).toBe('fine');
  });

  it('answers a CRLF keep-alive inside a frame and closes silent connections after the first-message timeout', async () => {
    const { transport } = await server({ firstMessageTimeoutMs: 150 });
    const c = await client(transport.local.port);
    c.ws.send('\r\n\r\n');
    await until(() => c.frames.length === 1, 'a pong');
    expect(c.frames[0]?.text).toBe('\r\n');
    await until(() => c.ws.readyState === WebSocket.CLOSED, 'the idle close', 2000);
  });

  it('connects as a client with the sip subprotocol (WsTransport.flowTo)', async () => {
    const a = await server();
    const b = await server();
    const entry = await a.transport.flowTo(b.transport.local);
    await entry.send(new TextEncoder().encode(optionsText({ transport: 'WS' })));
    const [msg] = await b.recording.messages(1);
    expect(msg?.flow.remote.port).toBe(entry.flow.local.port);
  });

  it('closes a connection that sends a frame larger than a SIP message may be, and serves the others', async () => {
    const { transport, recording } = await server({ limits: { maxMessageBytes: 4096 } });
    const big = await client(transport.local.port);
    const fine = await client(transport.local.port);
    big.ws.send(optionsText({ transport: 'WS', extra: `X-Pad: ${'a'.repeat(10_000)}` }));
    await until(() => big.ws.readyState === WebSocket.CLOSED, 'the oversize close');
    fine.ws.send(optionsText({ transport: 'WS', callId: 'small' }));
    const [msg] = await recording.messages(1);
    expect(getHeader(msg!.message, 'Call-ID')).toBe('small');
  });

  it('lets the application refuse a handshake (401) or bind an identity to the flow from its cookie (RFC 7118 Appendix A.2)', async () => {
    const { transport, recording } = await server({
      authorizeUpgrade: (request) => {
        const cookie = request.headers.cookie ?? '';
        const match = /session=([a-z]+)/.exec(cookie);
        return match === null ? { accept: false, status: 401, reason: 'sign in first' } : { accept: true, attributes: { user: match[1]! } };
      },
    });
    const anonymous = new WebSocket(`ws://127.0.0.1:${transport.local.port}/`, 'sip');
    sockets.push(anonymous);
    const status = await new Promise<number>((resolve) => {
      anonymous.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      anonymous.once('open', () => resolve(101));
      // ws reports the refused handshake as an error too once the socket closes.
      anonymous.on('error', () => resolve(-1));
    });
    expect(status).toBe(401);
    const alice = new WebSocket(`ws://127.0.0.1:${transport.local.port}/`, 'sip', { headers: { cookie: 'session=alice' } });
    sockets.push(alice);
    await new Promise((resolve, reject) => alice.once('open', resolve).once('error', reject));
    alice.send(optionsText({ transport: 'WS' }));
    const [msg] = await recording.messages(1);
    expect(msg?.flow.attributes).toEqual({ user: 'alice' });
  });
});

