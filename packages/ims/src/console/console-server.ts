// The emulator console listener (plain HTTP on loopback, default 4600): the EDS's security-event
// receiver and the STI certificate repository (x5u, `/sti/<name>.pem`). Handlers answer `true`
// when a request was theirs.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ConsoleHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export interface ConsoleServer {
  server: Server;
  port: number;
  addHandler(handler: ConsoleHandler): void;
  close(): Promise<void>;
}

export async function startConsoleServer(options: { host: string; port: number; log: (m: string) => void }): Promise<ConsoleServer> {
  const handlers: ConsoleHandler[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      for (const handler of handlers) if (await handler(req, res)) return;
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'not_found', description: `Nothing at ${req.url ?? '/'}.` }));
    })().catch((error: unknown) => {
      options.log(`console ${req.method ?? ''} ${req.url ?? ''} failed: ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'internal_error', description: 'See the emulator log.' }));
      else res.destroy();
    });
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
    addHandler: (handler) => handlers.push(handler),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
