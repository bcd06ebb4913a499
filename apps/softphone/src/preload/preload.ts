// The preload bridge: exposes exactly the IPC contract to the renderer as `window.softphone`,
// one function per channel, and never a raw ipcRenderer (Electron security checklist #20).
// Sandboxed preloads cannot load local modules: scripts/build-main.mjs bundles this file with
// the shared contract into one CommonJS file.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { eventChannels, invokeChannels, type EventPayloads } from '../shared/ipc-contract.ts';
import type { SoftphoneBridge } from '../shared/softphone-bridge.ts';

export type { SoftphoneBridge } from '../shared/softphone-bridge.ts';

const bridge: SoftphoneBridge = {
  invoke(channel, ...payload) {
    if (!Object.hasOwn(invokeChannels, channel)) return Promise.reject(new Error(`unknown channel ${String(channel)}`));
    return ipcRenderer.invoke(channel, payload[0]);
  },
  on(channel, listener) {
    if (!(eventChannels as readonly string[]).includes(channel)) throw new Error(`unknown event ${String(channel)}`);
    // The IpcRendererEvent (with its sender) never reaches the page.
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload as EventPayloads[typeof channel]);
    ipcRenderer.on(channel, wrapped);
    return () => ipcRenderer.removeListener(channel, wrapped);
  },
};

contextBridge.exposeInMainWorld('softphone', bridge);
