// Bad input on every listener (RFC 3261 §18.3, RFC 7118): garbage, oversize messages, half
// messages and silent connections get a 400 or a closed connection, and the emulator keeps
// serving everyone else.
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { Endpoint } from '@eims/sip';
import { startStack, type Stack } from './ims-harness.ts';
import { startPhone } from './sipjs-phone.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

type Outcome = { kind: 'closed'; data: string } | { kind: 'open'; data: string };

/** Writes `chunks`, then waits: what came back, and whether the server closed the connection. */
async function probe(open: () => Promise<Socket>, chunks: (string | Buffer)[], waitMs: number, untilAnswer = false): Promise<Outcome> {
  const socket = await open();
  let data = '';
  let closed = false;
  socket.on('error', () => undefined);
  const done = new Promise<void>((r) => {
    socket.once('close', () => ((closed = true), r()));
    socket.on('data', (d: Buffer) => {
      data += d.toString('latin1');
      // Where an answer is expected on an open connection, it ends the wait (however busy the machine).
      if (untilAnswer && data.includes('\r\n\r\n')) r();
    });
  });
  for (const c of chunks) socket.write(c);
  await Promise.race([done, new Promise((r) => setTimeout(r, waitMs))]);
  socket.destroy();
  return { kind: closed ? 'closed' : 'open', data };
}

const BAD_HEADER_REQUEST = [
  'OPTIONS sip:x@acme.example SIP/2.0',
  'Via: SIP/2.0/TCP 127.0.0.1:9;branch=z9hG4bKbad1',
  'From: <sip:a@acme.example>;tag=1',
  'To: <sip:x@acme.example>',
  'Call-ID: bad-1',
  'CSeq: not-a-number OPTIONS',
  'Max-Forwards: 70',
  'Content-Length: 0',
  '',
  '',
].join('\r\n');

function tcpOpener(e: Endpoint): () => Promise<Socket> {
  return () => new Promise((resolve, reject) => {
    const s = netConnect({ host: e.host, port: e.port }, () => resolve(s));
    s.once('error', reject);
  });
}

function listeners(): { name: string; open: () => Promise<Socket> }[] {
  const p = stack.core.pcscf.listeners;
  return [
    { name: 'P-CSCF TCP', open: tcpOpener(p.tcp) },
    {
      name: 'P-CSCF TLS',
      open: () =>
        new Promise((resolve, reject) => {
          const s = tlsConnect({ host: p.tls!.host, port: p.tls!.port, ca: stack.caCertPem, servername: 'localhost' }, () => resolve(s));
          s.once('error', reject);
        }),
    },
    { name: 'P-CSCF core side', open: tcpOpener(p.core) },
    { name: 'S-CSCF', open: tcpOpener(stack.core.scscf.local) },
    { name: 'MMTel AS', open: tcpOpener(stack.core.as.local) },
  ];
}

async function stillServes(): Promise<void> {
  const alice = await startPhone('sip:alice@acme.example', stack.core.listeners.ws);
  try {
    expect(await alice.register(await stack.token('alice'))).toBe(200);
    expect(await alice.unregister(await stack.token('alice'))).toBe(200);
  } finally {
    await alice.stop();
  }
}

describe('bad input on the stream listeners (RFC 3261 §18.3)', () => {
  it('every stream listener closes on garbage, oversize and half messages, answers 400 to a bad header, drops silent connections; alice still registers', async () => {
    for (const l of listeners()) {
      const garbage = await probe(l.open, [Buffer.from([0, 1, 2, 255, 13, 10, 13, 10, 66, 67])], 2000);
      expect(garbage.kind === 'closed' || /^SIP\/2\.0 400 /.test(garbage.data), `${l.name}: garbage`).toBe(true);
      const oversize = await probe(l.open, [`OPTIONS sip:x@acme.example SIP/2.0\r\nX-Big: ${'a'.repeat(70_000)}\r\n\r\n`], 2000);
      expect(oversize.kind, `${l.name}: oversize`).toBe('closed');
      const half = await probe(l.open, ['OPTIONS sip:x@acme.example SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:9;branch=z9hG4bKhalf\r\n'], 2000);
      expect(half.kind, `${l.name}: half message`).toBe('closed');
      const silent = await probe(l.open, [], 2000);
      expect(silent.kind, `${l.name}: silent`).toBe('closed');
      const badHeader = await probe(l.open, [BAD_HEADER_REQUEST], 5000, true);
      expect(badHeader.data, `${l.name}: bad header`).toMatch(/^SIP\/2\.0 400 /);
    }
    await stillServes();
  }, 60_000);
});

describe('bad input on the WebSocket listener (RFC 7118)', () => {
  const wsProbe = (protocols: string[], send: (ws: WebSocket) => void): Promise<{ closed: boolean; messages: string[]; status?: number }> =>
    new Promise((resolve) => {
      const ws = new WebSocket(stack.core.listeners.ws, protocols);
      const messages: string[] = [];
      let status: number | undefined;
      ws.on('unexpected-response', (_req, res) => {
        status = res.statusCode ?? 0;
        resolve({ closed: true, messages, status });
      });
      ws.on('error', () => undefined);
      ws.on('open', () => send(ws));
      ws.on('message', (m: Buffer) => messages.push(m.toString()));
      ws.on('close', () => resolve({ closed: true, messages, ...(status === undefined ? {} : { status }) }));
      setTimeout(() => {
        ws.terminate();
        resolve({ closed: false, messages });
      }, 2000);
    });

  it('no "sip" subprotocol: the handshake is refused with 400', async () => {
    expect((await wsProbe(['chat'], () => undefined)).status).toBe(400);
  });
  it('a garbage frame gets no SIP through and the connection stays harmless; a bad header gets 400', async () => {
    const garbage = await wsProbe(['sip'], (ws) => ws.send(Buffer.from([0, 1, 2, 255])));
    expect(garbage.messages.every((m) => /^SIP\/2\.0 4\d\d /.test(m))).toBe(true);
    const bad = await wsProbe(['sip'], (ws) => ws.send(BAD_HEADER_REQUEST));
    expect(bad.messages[0]).toMatch(/^SIP\/2\.0 400 /);
  });
  it('an oversize frame closes the connection', async () => {
    expect((await wsProbe(['sip'], (ws) => ws.send('x'.repeat(70_000)))).closed).toBe(true);
  });
  it('a silent WebSocket is closed, and alice still registers', async () => {
    expect((await wsProbe(['sip'], () => undefined)).closed).toBe(true);
    await stillServes();
  });
});
