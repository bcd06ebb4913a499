// What the phone needs from where it runs. The web build signs in by redirecting this page to the
// IdP (PhoneSession in the page); the desktop app asks Electron's main process, which signs in
// through the system browser and keeps the refresh token (window.softphone, see the preload).
import type { IdentityState } from '@eims/phone';
import type { RuntimeConfig } from '../runtime-config.ts';

/** The access token the SIP user agent presents; the refresh token stays with the platform. */
export interface PlatformTokens {
  accessToken: string;
}

/** Why the session ended, in words for the person at the screen. */
export interface PlatformSignOut {
  code: string;
  message: string;
}

export interface Platform {
  readonly kind: 'web' | 'electron';
  loadConfig(): Promise<RuntimeConfig>;
  /** A session to continue at start (returning from the IdP, a reload, a saved sign-in), if any. */
  resume(): Promise<PlatformTokens | undefined>;
  /** Signs in; the web platform leaves the page for the IdP and never resolves. */
  signIn(): Promise<PlatformTokens>;
  /** A fresh access token now (one refresh); rejects when the session is over. */
  refresh(): Promise<PlatformTokens>;
  /** Revokes the tokens and forgets the session. */
  signOut(reason?: PlatformSignOut): Promise<void>;
  /** A new access token (scheduled refresh); returns the function that stops listening. */
  onTokens(listener: (tokens: PlatformTokens) => void): () => void;
  /** The session ended without the person asking (refresh refused: revoked, disabled, expired). */
  onSignedOut(listener: (reason: PlatformSignOut) => void): () => void;
  /** Desktop extras (tray status, notifications, click-to-call); absent on the web. */
  readonly desktop?: DesktopExtras;
}

export interface DesktopExtras {
  registrationStatus(state: 'signed-out' | 'unregistered' | 'registering' | 'registered' | 'failed', cause?: string): void;
  notifyIncomingCall(callId: string, caller: string, identity: IdentityState): void;
  dismissIncomingCall(callId: string): void;
  setBadge(count: number): void;
  /** `sip:`/`tel:` links opened in the OS (click-to-call). */
  onDial(listener: (target: string) => void): () => void;
  /** The person clicked the incoming-call notification. */
  onShowIncoming(listener: (callId: string) => void): () => void;
}
