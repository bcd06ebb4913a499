// The web softphone's server: the built renderer (dist/renderer) as static files, `/config.json`
// from the environment, and index.html for the app's own paths (`/callback` of the sign-in).
// Binds loopback only. Used by `npm start` (scripts/serve-web.mjs) and by the end-to-end tests.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/**
 * @param {{ root: string, config: object, host?: string, port?: number }} options
 * @returns {Promise<{ url: string, port: number, close(): Promise<void> }>}
 * @example
 * const web = await startWebServer({ root: 'apps/softphone/dist/renderer', config, port: 0 });
 */
export async function startWebServer(options) {
  const root = normalize(options.root);
  const configBody = JSON.stringify(options.config);
  const server = createServer(async (req, res) => {
    const headers = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...headers, allow: 'GET, HEAD' }).end();
      return;
    }
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === '/config.json') {
      res.writeHead(200, { ...headers, 'content-type': TYPES['.json'], 'cache-control': 'no-store' }).end(req.method === 'HEAD' ? undefined : configBody);
      return;
    }
    let file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403, headers).end();
      return;
    }
    const info = await stat(file).catch(() => undefined);
    if (!info || info.isDirectory() || !extname(file)) file = join(root, 'index.html'); // the app's own routes
    let body;
    try {
      body = await readFile(file);
    } catch {
      res.writeHead(404, { ...headers, 'content-type': 'text/plain; charset=utf-8' }).end('Not found. Build the softphone first: npm run build -w apps/softphone\n');
      return;
    }
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    // Hashed asset names never change; index.html must be re-read to pick up a new build.
    const cache = file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache';
    res.writeHead(200, { ...headers, 'content-type': type, 'cache-control': cache, 'content-length': body.length }).end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4500, options.host ?? '127.0.0.1', () => resolve(undefined));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://${options.host === '::1' ? '[::1]' : '127.0.0.1'}:${port}`,
    port,
    close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
  };
}
