// The SBI listener's request handling: JSON bodies read from the stream as they arrive (in
// several DATA frames, without content-length), capped at the limit while streaming; paths
// routed without their query; the operator key compared on every request.
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type ClientHttp2Session } from 'node:http2';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkApiKey } from '../../src/sbi/api-key-auth.ts';
import { readJsonBody } from '../../src/sbi/json-body.ts';
import { sendJson, sendProblem } from '../../src/sbi/problem.ts';
import { SbiRouter } from '../../src/sbi/sbi-router.ts';
import { startSbiServer, type SbiServer } from '../../src/sbi/sbi-server.ts';
import { ensureSbiTls } from '../../src/sbi/sbi-tls.ts';

const KEY = 'test-operator-key';
let dir: string;
let server: SbiServer;
let client: ClientHttp2Session;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sbi-server-'));
  const tls = await ensureSbiTls(dir);
  const router = new SbiRouter()
    .add('POST', '/echo/:name', async ({ req, res, params }) => {
      const refused = checkApiKey(req, KEY);
      if (refused) return sendProblem(res, refused);
      const body = await readJsonBody(req, 1024);
      if (!body.ok) return sendProblem(res, body.error);
      sendJson(res, 200, { name: params['name'], body: body.value });
    });
  server = await startSbiServer({ host: '127.0.0.1', port: 0, certPem: tls.serverCertPem, keyPem: tls.serverKeyPem, router, log: () => undefined });
  client = connect(`https://localhost:${server.port}`, { ca: tls.caCertPem });
});

afterAll(async () => {
  client?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** POSTs `chunks` as separate writes (separate DATA frames), with no content-length. */
function post(path: string, chunks: string[], key = KEY): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const stream = client.request({ ':method': 'POST', ':path': path, 'content-type': 'application/json', authorization: `Bearer ${key}` });
    let status = 0;
    const parts: Buffer[] = [];
    stream.on('response', (h) => (status = Number(h[':status'])));
    stream.on('data', (c: Buffer) => parts.push(c));
    stream.on('end', () => resolve({ status, body: JSON.parse(Buffer.concat(parts).toString('utf8')) as Record<string, unknown> }));
    stream.on('error', reject);
    const next = (i: number): void => {
      if (i === chunks.length) return void stream.end();
      stream.write(chunks[i], () => setImmediate(() => next(i + 1)));
    };
    next(0);
  });
}

describe('SBI server request handling', () => {
  it('reads a JSON body sent in several DATA frames and routes a path with a query and an escaped parameter', async () => {
    const answer = await post('/echo/sip%3Aalice%40acme.example?x=1', ['{"a":', '[1,2', ',3]}']);
    expect(answer).toEqual({ status: 200, body: { name: 'sip:alice@acme.example', body: { a: [1, 2, 3] } } });
  });

  it('stops reading a body without content-length once it passes the limit: 413', async () => {
    const answer = await post('/echo/big', ['{"pad":"', 'x'.repeat(700), 'x'.repeat(700), '"}']);
    expect(answer.status).toBe(413);
    expect(answer.body['code']).toBe('body_too_large');
  });

  it('answers 400 malformed_json for a body that is not JSON, and 403 for a wrong operator key', async () => {
    expect((await post('/echo/bad', ['{"a":'])).body['code']).toBe('malformed_json');
    const wrong = await post('/echo/x', ['{}'], 'not-the-key');
    expect([wrong.status, wrong.body['code']]).toEqual([403, 'forbidden']);
    // The right key still works after a wrong one (the key's digest is computed once and kept).
    expect((await post('/echo/x', ['{}'])).status).toBe(200);
  });
});
