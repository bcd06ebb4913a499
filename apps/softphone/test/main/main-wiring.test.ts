import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { invokeChannels } from '../../src/shared/ipc-contract.ts';

// main.ts wired to a recording stand-in for Electron: what it registers before `ready`, the
// window it opens, the handlers it installs, and how click-to-call, IPC, tray and notifications
// flow. The Electron binary itself is not available on this machine (see README).
type Listener = (...args: unknown[]) => unknown;
const fake = vi.hoisted(() => {
  const appListeners = new Map<string, Listener[]>();
  let resolveReady!: () => void;
  const readyPromise = new Promise<void>((r) => (resolveReady = r));
  const state = {
    ready: false,
    privilegedBeforeReady: undefined as boolean | undefined,
    schemes: [] as unknown[],
    protocolClients: [] as unknown[][],
    ipc: new Map<string, Listener>(),
    windows: [] as { options: Record<string, unknown>; loaded: string[]; sent: [string, unknown][]; contentsListeners: Map<string, Listener[]> }[],
    permissionRequest: undefined as Listener | undefined,
    permissionCheck: undefined as Listener | undefined,
    protocolHandlers: new Map<string, Listener>(),
    opened: [] as string[],
    notifications: [] as { options: Record<string, unknown>; click?: Listener; shown: boolean; closed: boolean }[],
    tray: { tooltip: '', menu: [] as { label?: string }[] },
    badge: -1,
  };
  class BrowserWindow {
    readonly record;
    readonly webContents;
    constructor(options: Record<string, unknown>) {
      const contentsListeners = new Map<string, Listener[]>();
      this.record = { options, loaded: [] as string[], sent: [] as [string, unknown][], contentsListeners };
      state.windows.push(this.record);
      this.webContents = {
        on: (e: string, fn: Listener) => contentsListeners.set(e, [...(contentsListeners.get(e) ?? []), fn]),
        send: (channel: string, payload: unknown) => this.record.sent.push([channel, payload]),
      };
    }
    once() {}
    on() {}
    loadURL(url: string) {
      this.record.loaded.push(url);
      return Promise.resolve();
    }
    isMinimized() {
      return false;
    }
    isFocused() {
      return false;
    }
    show() {}
    focus() {}
    hide() {}
    restore() {}
    flashFrame() {}
    setOverlayIcon() {}
  }
  class Notification {
    static isSupported() {
      return true;
    }
    readonly record: { options: Record<string, unknown>; click?: Listener; shown: boolean; closed: boolean };
    constructor(options: Record<string, unknown>) {
      this.record = { options, shown: false, closed: false };
      state.notifications.push(this.record);
    }
    on(_e: string, fn: Listener) {
      this.record.click = fn;
    }
    show() {
      this.record.shown = true;
    }
    close() {
      this.record.closed = true;
    }
  }
  class Tray {
    on() {}
    setImage() {}
    setToolTip(t: string) {
      state.tray.tooltip = t;
    }
    setContextMenu(menu: { items: { label?: string }[] }) {
      state.tray.menu = menu.items;
    }
    destroy() {}
  }
  const image = { addRepresentation: () => undefined };
  return {
    state,
    appListeners,
    resolveReady,
    electron: {
      app: {
        isPackaged: false,
        requestSingleInstanceLock: () => true,
        quit: () => undefined,
        on: (e: string, fn: Listener) => appListeners.set(e, [...(appListeners.get(e) ?? []), fn]),
        whenReady: () => readyPromise,
        getPath: (): string => '',
        setAsDefaultProtocolClient: (...args: unknown[]) => {
          state.protocolClients.push(args);
          return true;
        },
        setBadgeCount: (n: number) => {
          state.badge = n;
          return true;
        },
      },
      protocol: {
        registerSchemesAsPrivileged: (schemes: unknown[]) => {
          state.privilegedBeforeReady = !state.ready;
          state.schemes.push(...schemes);
        },
        handle: (scheme: string, fn: Listener) => state.protocolHandlers.set(scheme, fn),
      },
      ipcMain: { handle: (channel: string, fn: Listener) => state.ipc.set(channel, fn) },
      session: {
        defaultSession: {
          setPermissionRequestHandler: (fn: Listener) => (state.permissionRequest = fn),
          setPermissionCheckHandler: (fn: Listener) => (state.permissionCheck = fn),
          webRequest: { onHeadersReceived: () => undefined },
        },
      },
      safeStorage: { isEncryptionAvailable: () => false, encryptString: () => Buffer.alloc(0), decryptString: () => '', getSelectedStorageBackend: () => 'unknown' },
      shell: { openExternal: async (url: string) => void state.opened.push(url) },
      BrowserWindow,
      Notification,
      Tray,
      Menu: { buildFromTemplate: (items: unknown[]) => ({ items }) },
      nativeImage: { createEmpty: () => image, createFromBuffer: () => image },
    },
  };
});
vi.mock('electron', () => fake.electron);

const ours = { senderFrame: { url: 'app://softphone/index.html', parent: null } };
const invoke = (channel: string, payload?: unknown, event: unknown = ours) => (fake.state.ipc.get(channel) as Listener)(event, payload);
const app = (event: string, ...args: unknown[]) => fake.appListeners.get(event)?.forEach((fn) => fn(...args));

const userData = mkdtempSync(join(tmpdir(), 'softphone-main-'));
beforeAll(async () => {
  fake.electron.app.getPath = () => userData;
  await import('../../src/main/main.ts');
});
afterAll(() => rmSync(userData, { recursive: true, force: true }));

