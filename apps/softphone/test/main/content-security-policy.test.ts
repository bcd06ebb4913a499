import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../src/main/content-security-policy.ts';

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name = '', ...values]) => [name, values]));
}

describe('Content-Security-Policy of the renderer (Electron security checklist #7)', () => {
  const production = directives(contentSecurityPolicy({ issuer: 'https://idp.acme.example/', sipWebSocketUrls: ['wss://pcscf.ims.example:5067/ws'] }));

  it('scripts and styles only from our own origin, no inline code, no eval, nothing by default', () => {
    expect(production.get('default-src')).toEqual(["'none'"]);
    expect(production.get('script-src')).toEqual(["'self'"]);
    expect(production.get('style-src')).toEqual(["'self'"]);
    expect(production.get('object-src')).toEqual(["'none'"]);
    expect(production.get('base-uri')).toEqual(["'none'"]);
    expect(production.get('frame-ancestors')).toEqual(["'none'"]);
    expect(production.get('form-action')).toEqual(["'none'"]);
    for (const values of production.values()) {
      expect(values).not.toContain("'unsafe-eval'");
      expect(values).not.toContain("'unsafe-inline'");
      expect(values).not.toContain('*');
    }
  });

  it('the network is limited to the IdP (directory, photos) and the P-CSCF WebSocket (RFC 7118)', () => {
    expect(production.get('connect-src')).toEqual(["'self'", 'https://idp.acme.example', 'wss://pcscf.ims.example:5067']);
    expect(production.get('img-src')).toContain('https://idp.acme.example');
  });

  it('malformed settings add no source rather than a wildcard', () => {
    const csp = directives(contentSecurityPolicy({ issuer: 'not a url', sipWebSocketUrls: ['https://not-a-websocket.example', 'garbage'] }));
    expect(csp.get('connect-src')).toEqual(["'self'"]);
  });

  it('development against the Vite server allows its inline preamble and HMR socket, and only then', () => {
    const dev = directives(contentSecurityPolicy({ issuer: 'http://localhost:4400', sipWebSocketUrls: ['ws://localhost:5066'], devServerUrl: 'http://localhost:4500/' }));
    expect(dev.get('script-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(dev.get('connect-src')).toEqual(["'self'", 'http://localhost:4400', 'ws://localhost:5066', 'ws://localhost:4500']);
  });
});
