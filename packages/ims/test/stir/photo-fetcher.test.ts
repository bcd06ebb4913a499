// The name card's photo: fetched from the IdP picture URL with a short timeout, inlined as a data
// URI, cached; anything wrong means no photo, never an error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPhotoFetcher } from '../../src/stir/photo-fetcher.ts';

let server: Server;
let base = '';
const hits = new Map<string, number>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    if (path === '/photo.svg') return void res.writeHead(200, { 'content-type': 'image/svg+xml' }).end('<svg/>');
    if (path === '/big.png') return void res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.alloc(20_000));
    if (path === '/page.html') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html/>');
    if (path === '/slow.png') return; // never answers
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('photo for the jCard', () => {
  it('an image becomes a data URI and is fetched once for many calls', async () => {
    const photos = createPhotoFetcher();
    expect(await photos.dataUri(`${base}/photo.svg`)).toBe(`data:image/svg+xml;base64,${Buffer.from('<svg/>').toString('base64')}`);
    await Promise.all([photos.dataUri(`${base}/photo.svg`), photos.dataUri(`${base}/photo.svg`)]);
    expect(hits.get('/photo.svg')).toBe(1);
  });

  it('no URL, 404, not an image, too big, or no answer within the timeout: no photo (undefined), quickly', async () => {
    const photos = createPhotoFetcher({ timeoutMs: 200 });
    expect(await photos.dataUri(null)).toBeUndefined();
    expect(await photos.dataUri(`${base}/missing.png`)).toBeUndefined();
    expect(await photos.dataUri(`${base}/page.html`)).toBeUndefined();
    expect(await photos.dataUri(`${base}/big.png`)).toBeUndefined();
    const started = Date.now();
    expect(await photos.dataUri(`${base}/slow.png`)).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await photos.dataUri('file:///etc/passwd')).toBeUndefined();
  });
});