describe('desktop main process wiring (issue 5, Electron shell)', () => {
  it('before ready: app:// is privileged, the single-instance lock is taken, sip:/tel: are claimed, every IPC channel is guarded', () => {
    expect(fake.state.privilegedBeforeReady).toBe(true);
    expect(fake.state.schemes).toEqual([expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) })]);
    expect(fake.state.protocolClients.map((a) => a[0]).sort()).toEqual(['sip', 'tel']);
    expect([...fake.state.ipc.keys()].sort()).toEqual(Object.keys(invokeChannels).sort());
    expect(fake.state.windows).toEqual([]);
  });

  it('on ready: one hardened window loading app://softphone, and permission handlers granting audio to it only', async () => {
    fake.state.ready = true;
    fake.resolveReady();
    await vi.waitFor(() => expect(fake.state.windows).toHaveLength(1));
    const win = fake.state.windows[0]!;
    expect(win.options['webPreferences']).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true });
    expect(win.loaded).toEqual(['app://softphone/index.html']);
    const decide = (permission: string, details: Record<string, unknown>) => new Promise((resolve) => fake.state.permissionRequest?.({}, permission, resolve, details));
    expect(await decide('media', { requestingUrl: 'app://softphone/index.html', isMainFrame: true, mediaTypes: ['audio'] })).toBe(true);
    expect(await decide('media', { requestingUrl: 'app://softphone/index.html', isMainFrame: true, mediaTypes: ['video'] })).toBe(false);
    expect(await decide('notifications', { requestingUrl: 'app://softphone/index.html', isMainFrame: true })).toBe(false);
    expect(fake.state.permissionCheck?.({}, 'media', 'https://evil.example', { isMainFrame: true, mediaType: 'audio', requestingUrl: 'https://evil.example/' })).toBe(false);
    expect(fake.state.protocolHandlers.has('app')).toBe(true);
    const missing = (await fake.state.protocolHandlers.get('app')?.({ url: 'app://softphone/../../../package.json' })) as Response;
    expect(missing.status).toBe(404);
  });

  it('a tel: link from a second instance is held until the renderer is ready, then dialled', async () => {
    const win = fake.state.windows[0]!;
    app('second-instance', {}, ['/opt/softphone', 'tel:+12025550102']);
    expect(win.sent).toEqual([]);
    await invoke('app:ready');
    expect(win.sent).toEqual([['call:dial', { kind: 'e164', number: '+12025550102', display: '+12025550102' }]]);
    expect(await invoke('app:get-config')).toEqual({ issuer: 'http://localhost:4400', clientId: 'softphone', resource: 'https://ims.mnc001.mcc001.3gppnetwork.org', sipWebSocketUrl: 'ws://localhost:5066', imsDomain: 'ims.mnc001.mcc001.3gppnetwork.org' });
  });

  it('IPC from a foreign frame or with a bad payload is refused (checklist #17)', async () => {
    await expect(invoke('app:set-badge', { count: 2 }, { senderFrame: { url: 'https://evil.example/', parent: null } })).rejects.toMatchObject({ code: 'ERR_SOFTPHONE_IPC_REFUSED' });
    await expect(invoke('app:set-badge', { count: 'many' })).rejects.toMatchObject({ code: 'ERR_SOFTPHONE_IPC_REFUSED' });
    await invoke('app:set-badge', { count: 2 });
    expect(fake.state.badge).toBe(2);
  });

  it('the tray shows the reported registration status with its cause', async () => {
    await invoke('app:registration-status', { state: 'failed', cause: 'The P-CSCF cannot be reached' });
    expect(fake.state.tray.tooltip).toBe('Softphone: registration failed: The P-CSCF cannot be reached');
    expect(fake.state.tray.menu[0]?.label).toBe('Registration failed');
  });

  it('with no saved session there is nothing to resume, and signing out puts the tray back to "signed out"', async () => {
    expect(await invoke('session:restore')).toBeNull();
    expect(await invoke('session:access-token')).toBeNull();
    await invoke('session:sign-out');
    expect(fake.state.tray.tooltip).toBe('Softphone: signed out');
  });

  it('an incoming call raises a native notification; clicking it shows that call in the window', async () => {
    await invoke('app:notify-incoming-call', { callId: 'call-1', caller: 'Alice Avery', verified: 'verified' });
    const n = fake.state.notifications.at(-1)!;
    expect(n.shown).toBe(true);
    expect(n.options['title']).toBe('Incoming call from Alice Avery');
    n.click?.();
    expect(fake.state.windows[0]!.sent.at(-1)).toEqual(['call:show-incoming', { callId: 'call-1' }]);
  });

  it('every web contents denies navigation and new windows; the IdP opens in the system browser (checklist #13–#15)', () => {
    const listeners = new Map<string, Listener>();
    let openHandler: Listener | undefined;
    app('web-contents-created', {}, { on: (e: string, fn: Listener) => listeners.set(e, fn), setWindowOpenHandler: (fn: Listener) => (openHandler = fn) });
    const navigate = (url: string) => {
      const event = { url, prevented: false, preventDefault() {
        this.prevented = true;
      } };
      listeners.get('will-navigate')?.(event);
      return event.prevented;
    };
    expect(navigate('https://evil.example/')).toBe(true);
    expect(navigate('app://softphone/index.html')).toBe(false);
    expect(openHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(openHandler?.({ url: 'http://localhost:4400/account' })).toEqual({ action: 'deny' });
    expect(fake.state.opened).toEqual(['http://localhost:4400/account']);
  });
});
