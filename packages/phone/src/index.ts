// @eims/phone: the UI-free softphone core. sip.js and oidc-client-ts stay behind these exports.
export { PhoneError, PhoneErrorCode, assertNever, type Result } from './errors.ts';
export { Emitter, systemClock, type Clock } from './emitter.ts';
export * from './identity/index.ts';
export * from './session/index.ts';
export { PhoneUserAgent } from './sip/phone-user-agent.ts';
export type { PhoneUserAgentEvents, PhoneUserAgentOptions, RegistrationInfo, RegistrationState } from './sip/phone-user-agent.ts';
export { findBearerChallenge, checkAuthzServer, type BearerChallenge } from './sip/bearer-challenge.ts';
export { parseRegInfo, registrationVerdict, type RegInfo, type RegistrationVerdict } from './sip/reg-info.ts';
export { CallManager, type CallManagerEvents, type CallManagerOptions } from './call/call-manager.ts';
export { PhoneCall, type CallEndReason, type CallState, type PhoneCallEvents } from './call/phone-call.ts';
export { resolveDialTarget, type ColleagueDirectory, type DialTargetUri } from './call/dial-target.ts';
export { IdpColleagueDirectory, parseColleagues, type Colleague, type IdpColleagueDirectoryOptions } from './call/idp-colleague-directory.ts';
export { linkSessionToUserAgent } from './phone-link.ts';
