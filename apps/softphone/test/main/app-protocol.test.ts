import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appResponseHeaders, resolveAppAsset } from '../../src/main/app-protocol.ts';

const ROOT = resolve('/opt/softphone/dist/renderer');

describe('app:// serves the built renderer and nothing else (Electron security checklist #18)', () => {
  it('maps files of the renderer folder with their content type', () => {
    expect(resolveAppAsset('app://softphone/index.html', ROOT)).toEqual({ ok: true, filePath: join(ROOT, 'index.html'), contentType: 'text/html; charset=utf-8' });
    expect(resolveAppAsset('app://softphone/assets/index-abc123.js', ROOT)).toEqual({ ok: true, filePath: join(ROOT, 'assets/index-abc123.js'), contentType: 'text/javascript; charset=utf-8' });
    expect(resolveAppAsset('app://softphone/assets/app.css?v=1#x', ROOT)).toMatchObject({ ok: true, contentType: 'text/css; charset=utf-8' });
  });

  it('client-side routes fall back to index.html', () => {
    expect(resolveAppAsset('app://softphone/', ROOT)).toMatchObject({ ok: true, filePath: join(ROOT, 'index.html') });
    expect(resolveAppAsset('app://softphone/calls/history', ROOT)).toMatchObject({ ok: true, filePath: join(ROOT, 'index.html') });
  });

  it('no path escapes the renderer folder, encoded or not', () => {
    for (const url of ['app://softphone/../main/main.mjs', 'app://softphone/%2e%2e/%2e%2e/etc/passwd.html', 'app://softphone/assets/..%2f..%2f..%2fsecret.json', 'app://softphone/a%5c..%5c..%5cx.js', 'app://softphone/x%00.js']) {
      const r = resolveAppAsset(url, ROOT);
      if (r.ok) expect(r.filePath.startsWith(ROOT + '/'), url).toBe(true);
      else expect([400, 404], url).toContain(r.status);
    }
    // WHATWG URL parsing already folds %2e%2e segments at the root; the result stays inside.
    expect(resolveAppAsset('app://softphone/%2e%2e/%2e%2e/etc/passwd.html', ROOT)).toMatchObject({ filePath: join(ROOT, 'etc/passwd.html') });
    expect(resolveAppAsset('app://softphone/assets/..%2f..%2f..%2fsecret.json', ROOT)).toEqual({ ok: false, status: 404 });
  });

  it('other hosts, unknown file types and broken escapes are refused', () => {
    expect(resolveAppAsset('app://elsewhere/index.html', ROOT)).toEqual({ ok: false, status: 404 });
    expect(resolveAppAsset('app://softphone/secret.key', ROOT)).toEqual({ ok: false, status: 404 });
    expect(resolveAppAsset('app://softphone/%E0%A4%A.js', ROOT)).toEqual({ ok: false, status: 400 });
  });

  it('every response carries the CSP and nosniff', () => {
    expect(appResponseHeaders('text/html', "default-src 'none'")).toMatchObject({ 'content-security-policy': "default-src 'none'", 'x-content-type-options': 'nosniff' });
  });
});
