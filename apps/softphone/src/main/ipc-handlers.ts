// Registers main-process handlers for the IPC contract: unknown channels, foreign frames and
// invalid payloads are refused before any handler runs.
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { invokeChannels, isTrustedSender, validatePayload, type InvokeChannel, type PayloadOf, type ResultOf } from '../shared/ipc-contract.ts';

export type InvokeHandlers = { [C in InvokeChannel]: (payload: PayloadOf<C>, event: IpcMainInvokeEvent) => Promise<ResultOf<C>> | ResultOf<C> };

export class IpcRefusedError extends Error {
  readonly code = 'ERR_SOFTPHONE_IPC_REFUSED';
}

/** Wraps one handler with the sender and payload checks. Exported for tests. */
export function guardedHandler<C extends InvokeChannel>(channel: C, handler: InvokeHandlers[C], appOrigins: readonly string[]) {
  return async (event: Pick<IpcMainInvokeEvent, 'senderFrame'>, payload: unknown): Promise<unknown> => {
    if (!isTrustedSender(event.senderFrame, appOrigins)) throw new IpcRefusedError(`IPC on ${channel} from an untrusted frame was refused`);
    const checked = validatePayload(channel, payload);
    if (!checked.ok) throw new IpcRefusedError(`Invalid payload on ${channel}: ${checked.error}`);
    return handler(checked.value, event as IpcMainInvokeEvent);
  };
}

export function registerIpcHandlers(ipcMain: Pick<IpcMain, 'handle'>, handlers: InvokeHandlers, appOrigins: readonly string[]): void {
  for (const channel of Object.keys(invokeChannels) as InvokeChannel[]) {
    ipcMain.handle(channel, guardedHandler(channel, handlers[channel] as InvokeHandlers[typeof channel], appOrigins));
  }
}
