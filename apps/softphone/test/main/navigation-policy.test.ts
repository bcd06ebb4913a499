import { describe, expect, it } from 'vitest';
import { decideNavigation, decideWindowOpen } from '../../src/main/navigation-policy.ts';

const APP = ['app://softphone'];
const EXTERNAL = { allowedOrigins: ['https://idp.acme.example'], allowedPrefixes: ['https://help.acme.example/softphone/'] };

describe('navigation and new windows are denied (Electron security checklist #13–#15)', () => {
  it('a reload of our own UI stays in the window', () => {
    expect(decideNavigation('app://softphone/index.html', APP, EXTERNAL)).toEqual({ action: 'allow' });
  });

  it('a link to the IdP or the help pages leaves for the system browser instead of navigating the window', () => {
    expect(decideNavigation('https://idp.acme.example/account', APP, EXTERNAL)).toEqual({ action: 'open-externally', url: 'https://idp.acme.example/account' });
    expect(decideNavigation('https://help.acme.example/softphone/calls', APP, EXTERNAL)).toEqual({ action: 'open-externally', url: 'https://help.acme.example/softphone/calls' });
  });

  it('any other destination is dropped, whatever its scheme', () => {
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'javascript:alert(1)', 'app://other/index.html', 'http://idp.acme.example/', 'https://help.acme.example/softphone-phish', 'about:blank', '']) {
      expect(decideNavigation(url, APP, EXTERNAL).action, url).toBe('deny');
    }
  });

  it('window.open never creates a window: allow-listed URLs open externally, others are dropped', () => {
    expect(decideWindowOpen('https://idp.acme.example/', EXTERNAL)).toEqual({ action: 'open-externally', url: 'https://idp.acme.example/' });
    expect(decideWindowOpen('app://softphone/index.html', EXTERNAL).action).toBe('deny');
    expect(decideWindowOpen('https://evil.example/', EXTERNAL).action).toBe('deny');
  });
});
