// The preload bridge: exposes exactly the IPC contract to the renderer as `window.softphone`,
// one function per channel, and never a raw ipcRenderer (Electron security checklist #20).
// Sandboxed preloads cannot load local modules: bundle this file with the shared contract.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { eventChannels, invokeChannels, type EventChannel, type InvokeChannel, type PayloadOf } from '../shared/ipc-contract.ts';

export type SoftphoneBridge = {
  invoke<C extends InvokeChannel>(channel: C, ...payload: PayloadOf<C> extends undefined ? [] : [PayloadOf<C>]): Promise<unknown>;
  /** Listens to a main → renderer event; returns the function that stops listening. */
  on(channel: EventChannel, listener: (payload: unknown) => void): () => void;
};

const bridge: SoftphoneBridge = {
  invoke(channel, ...payload) {
    if (!Object.hasOwn(invokeChannels, channel)) return Promise.reject(new Error(`unknown channel ${String(channel)}`));
    return ipcRenderer.invoke(channel, payload[0]);
  },
  on(channel, listener) {
    if (!(eventChannels as readonly string[]).includes(channel)) throw new Error(`unknown event ${String(channel)}`);
    // The IpcRendererEvent (with its sender) never reaches the page.
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => ipcRenderer.removeListener(channel, wrapped);
  },
};

contextBridge.exposeInMainWorld('softphone', bridge);
