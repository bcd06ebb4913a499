// The SBI listener: one HTTP/2-over-TLS server (no HTTP/1.1 fallback) carrying IF1, IF2 and the
// BSS API. Unexpected handler failures become a 500 problem; details go to the log only.
import { createSecureServer, type Http2SecureServer } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { problem, sendProblem } from './problem.ts';
import { SESSION_MEMORY_MB } from './http2-pool.ts';
import type { SbiRouter } from './sbi-router.ts';

export interface SbiServer {
  server: Http2SecureServer;
  port: number;
  close(): Promise<void>;
}

export async function startSbiServer(options: { host: string; port: number; certPem: string; keyPem: string; router: SbiRouter; log: (m: string) => void }): Promise<SbiServer> {
  const server = createSecureServer({ cert: options.certPem, key: options.keyPem, allowHTTP1: false, minVersion: 'TLSv1.2', unknownProtocolTimeout: 1000, maxSessionMemory: SESSION_MEMORY_MB }, (req, res) => {
    options.router.dispatch(req, res).catch((error: unknown) => {
      options.log(`SBI ${req.method} ${req.url} failed: ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent) sendProblem(res, problem(500, 'internal_error', 'Internal error', 'The emulator hit an internal error; see its log.'));
      else res.stream.close();
    });
  });
  // Every TLS connection, HTTP/2 or not (an HTTP/1.1 client gets 403 and would linger), is
  // tracked so close() ends them at once.
  const sockets = new Set<import('node:tls').TLSSocket>();
  server.on('secureConnection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
  return {
    server,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
