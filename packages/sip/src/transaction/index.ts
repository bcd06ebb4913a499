// Public API of the transaction layer (RFC 3261 §17): pure state machines, matching, ACK/CANCEL.
export type { TimerConfig, TimerName } from './timer-config.ts';
export { defaultTimerConfig, timerDuration, tryingDelayMs } from './timer-config.ts';
export type {
  ClientTransactionEvent,
  ServerTransactionEvent,
  TransactionAction,
  TransitionRow,
  TransitionStep,
} from './transaction-action.ts';
export type { TransactionOptions } from './transaction-machine.ts';
export { TransactionMachine } from './transaction-machine.ts';
export { InviteClientTransaction, inviteClientTable, inviteClientTable6026 } from './invite-client-transaction.ts';
export type { InviteClientOptions, InviteClientState } from './invite-client-transaction.ts';
export { NonInviteClientTransaction, nonInviteClientTable } from './non-invite-client-transaction.ts';
export type { NonInviteClientState } from './non-invite-client-transaction.ts';
export { InviteServerTransaction, inviteServerTable, inviteServerTable6026 } from './invite-server-transaction.ts';
export type { InviteServerOptions, InviteServerState } from './invite-server-transaction.ts';
export { NonInviteServerTransaction, nonInviteServerTable } from './non-invite-server-transaction.ts';
export type { NonInviteServerState } from './non-invite-server-transaction.ts';
export { buildAckForNonSuccess } from './build-ack.ts';
export { answerCancel, buildCancel } from './build-cancel.ts';
export type { CancelAnswer } from './build-cancel.ts';
export { generateBranch } from './branch.ts';
export { clientTransactionKey, serverTransactionKey } from './transaction-key.ts';
export { TransactionTable } from './transaction-table.ts';
