import { describe, expect, it } from 'vitest';
import { checkExternalUrl } from '../../src/main/external-url-policy.ts';

const policy = { allowedOrigins: ['https://login.acme.example', 'http://localhost:4400'], allowedPrefixes: ['https://help.acme.example/softphone'] };

describe('shell.openExternal allow-list (Electron security checklist #15)', () => {
  it('the IdP and the help pages open', () => {
    expect(checkExternalUrl('https://login.acme.example/auth?client_id=softphone', policy)).toEqual({ ok: true, url: 'https://login.acme.example/auth?client_id=softphone' });
    expect(checkExternalUrl('http://localhost:4400/account', policy).ok).toBe(true);
    expect(checkExternalUrl('https://help.acme.example/softphone/calls', policy).ok).toBe(true);
    expect(checkExternalUrl('https://help.acme.example/softphone', policy).ok).toBe(true);
  });

  it('dangerous schemes are never opened', () => {
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,<script>1</script>', 'smb://host/share', 'ms-msdt:/id', 'vbscript:x']) {
      expect(checkExternalUrl(url, policy).ok).toBe(false);
    }
  });

  it('credentials in the URL, other origins, look-alike prefixes and plain http off this computer are refused', () => {
    expect(checkExternalUrl('https://user:pw@login.acme.example/', policy).ok).toBe(false);
    expect(checkExternalUrl('https://login.acme.example.evil.example/', policy).ok).toBe(false);
    expect(checkExternalUrl('https://help.acme.example/softphone-phish', policy).ok).toBe(false);
    expect(checkExternalUrl('http://login.acme.example/', policy).ok).toBe(false);
    expect(checkExternalUrl('https://evil.example/', policy)).toMatchObject({ ok: false, error: expect.stringContaining('not on the list') });
    expect(checkExternalUrl('not a url', policy).ok).toBe(false);
    expect(checkExternalUrl(42, policy).ok).toBe(false);
    expect(checkExternalUrl(`https://login.acme.example/${'a'.repeat(3000)}`, policy).ok).toBe(false);
  });
});
