// The one error class of @eims/phone: a stable `code` callers switch on, and structured details.

export const PhoneErrorCode = {
  /** A header value that does not follow its grammar (caller identity, challenge, reg-event). */
  Parse: 'ERR_PHONE_PARSE',
  /** The sign-in session is missing, expired or was refused by the IdP. */
  Session: 'ERR_PHONE_SESSION',
  /** A 401 named an authorization server that is not the configured IdP (RFC 8898 §3). */
  UntrustedAuthzServer: 'ERR_PHONE_UNTRUSTED_AUTHZ_SERVER',
  /** The registrar refused the REGISTER. */
  Registration: 'ERR_PHONE_REGISTRATION',
  /** A call operation that the call's state does not allow. */
  CallState: 'ERR_PHONE_CALL_STATE',
  /** The company directory could not be searched (signed out, refused, unreachable). */
  Directory: 'ERR_PHONE_DIRECTORY',
  /** The WebSocket to the P-CSCF could not be (re)opened. */
  Transport: 'ERR_PHONE_TRANSPORT',
} as const;
export type PhoneErrorCode = (typeof PhoneErrorCode)[keyof typeof PhoneErrorCode];

export class PhoneError extends Error {
  readonly code: PhoneErrorCode;
  readonly details: Readonly<Record<string, unknown>>;
  constructor(code: PhoneErrorCode, message: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PhoneError';
    this.code = code;
    this.details = options.details ?? {};
  }
}

export type Result<T, E = PhoneError> = { ok: true; value: T } | { ok: false; error: E };

export function assertNever(value: never): never {
  throw new TypeError(`unexpected value ${String(value)}`);
}
