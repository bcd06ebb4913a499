import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { SoftphoneBridge } from '../../src/shared/softphone-bridge.ts';

// The preload runs in Electron's sandboxed renderer; here `electron` is replaced by a recorder of
// what the bridge does with contextBridge and ipcRenderer.
const electron = vi.hoisted(() => {
  const exposed = new Map<string, unknown>();
  const listeners = new Map<string, ((event: unknown, payload: unknown) => void)[]>();
  const invoked: [string, unknown][] = [];
  return {
    exposed,
    listeners,
    invoked,
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
    ipcRenderer: {
      invoke: async (channel: string, payload: unknown) => {
        invoked.push([channel, payload]);
        return { channel };
      },
      on: (channel: string, fn: (event: unknown, payload: unknown) => void) => listeners.set(channel, [...(listeners.get(channel) ?? []), fn]),
      removeListener: (channel: string, fn: (event: unknown, payload: unknown) => void) => listeners.set(channel, (listeners.get(channel) ?? []).filter((f) => f !== fn)),
    },
  };
});
vi.mock('electron', () => ({ contextBridge: electron.contextBridge, ipcRenderer: electron.ipcRenderer }));

let bridge: SoftphoneBridge;
beforeEach(async () => {
  await import('../../src/preload/preload.ts');
  bridge = electron.exposed.get('softphone') as SoftphoneBridge;
});

describe('preload exposes the IPC contract and nothing else (Electron security checklist #20)', () => {
  it('window.softphone is the only thing exposed, and it has no raw ipcRenderer', () => {
    expect([...electron.exposed.keys()]).toEqual(['softphone']);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
    expect(JSON.stringify(Object.values(bridge).map(String))).not.toContain('ipcRenderer.send(');
  });

  it('invokes only channels of the contract', async () => {
    await expect(bridge.invoke('app:set-badge', { count: 2 })).resolves.toEqual({ channel: 'app:set-badge' });
    expect(electron.invoked).toContainEqual(['app:set-badge', { count: 2 }]);
    await expect((bridge.invoke as (c: string) => Promise<unknown>)('fs:read-file')).rejects.toThrow('unknown channel fs:read-file');
    await expect((bridge.invoke as (c: string) => Promise<unknown>)('__proto__')).rejects.toThrow();
  });

  it('listeners get the payload but never the IpcRendererEvent (no sender reaches the page)', () => {
    const got: unknown[][] = [];
    const stop = bridge.on('call:dial', (...args: unknown[]) => got.push(args));
    const [fn] = electron.listeners.get('call:dial') ?? [];
    fn?.({ sender: { send: () => 'leaked' } }, { kind: 'e164', number: '+12025550102', display: '+12025550102' });
    expect(got).toEqual([[{ kind: 'e164', number: '+12025550102', display: '+12025550102' }]]);
    stop();
    expect(electron.listeners.get('call:dial')).toEqual([]);
    expect(() => (bridge.on as (c: string, l: () => void) => void)('ipc:anything', () => undefined)).toThrow('unknown event');
  });
});
