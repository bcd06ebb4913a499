// Serves the admin web page (static HTML, CSS and JS from ./static) under /admin with a strict
// Content Security Policy: no inline script or style, same-origin fetches only.
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';

const STATIC_DIR = new URL('./static/', import.meta.url);

export const ADMIN_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

interface Asset {
  type: string;
  body: Buffer;
}

export interface AdminPage {
  /** True when `path` is one of the page's URLs (and the response was sent). */
  serve(path: string, method: string, res: ServerResponse): boolean;
}

export function createAdminPage(issuer: string): AdminPage {
  const html = readFileSync(new URL('admin.html', STATIC_DIR), 'utf8').replace('{{ISSUER}}', escapeAttribute(issuer.replace(/\/+$/, '')));
  const page: Asset = { type: 'text/html; charset=utf-8', body: Buffer.from(html) };
  const assets = new Map<string, Asset>([
    ['/admin', page],
    ['/admin/', page],
    // The OIDC redirect target: the same page finishes the sign-in from the query string.
    ['/admin/callback', page],
    ['/admin/admin.js', { type: 'text/javascript; charset=utf-8', body: readFileSync(new URL('admin.js', STATIC_DIR)) }],
    ['/admin/admin.css', { type: 'text/css; charset=utf-8', body: readFileSync(new URL('admin.css', STATIC_DIR)) }],
  ]);
  return {
    serve(path, method, res) {
      const asset = assets.get(path);
      if (asset === undefined) return false;
      if (method !== 'GET' && method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
        res.end('Use GET.');
        return true;
      }
      res.writeHead(200, {
        'content-type': asset.type,
        'content-length': asset.body.length,
        'content-security-policy': ADMIN_PAGE_CSP,
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        // The callback URL carries the authorization code: keep it out of Referer headers.
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-store',
      });
      res.end(method === 'HEAD' ? undefined : asset.body);
      return true;
    },
  };
}

function escapeAttribute(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
