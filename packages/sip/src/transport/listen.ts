// Binding a TCP-based server (plain, TLS or the HTTP server under WebSocket) and reading back the
// address it got, so a port of 0 in tests resolves to the real one.
import type { Server } from 'node:net';
import type { Endpoint } from './flow.ts';

/** Listens on `host:port` and resolves with the bound address; rejects on a bind error. */
export async function listen(server: Server, port: number, host: string): Promise<Endpoint> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('unexpected server address');
  return { host: address.address, port: address.port };
}
