// The desktop app's platform: Electron's main process signs in through the system browser
// (RFC 8252 loopback), keeps the refresh token encrypted and hands this renderer only access
// tokens, over the one typed IPC contract exposed by the preload as `window.softphone`.
import type { DialTargetEvent } from '../../shared/ipc-contract.ts';
import type { SoftphoneBridge } from '../../shared/softphone-bridge.ts';
import { parseRuntimeConfig, type RuntimeConfig } from '../runtime-config.ts';
import type { DesktopExtras, Platform, PlatformSignOut, PlatformTokens } from './platform.ts';

/** `window.softphone` when the preload exposed it (Electron), otherwise undefined (a browser). */
export function findBridge(): SoftphoneBridge | undefined {
  const candidate = (globalThis as { softphone?: unknown }).softphone;
  return typeof candidate === 'object' && candidate !== null && typeof (candidate as SoftphoneBridge).invoke === 'function' ? (candidate as SoftphoneBridge) : undefined;
}

function tokensOf(value: unknown): PlatformTokens | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const token = (value as { accessToken?: unknown }).accessToken;
  return typeof token === 'string' && token !== '' ? { accessToken: token } : undefined;
}

function dialString(target: DialTargetEvent): string {
  switch (target.kind) {
    case 'e164':
      return target.number;
    case 'local':
      return target.number;
    case 'sip':
      return target.uri;
  }
}

export class ElectronPlatform implements Platform {
  readonly kind = 'electron' as const;
  readonly #bridge: SoftphoneBridge;
  readonly desktop: DesktopExtras;

  constructor(bridge: SoftphoneBridge) {
    this.#bridge = bridge;
    this.desktop = {
      registrationStatus: (state, cause) => void bridge.invoke('app:registration-status', { state, ...(cause ? { cause: cause.slice(0, 200) } : {}) }).catch(warn),
      notifyIncomingCall: (callId, caller, identity) => void bridge.invoke('app:notify-incoming-call', { callId, caller: caller.slice(0, 200), verified: identity }).catch(warn),
      dismissIncomingCall: (callId) => void bridge.invoke('app:dismiss-incoming-call', { callId }).catch(warn),
      setBadge: (count) => void bridge.invoke('app:set-badge', { count: Math.min(999, count) }).catch(warn),
      onDial: (listener) => bridge.on('call:dial', (target) => listener(dialString(target))),
      onShowIncoming: (listener) => bridge.on('call:show-incoming', (p) => listener(p.callId)),
    };
  }

  async loadConfig(): Promise<RuntimeConfig> {
    const parsed = parseRuntimeConfig(await this.#bridge.invoke('app:get-config'));
    if (!parsed.ok) throw new Error(parsed.error);
    void this.#bridge.invoke('app:ready').catch(warn);
    return parsed.value;
  }

  async resume(): Promise<PlatformTokens | undefined> {
    return tokensOf(await this.#bridge.invoke('session:restore'));
  }

  async signIn(): Promise<PlatformTokens> {
    const tokens = tokensOf(await this.#bridge.invoke('session:sign-in'));
    if (!tokens) throw new Error('Sign-in did not complete. Try again.');
    return tokens;
  }

  async refresh(): Promise<PlatformTokens> {
    const tokens = tokensOf(await this.#bridge.invoke('session:access-token'));
    if (!tokens) throw new Error('You are signed out. Sign in again.');
    return tokens;
  }

  async signOut(): Promise<void> {
    await this.#bridge.invoke('session:sign-out');
  }

  onTokens(listener: (tokens: PlatformTokens) => void): () => void {
    return this.#bridge.on('session:tokens-changed', (payload) => {
      const tokens = tokensOf(payload);
      if (tokens) listener(tokens);
    });
  }

  onSignedOut(listener: (reason: PlatformSignOut) => void): () => void {
    return this.#bridge.on('session:signed-out', (payload) => listener({ code: payload.code, message: payload.message }));
  }
}

function warn(error: unknown): void {
  console.warn('Desktop integration call failed:', error);
}
