import { describe, expect, it } from 'vitest';
import { invokeChannels, isInvokeChannel, isTrustedSender, validatePayload } from '../../src/shared/ipc-contract.ts';
import { guardedHandler } from '../../src/main/ipc-handlers.ts';

const APP = ['app://softphone', 'http://localhost:4500'];
const top = (url: string) => ({ url, parent: null });

describe('one typed IPC contract, validated in main (Electron security checklist #17)', () => {
  it('channel names are data: unknown channels are not part of the contract', () => {
    expect(isInvokeChannel('shell:open-external')).toBe(true);
    expect(isInvokeChannel('fs:read-file')).toBe(false);
    expect(isInvokeChannel('__proto__')).toBe(false);
    expect(Object.keys(invokeChannels)).toContain('session:sign-in');
  });

  it('payloads are checked field by field, extra fields and wrong types refused', () => {
    expect(validatePayload('shell:open-external', { url: 'https://idp.acme.example/' })).toEqual({ ok: true, value: { url: 'https://idp.acme.example/' } });
    expect(validatePayload('shell:open-external', { url: 42 }).ok).toBe(false);
    expect(validatePayload('shell:open-external', { url: 'x', extra: 1 }).ok).toBe(false);
    expect(validatePayload('shell:open-external', 'https://x').ok).toBe(false);
    expect(validatePayload('app:set-badge', { count: 3 }).ok).toBe(true);
    expect(validatePayload('app:set-badge', { count: -1 }).ok).toBe(false);
    expect(validatePayload('app:set-badge', { count: 1.5 }).ok).toBe(false);
    expect(validatePayload('session:sign-in', undefined).ok).toBe(true);
    expect(validatePayload('session:sign-in', { anything: true }).ok).toBe(false);
    expect(validatePayload('app:notify-incoming-call', { callId: 'c1', caller: 'Alice\r\nInjected' }).ok).toBe(false);
    expect(validatePayload('app:notify-incoming-call', { callId: 'c1', caller: 'Alice Avery' })).toEqual({ ok: true, value: { callId: 'c1', caller: 'Alice Avery' } });
    expect(validatePayload('app:notify-incoming-call', { callId: 'c1', caller: 'Alice Avery', verified: 'failed' }).ok).toBe(true);
    expect(validatePayload('app:notify-incoming-call', { callId: 'c1', caller: 'Alice Avery', verified: 'totally legit' }).ok).toBe(false);
    expect(validatePayload('app:registration-status', { state: 'failed', cause: 'The P-CSCF cannot be reached' }).ok).toBe(true);
    expect(validatePayload('app:registration-status', { state: 'online' }).ok).toBe(false);
    expect(validatePayload('app:dismiss-incoming-call', { callId: 'c1' }).ok).toBe(true);
    expect(validatePayload('app:ready', undefined).ok).toBe(true);
  });

  it('only our own top-level frame may talk to main', () => {
    expect(isTrustedSender(top('app://softphone/index.html'), APP)).toBe(true);
    expect(isTrustedSender(top('http://localhost:4500/#/calls'), APP)).toBe(true);
    expect(isTrustedSender({ url: 'app://softphone/index.html', parent: {} }, APP)).toBe(false);
    expect(isTrustedSender(top('https://evil.example/'), APP)).toBe(false);
    expect(isTrustedSender(top('http://localhost:4501/'), APP)).toBe(false);
    expect(isTrustedSender(top('about:blank'), APP)).toBe(false);
    expect(isTrustedSender(null, APP)).toBe(false);
  });

  it('a guarded handler refuses foreign frames and bad payloads before running', async () => {
    const calls: unknown[] = [];
    const handler = guardedHandler('app:set-badge', (payload) => {
      calls.push(payload);
    }, APP);
    await expect(handler({ senderFrame: top('https://evil.example/') } as never, { count: 1 })).rejects.toMatchObject({ code: 'ERR_SOFTPHONE_IPC_REFUSED' });
    await expect(handler({ senderFrame: top('app://softphone/') } as never, { count: 'lots' })).rejects.toMatchObject({ code: 'ERR_SOFTPHONE_IPC_REFUSED' });
    expect(calls).toEqual([]);
    await expect(handler({ senderFrame: top('app://softphone/') } as never, { count: 2 })).resolves.toBeUndefined();
    expect(calls).toEqual([{ count: 2 }]);
  });
});
