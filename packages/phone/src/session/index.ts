export { PhoneSession, SignOutReason } from './phone-session.ts';
export type { PhoneSessionEvents, PhoneSessionOptions, SessionTokens, SignInNavigator, SignOutReasonCode, SignOutReasonInfo, StateStore } from './phone-session.ts';
export { readAccessTokenClaims } from './access-token-claims.ts';
export type { AccessTokenClaims } from './access-token-claims.ts';
export { MemoryStateStore } from './memory-state-store.ts';
