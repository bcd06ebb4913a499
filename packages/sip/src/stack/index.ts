// Public API of the stack driver: transports + real timers + pure transactions.
export { SipStack } from './sip-stack.ts';
export type { IncomingRequest, SendRequestOptions, SipStackOptions, StackLogEvent, Target } from './sip-stack.ts';
export { ServerTransaction } from './server-transaction.ts';
export type { ServerTransactionEnd } from './server-transaction.ts';
export { ClientTransaction } from './client-transaction.ts';
export type { ClientOutcome } from './client-transaction.ts';
export { responseDestination } from './response-target.ts';
export type { ResponseDestination } from './response-target.ts';
