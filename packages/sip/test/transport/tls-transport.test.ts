import tls from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TlsTransport } from '../../src/transport/stream-transport.ts';
import { makeTestCertificates } from './test-certificates.ts';
import type { TestCertificates } from './test-certificates.ts';
import { optionsText } from './sip-text.ts';
import { RawStream, startRecording } from './harness.ts';

let certs: TestCertificates;
beforeAll(() => {
  certs = makeTestCertificates();
});
afterAll(() => certs.cleanup());

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
});

async function mutualTlsServer() {
  const transport = new TlsTransport({
    server: { key: certs.serverKey, cert: certs.serverCert, ca: certs.caPem, requestCert: true, rejectUnauthorized: true },
    client: { ca: certs.caPem, key: certs.clientKey, cert: certs.clientCert },
  });
  open.push(transport);
  return { transport, recording: await startRecording(transport) };
}

function connect(port: number, withCert: boolean): Promise<RawStream> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port, ca: certs.caPem, ...(withCert ? { key: certs.clientKey, cert: certs.clientCert } : {}) });
    const raw = new RawStream(socket);
    socket.once('secureConnect', () => resolve(raw));
    socket.once('error', reject);
  });
}

describe('SIP over TLS with client certificates (RFC 3261 §26.2, TS 24.229 trunk profile)', () => {
  it('accepts a client certificate from the CA and exposes it on the flow', async () => {
    const { transport, recording } = await mutualTlsServer();
    const client = await connect(transport.local.port, true);
    await client.write(optionsText({ transport: 'TLS' }));
    const [msg] = await recording.messages(1);
    expect(msg?.flow.transport).toBe('tls');
    expect(msg?.flow.peerCertificate?.subject).toContain('CN=pbx.acme.example');
    expect(msg?.flow.peerCertificate?.subjectAltName).toContain('DNS:pbx.acme.example');
    client.socket.destroy();
  });

  it('refuses a connection without a client certificate', async () => {
    const { transport, recording } = await mutualTlsServer();
    // TLS 1.3 reports the refusal after the handshake: the first write fails or the socket closes.
    const outcome = await connect(transport.local.port, false).then(
      async (client) => {
        await client.write(optionsText({ transport: 'TLS' })).catch(() => undefined);
        await client.whenClosed();
        return 'closed';
      },
      () => 'handshake failed',
    );
    expect(['closed', 'handshake failed']).toContain(outcome);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(recording.received).toHaveLength(0);
    expect(recording.logs.some((l) => l.type === 'rejected')).toBe(true);
  });

  it('connects out with its own client certificate to another TLS transport', async () => {
    const a = await mutualTlsServer();
    const b = await mutualTlsServer();
    const flow = await a.transport.flowTo(b.transport.local);
    await flow.send(new TextEncoder().encode(optionsText({ transport: 'TLS' })));
    const [msg] = await b.recording.messages(1);
    expect(msg?.flow.peerCertificate?.subject).toContain('CN=pbx.acme.example');
  });
});

describe('SIP over secure WebSocket with client certificates (RFC 7118 §4.1, §10)', () => {
  it('exposes the browser-side client certificate on a WSS flow', async () => {
    const { WsTransport } = await import('../../src/transport/ws-transport.ts');
    const { WebSocket } = await import('ws');
    const transport = new WsTransport({ tls: { key: certs.serverKey, cert: certs.serverCert, ca: certs.caPem, requestCert: true, rejectUnauthorized: true } });
    open.push(transport);
    const recording = await startRecording(transport);
    expect(transport.protocol).toBe('wss');
    const ws = new WebSocket(`wss://127.0.0.1:${transport.local.port}/`, 'sip', { ca: certs.caPem, key: certs.clientKey, cert: certs.clientCert });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    ws.send(optionsText({ transport: 'WSS' }));
    const [msg] = await recording.messages(1);
    expect(msg?.flow.transport).toBe('wss');
    expect(msg?.flow.peerCertificate?.subject).toContain('CN=pbx.acme.example');
    ws.terminate();
  });
});
