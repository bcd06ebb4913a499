// Test STI certificate repository: a node:http server on 127.0.0.1:0 serving fixed bodies by path,
// counting requests; plus a ready-made demo STI-CA, carrier certificate and trust anchors.
import { createServer, type Server } from 'node:http';
import { createPrivateKey, type KeyObject } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createStiCa, issueStiCertificate, type StiCa, type StiCertificate } from '@eims/pki';
import { createTrustAnchors, type TrustAnchors } from '../../src/index.ts';

export interface Resource {
  body: string | Uint8Array;
  cacheControl?: string;
  status?: number;
  /** Never answer (to exercise timeouts). */
  hang?: boolean;
}

export interface StiRepository {
  base: string;
  url(path: string): string;
  hits(path: string): number;
  set(path: string, r: Resource): void;
  close(): Promise<void>;
}

export async function startStiRepository(resources: Record<string, Resource> = {}): Promise<StiRepository> {
  const table = new Map(Object.entries(resources));
  const counts = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    counts.set(path, (counts.get(path) ?? 0) + 1);
    const r = table.get(path);
    if (r?.hang) return;
    if (!r) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(r.status ?? 200, { 'content-type': 'application/pem-certificate-chain', ...(r.cacheControl ? { 'cache-control': r.cacheControl } : {}) });
    res.end(r.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    url: (path) => `${base}${path}`,
    hits: (path) => counts.get(path) ?? 0,
    set: (path, r) => void table.set(path, r),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface StiWorld {
  ca: StiCa;
  carrier: StiCertificate;
  key: KeyObject;
  anchors: TrustAnchors;
  repo: StiRepository;
  /** x5u/info URL of the carrier's chain. */
  x5u: string;
}

/** A demo STI-CA, the carrier's certificate (SPC 709J) served at /sti/carrier.pem, and anchors. */
export async function startStiWorld(): Promise<StiWorld> {
  const ca = await createStiCa();
  const carrier = await issueStiCertificate(ca, { spc: '709J' });
  const repo = await startStiRepository({ '/sti/carrier.pem': { body: carrier.chainPem, cacheControl: 'max-age=3600' } });
  return { ca, carrier, key: createPrivateKey(carrier.keyPem), anchors: createTrustAnchors(ca.root.certPem), repo, x5u: repo.url('/sti/carrier.pem') };
}
