// Entry point of the desktop softphone's main process: single instance, sip:/tel: click-to-call,
// the hardened window serving the renderer from app://, the IPC contract, the sign-in session
// (system browser + loopback, refresh token encrypted in main), tray, notifications and badge.
// Every decision lives in a pure module beside this file; this one only wires Electron to them.
import { BrowserWindow, Notification, app, ipcMain, nativeImage, protocol, safeStorage, session, shell, systemPreferences } from 'electron';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MemoryStateStore, PhoneSession } from '@eims/phone';
import type { DesktopConfig, RegistrationStatus } from '../shared/ipc-contract.ts';
import { appResponseHeaders, resolveAppAsset } from './app-protocol.ts';
import { badgePresentation } from './badge.ts';
import { clickToCallFromArgv, protocolClientRegistrations } from './click-to-call.ts';
import { contentSecurityPolicy } from './content-security-policy.ts';
import { readDesktopConfig } from './desktop-config.ts';
import { checkExternalUrl, type ExternalUrlPolicy } from './external-url-policy.ts';
import { IncomingCallNotifications } from './incoming-call-notification.ts';
import { registerIpcHandlers } from './ipc-handlers.ts';
import { loopbackNavigator } from './loopback-redirect.ts';
import { isPermissionGranted } from './permission-policy.ts';
import { parseDialUrl } from './protocol-handler.ts';
import { RendererEvents } from './renderer-events.ts';
import { SessionService } from './session-service.ts';
import { statusIconPng } from './status-icon-png.ts';
import { TokenStore } from './token-store.ts';
import { TrayController } from './tray-controller.ts';
import { hardenWebContents } from './window-hardening.ts';
import { APP_ENTRY_URL, APP_ORIGIN, APP_SCHEME, appSchemePrivileges, mainWindowOptions } from './window-security.ts';

const here = dirname(fileURLToPath(import.meta.url)); // dist/main
const rendererRoot = join(here, '..', 'renderer');
const preloadPath = join(here, '..', 'preload', 'preload.cjs');

const configResult = readDesktopConfig(process.env, { packaged: app.isPackaged });
if (!configResult.ok) {
  console.error(`Softphone: ${configResult.error}`);
  process.exit(2);
}
const settings = configResult.value;
const devOrigin = settings.devServerUrl !== undefined ? new URL(settings.devServerUrl).origin : undefined;
const appOrigins = devOrigin ? [APP_ORIGIN, devOrigin] : [APP_ORIGIN];
const external: ExternalUrlPolicy = { allowedOrigins: [settings.issuer], allowedPrefixes: settings.helpUrlPrefixes };
const csp = contentSecurityPolicy({ issuer: settings.issuer, sipWebSocketUrls: [settings.sipWebSocketUrl], ...(settings.devServerUrl ? { devServerUrl: settings.devServerUrl } : {}) });
const rendererConfig: DesktopConfig = {
  issuer: settings.issuer,
  clientId: settings.clientId,
  resource: settings.resource,
  sipWebSocketUrl: settings.sipWebSocketUrl,
  imsDomain: settings.imsDomain,
};

// Must happen before `ready`: the app:// scheme is standard and secure (a real origin, a secure context).
protocol.registerSchemesAsPrivileged([appSchemePrivileges]);

// Single instance: a second launch (e.g. a tel: link clicked while running) hands its argv to us and quits.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  start();
}

