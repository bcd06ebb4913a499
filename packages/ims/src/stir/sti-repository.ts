// The STI certificate repository (STI-CR, ATIS-1000074) on the console listener: `GET
// /sti/<name>.pem` answers the PEM chain published under that name, with a caching directive
// (verifiers cache by URL; the ATIS text asks the STI-CR for one).
import type { ConsoleHandler } from '../console/console-server.ts';

export const STI_PATH_PREFIX = '/sti/';

/**
 * A console handler serving `chains` (name → PEM chain) at `/sti/<name>.pem`.
 * @example consoleServer.addHandler(stiRepositoryHandler(new Map([['carrier', sti.chainPem]])));
 */
export function stiRepositoryHandler(chains: ReadonlyMap<string, string>, options: { maxAgeSeconds?: number } = {}): ConsoleHandler {
  const maxAge = options.maxAgeSeconds ?? 3600;
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (!path.startsWith(STI_PATH_PREFIX)) return Promise.resolve(false);
    const m = /^\/sti\/([A-Za-z0-9_-]{1,64})\.pem$/.exec(path);
    const chain = m === null ? undefined : chains.get(m[1]!);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'application/json' }).end(JSON.stringify({ error: 'method_not_allowed', description: 'The STI certificate repository is read-only: use GET.' }));
      return Promise.resolve(true);
    }
    if (chain === undefined) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'not_found', description: `No STI certificate chain at ${path}.` }));
      return Promise.resolve(true);
    }
    res.writeHead(200, {
      'content-type': 'application/pem-certificate-chain',
      'cache-control': `max-age=${maxAge}`,
      'content-length': Buffer.byteLength(chain),
    });
    res.end(req.method === 'HEAD' ? undefined : chain);
    return Promise.resolve(true);
  };
}
