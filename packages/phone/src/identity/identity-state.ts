// The three caller-identity states of DESIGN.md and the words shown for them, in one place for
// the renderer's badge, the desktop notification and the IPC contract. No imports: the preload
// and Electron main take it without the rest of the phone core (`@eims/phone/identity-state`).

export const IDENTITY_STATES = ['verified', 'unverified', 'failed'] as const;
export type IdentityState = (typeof IDENTITY_STATES)[number];

/** Exactly one of these is shown beside a caller. */
export const IDENTITY_TEXT = {
  verified: 'Verified caller',
  unverified: 'Unverified caller',
  failed: 'Caller identity check failed',
} as const satisfies Record<IdentityState, string>;
