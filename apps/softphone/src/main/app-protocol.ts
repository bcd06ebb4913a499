// The `app://softphone/...` protocol that serves the built renderer (dist/renderer) with our CSP,
// instead of `file://` (Electron security checklist #18). Only files inside the renderer folder
// are served; routes without a file extension fall back to index.html (client-side routing).
import { extname, resolve, sep } from 'node:path';
import { APP_HOST } from './window-security.ts';

export type AppAsset = { ok: true; filePath: string; contentType: string } | { ok: false; status: 400 | 404 };

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.webmanifest': 'application/manifest+json',
};

/** Maps a request URL to a file below `root`, refusing other hosts and any path escape. */
export function resolveAppAsset(requestUrl: string, root: string): AppAsset {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { ok: false, status: 400 };
  }
  if (url.host !== APP_HOST) return { ok: false, status: 404 };
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return { ok: false, status: 400 }; // broken %-escape
  }
  if (path.includes('\0') || path.includes('\\')) return { ok: false, status: 400 };
  const ext = extname(path).toLowerCase();
  const relative = path === '/' || ext === '' ? 'index.html' : path.replace(/^\/+/, '');
  const base = resolve(root);
  const filePath = resolve(base, relative);
  if (filePath !== base && !filePath.startsWith(base + sep)) return { ok: false, status: 404 };
  const contentType = TYPES[extname(filePath).toLowerCase()];
  if (contentType === undefined) return { ok: false, status: 404 };
  return { ok: true, filePath, contentType };
}

/** Headers of every app:// response: the CSP and no sniffing or referrers. */
export function appResponseHeaders(contentType: string, csp: string): Record<string, string> {
  return {
    'content-type': contentType,
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cache-control': 'no-cache',
  };
}
