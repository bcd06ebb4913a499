// The admin web page (issue 2, item 7): static HTML and JS under a strict CSP, every control
// labelled, errors in role="alert", progress in role="status".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdminFixture, type AdminFixture } from './admin-fixture.ts';

let f: AdminFixture;
beforeAll(async () => {
  f = await startAdminFixture();
});
afterAll(async () => {
  await f.close();
});

describe('the admin page', () => {
  it('is served at /admin and /admin/callback with a CSP that allows only same-origin scripts', async () => {
    for (const path of ['/admin', '/admin/callback?code=x&state=y']) {
      const res = await fetch(`${f.base}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("default-src 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it('has no inline script or style, and names the issuer for the sign-in flow', async () => {
    const html = await (await fetch(`${f.base}/admin`)).text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/src="\/admin\/admin\.js"/);
      expect(body?.trim()).toBe('');
    }
    expect(html).not.toMatch(/<style\b|\sstyle="|\son[a-z]+="/i);
    expect(html).toContain(`<meta name="eims-issuer" content="${f.issuer}">`);
  });

  it('labels every control and has an alert and a status region', async () => {
    const html = await (await fetch(`${f.base}/admin`)).text();
    const ids = [...html.matchAll(/<(?:input|select|textarea)\b[^>]*\bid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThanOrEqual(9);
    for (const id of ids) expect(html, `label for #${id}`).toContain(`<label for="${id}"`);
    expect(html).toMatch(/role="alert"/);
    expect(html).toMatch(/role="status"/);
    expect(html).toMatch(/<button type="button" id="sign-in">Sign in<\/button>/);
  });

  it('serves its script and stylesheet with their types; the script signs in with PKCE against the idp-admin client', async () => {
    const js = await fetch(`${f.base}/admin/admin.js`);
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    const code = await js.text();
    expect(code).toContain("code_challenge_method: 'S256'");
    expect(code).toContain("CLIENT_ID = 'idp-admin'");
    expect(code).toContain('sessionStorage');
    expect(code).not.toContain('localStorage');
    const css = await fetch(`${f.base}/admin/admin.css`);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
  });

  it('leaves other paths to the rest of the IdP', async () => {
    expect((await fetch(`${f.base}/administrator`)).status).toBe(404);
  });
});
