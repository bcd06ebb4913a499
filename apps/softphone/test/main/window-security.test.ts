import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, APP_ORIGIN, appSchemePrivileges, mainWindowOptions, secureWebPreferences } from '../../src/main/window-security.ts';

describe('the softphone window is hardened (Electron security checklist #2–#4, #6, #8–#10, #18)', () => {
  it('renderer is sandboxed, context-isolated, without Node, with web security, and loads the preload bridge', () => {
    const prefs = secureWebPreferences('/app/dist/preload/preload.cjs');
    expect(prefs).toMatchObject({
      preload: '/app/dist/preload/preload.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
    expect(prefs.enableBlinkFeatures).toBe('');
  });

  it('the main window keeps every hardening option and turns DevTools off in packaged builds', () => {
    const packaged = mainWindowOptions({ preloadPath: '/p.cjs', devTools: false });
    expect(packaged.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true, devTools: false });
    expect(packaged.show).toBe(false);
    expect(mainWindowOptions({ preloadPath: '/p.cjs', devTools: true }).webPreferences?.devTools).toBe(true);
  });

  it('the UI comes from a standard, secure app:// origin rather than file:// (checklist #18)', () => {
    expect(APP_ORIGIN).toBe('app://softphone');
    const entry = new URL(APP_ENTRY_URL);
    expect(`${entry.protocol}//${entry.host}`).toBe(APP_ORIGIN);
    expect(appSchemePrivileges).toMatchObject({ scheme: 'app', privileges: { standard: true, secure: true } });
    expect(appSchemePrivileges.privileges?.bypassCSP).toBeUndefined();
    expect(appSchemePrivileges.privileges?.corsEnabled).toBeUndefined();
  });
});