function start(): void {
  let window: BrowserWindow | undefined;
  let quitting = false;
  let tray: TrayController | undefined;
  const events = new RendererEvents((channel, payload) => window?.webContents.send(channel, payload));
  const log = (message: string) => console.warn(`Softphone: ${message}`);

  const openExternal = (url: string): Promise<void> => {
    const checked = checkExternalUrl(url, external);
    if (!checked.ok) return Promise.reject(new Error(checked.error));
    return shell.openExternal(checked.url);
  };

  const showWindow = () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };

  const dial = (argvOrUrl: readonly string[]) => {
    const found = clickToCallFromArgv(argvOrUrl);
    if (found === undefined) return;
    if (!found.ok) return log(`click-to-call link ignored: ${found.error}`);
    showWindow();
    events.emit('call:dial', found.target);
  };

  app.on('second-instance', (_event, argv) => {
    showWindow();
    dial(argv);
  });
  // macOS delivers links through open-url, possibly before `ready`.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    if (parseDialUrl(url).ok) dial([url]);
  });
  dial(process.argv);

  const script = process.argv[1];
  const argv = script !== undefined ? [process.argv[0] ?? '', resolve(script)] : process.argv;
  for (const { args } of protocolClientRegistrations({ defaultApp: process.defaultApp === true, execPath: process.execPath, argv })) {
    const [scheme, ...rest] = args;
    const done = rest.length === 2 ? app.setAsDefaultProtocolClient(scheme, rest[0], rest[1]) : app.setAsDefaultProtocolClient(scheme);
    if (!done) log(`could not register as the ${scheme}: handler`);
  }

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, { appOrigins, external, openExternal: (url) => void openExternal(url).catch((e: Error) => log(e.message)), log }));

  const tokenStore = new TokenStore(join(app.getPath('userData'), 'session.bin'), safeStorage);
  const phoneSession = new PhoneSession({
    issuer: settings.issuer,
    clientId: settings.clientId,
    resource: settings.resource,
    stateStore: new MemoryStateStore(),
    navigator: loopbackNavigator(openExternal),
  });
  const sessions = new SessionService(phoneSession, tokenStore, {
    tokensChanged: (tokens) => events.emit('session:tokens-changed', tokens),
    signedOut: (event) => {
      events.emit('session:signed-out', event);
      tray?.update({ state: 'signed-out', cause: event.message.slice(0, 200) });
    },
    warn: log,
  });

  const notifications = new IncomingCallNotifications(
    (content) => new Notification(content),
    (callId) => {
      showWindow();
      events.emit('call:show-incoming', { callId });
    },
  );

  const setBadge = (count: number) => {
    const badge = badgePresentation(count);
    app.setBadgeCount(badge.count);
    if (process.platform === 'win32' && window) {
      window.setOverlayIcon(badge.count === 0 ? null : nativeImage.createFromBuffer(statusIconPng(16, [0xc6, 0x28, 0x28, 0xff], 1)), badge.description);
    }
  };

  registerIpcHandlers(ipcMain, {
    'app:ready': () => events.ready(),
    'app:get-config': () => rendererConfig,
    // The tray follows the session here; the renderer reports the registration itself.
    'session:sign-in': async () => {
      const tokens = await sessions.signIn();
      tray?.update({ state: 'unregistered' });
      return tokens;
    },
    'session:restore': async () => {
      const tokens = await sessions.restore();
      if (tokens) tray?.update({ state: 'unregistered' });
      return tokens;
    },
    'session:access-token': () => sessions.accessToken(),
    'session:sign-out': async () => {
      await sessions.signOut();
      tray?.update({ state: 'signed-out' });
    },
    'shell:open-external': async ({ url }) => {
      await openExternal(url);
      return true;
    },
    'app:set-badge': ({ count }) => setBadge(count),
    'app:registration-status': (status: RegistrationStatus) => tray?.update(status),
    'app:notify-incoming-call': (info) => {
      if (Notification.isSupported()) notifications.show(info);
      if (window && !window.isFocused()) window.flashFrame(true);
    },
    'app:dismiss-incoming-call': ({ callId }) => notifications.dismiss(callId),
  }, appOrigins);

  // macOS: clicking the Dock icon brings the hidden window back.
  app.on('activate', showWindow);
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('window-all-closed', () => {
    // Closing the window hides it (see below); this only runs when quitting.
    app.quit();
  });

  void app.whenReady().then(() => {
    const ses = session.defaultSession;
    ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
      const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
      callback(isPermissionGranted({ permission, requestingUrl: details.requestingUrl, isMainFrame: details.isMainFrame, mediaTypes }, appOrigins));
    });
    ses.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
      isPermissionGranted({ permission, requestingUrl: details.requestingUrl ?? requestingOrigin, isMainFrame: details.isMainFrame, mediaTypes: details.mediaType ? [details.mediaType] : undefined }, appOrigins));
    // The dev server's responses get the same CSP as app:// ones.
    if (devOrigin) {
      // Match patterns ignore ports, so the filter names the host and the origin is checked here.
      ses.webRequest.onHeadersReceived({ urls: [`${new URL(devOrigin).protocol}//${new URL(devOrigin).hostname}/*`] }, (details, callback) => {
        if (new URL(details.url).origin !== devOrigin) return callback({});
        callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
      });
    }
    protocol.handle(APP_SCHEME, async (request) => {
      const asset = resolveAppAsset(request.url, rendererRoot);
      if (!asset.ok) return new Response(null, { status: asset.status });
      try {
        return new Response(await readFile(asset.filePath), { headers: appResponseHeaders(asset.contentType, csp) });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Response(null, { status: 404 });
        throw error;
      }
    });

    // macOS asks the person once for the microphone (NSMicrophoneUsageDescription in the build).
    if (process.platform === 'darwin' && systemPreferences.getMediaAccessStatus('microphone') === 'not-determined') {
      void systemPreferences.askForMediaAccess('microphone').catch((e: Error) => log(e.message));
    }

    window = new BrowserWindow(mainWindowOptions({ preloadPath, devTools: !app.isPackaged }));
    window.once('ready-to-show', () => window?.show());
    window.on('close', (event) => {
      // A softphone keeps ringing with its window closed; Quit is in the tray menu.
      if (!quitting && tray) {
        event.preventDefault();
        window?.hide();
      }
    });
    window.on('focus', () => window?.flashFrame(false));
    window.webContents.on('did-start-loading', () => events.notReady());
    window.webContents.on('render-process-gone', (_event, details) => log(`renderer gone: ${details.reason}`));
    void window.loadURL(settings.devServerUrl ?? APP_ENTRY_URL);

    try {
      tray = new TrayController({ show: showWindow, quit: () => app.quit() });
    } catch (error) {
      log(`no tray on this desktop: ${(error as Error).message}`);
    }
  });
}
