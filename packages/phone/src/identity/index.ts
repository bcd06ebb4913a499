export { callerIdentity, normalizeVerstat } from './caller-identity.ts';
export type { CallerCard, CallerIdentity, IdentityHeaders, Verstat } from './caller-identity.ts';
export { IDENTITY_STATES, IDENTITY_TEXT, type IdentityState } from './identity-state.ts';
export { parseCallInfo, readJCard, decodeDataUri } from './call-info.ts';
export type { CallInfoEntry, JCardFields } from './call-info.ts';
export { parseNameAddr, parseIdentityUri } from './name-addr.ts';
export type { IdentityUri, NameAddr } from './name-addr.ts';
export { splitHeaderList, unquote, parseParams } from './header-list.ts';
