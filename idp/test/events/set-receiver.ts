// A Security Event Token receiver for tests (RFC 8935 push): verifies every SET against the
// transmitter's published JWKS, answers 202, and records what it accepted.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload, type ProtectedHeaderParameters } from 'jose';

export interface ReceivedSet {
  header: ProtectedHeaderParameters;
  claims: JWTPayload & Record<string, unknown>;
  receivedAt: number;
  contentType: string | undefined;
}

export interface SetReceiver {
  url: string;
  audience: string;
  port: number;
  received: ReceivedSet[];
  /** SETs refused (bad signature, wrong typ/iss/aud...), with the reason. */
  refused: string[];
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedSet[]>;
  close(): Promise<void>;
}

/** A port that was free a moment ago (for a receiver that starts "down"). */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

export async function startSetReceiver(options: { issuer: string; jwksUrl: string; audience: string; port?: number; answer?: { status: number; body?: string } }): Promise<SetReceiver> {
  const jwks = createRemoteJWKSet(new URL(options.jwksUrl));
  const received: ReceivedSet[] = [];
  const refused: string[] = [];
  const waiters: Array<() => void> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const token = Buffer.concat(chunks).toString('utf8');
        if (options.answer !== undefined) {
          res.writeHead(options.answer.status, { 'content-type': 'application/json' }).end(options.answer.body ?? '');
          return;
        }
        try {
          // RFC 8417 §2.3 / SSF 1.0: explicit typ; iss and aud as configured.
          const { payload, protectedHeader } = await jwtVerify(token, jwks, { typ: 'secevent+jwt', issuer: options.issuer, audience: options.audience, algorithms: ['ES256'] });
          received.push({ header: protectedHeader, claims: payload as ReceivedSet['claims'], receivedAt: Date.now(), contentType: req.headers['content-type'] });
          res.writeHead(202).end();
          for (const w of waiters.splice(0)) w();
        } catch (err) {
          let typ: unknown;
          try {
            typ = decodeProtectedHeader(token).typ;
          } catch {
            typ = 'undecodable';
          }
          refused.push(`${err instanceof Error ? err.message : String(err)} (typ ${String(typ)})`);
          // RFC 8935 §2.4 error response.
          res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ err: 'authentication_failed', description: 'SET not verified' }));
        }
      })();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/ssf/push`,
    audience: options.audience,
    port,
    received,
    refused,
    async waitFor(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`receiver got ${received.length} SET(s), expected ${count}; refused: ${refused.join(' | ')}`);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(t);
            resolve();
          });
        });
      }
      return received;
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
