// One RFC 8935 push attempt, classified: 2xx delivered, a refusal is final, anything transient
// (timeout, 5xx, 429) is retried.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { pushSecurityEventToken } from '../../src/events/push-delivery.ts';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
  server = undefined;
});

async function answering(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/push`;
}

describe('push attempt (RFC 8935 §2)', () => {
  it('POSTs the SET as application/secevent+jwt, asks for JSON, and takes 202 as delivered', async () => {
    let seen: { type?: string | undefined; accept?: string | undefined; body?: string } = {};
    const url = await answering((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen = { type: req.headers['content-type'], accept: req.headers.accept, body };
        res.writeHead(202).end();
      });
    });
    expect(await pushSecurityEventToken(url, 'a.b.c', 1000)).toEqual({ kind: 'delivered', status: 202 });
    expect(seen).toEqual({ type: 'application/secevent+jwt', accept: 'application/json', body: 'a.b.c' });
  });

  it('a receiver that does not answer in time is retried later (per-attempt timeout)', async () => {
    const url = await answering(() => undefined);
    const started = performance.now();
    const outcome = await pushSecurityEventToken(url, 'a.b.c', 200);
    expect(performance.now() - started).toBeLessThan(1500);
    expect(outcome).toMatchObject({ kind: 'retry', error: expect.stringMatching(/timeout|aborted/i) });
  });

  for (const [status, kind] of [[503, 'retry'], [500, 'retry'], [429, 'retry'], [404, 'rejected'], [401, 'rejected']] as const) {
    it(`HTTP ${status} → ${kind}`, async () => {
      const url = await answering((_req, res) => res.writeHead(status).end());
      expect((await pushSecurityEventToken(url, 'a.b.c', 1000)).kind).toBe(kind);
    });
  }
});
