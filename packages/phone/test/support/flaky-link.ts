// A TCP relay between the phone and the P-CSCF's WebSocket listener that a test can cut: `down()`
// closes every connection and refuses new ones (accepted, then reset at once), `up()` relays again.
// It stands for the access network; the emulator behind it is untouched.
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface FlakyLink {
  /** `ws://127.0.0.1:<port>`: give this to the phone instead of the P-CSCF's URL. */
  url: string;
  down(): void;
  up(): void;
  close(): Promise<void>;
}

export async function startFlakyLink(target: string): Promise<FlakyLink> {
  const { hostname, port } = new URL(target);
  const open = new Set<Socket>();
  let isDown = false;
  const server: Server = createServer((client) => {
    if (isDown) {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect({ host: hostname.replace(/^\[|\]$/g, ''), port: Number(port) });
    open.add(client);
    open.add(upstream);
    const end = (): void => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    down() {
      isDown = true;
      for (const s of open) s.resetAndDestroy();
      open.clear();
    },
    up() {
      isDown = false;
    },
    close() {
      for (const s of open) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
