// The hardened BrowserWindow of the softphone (Electron security checklist #2–#4, #6, #8–#10):
// sandboxed renderer, isolated context, no Node, web security on, and the UI served from our own
// privileged `app://` scheme instead of `file://` (checklist #18).
import type { BrowserWindowConstructorOptions, CustomScheme, WebPreferences } from 'electron';

export const APP_SCHEME = 'app';
export const APP_HOST = 'softphone';
/** The origin the packaged UI is served from. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * Registered before `app.ready`: `standard` gives the scheme real origins (so the origin checks
 * of IPC, permissions and CSP `'self'` work), `secure` makes it a secure context (getUserMedia).
 */
export const appSchemePrivileges: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
};

/** Web preferences of every window the softphone opens. Nothing here is left to a default. */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    enableBlinkFeatures: '',
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
    devTools: true,
  };
}

export interface MainWindowInput {
  preloadPath: string;
  /** Packaged builds turn DevTools off. */
  devTools: boolean;
}

export function mainWindowOptions(input: MainWindowInput): BrowserWindowConstructorOptions {
  return {
    width: 420,
    height: 720,
    minWidth: 360,
    minHeight: 560,
    title: 'Softphone',
    show: false, // shown on ready-to-show: no white flash
    autoHideMenuBar: true,
    backgroundColor: '#ffffff',
    webPreferences: { ...secureWebPreferences(input.preloadPath), devTools: input.devTools },
  };
}
