// The IdP's one error class: every failure the IdP reports carries a stable `code` that callers
// switch on (STYLE.md: "Errors carry codes").

export const IDP_ERROR_CODES = {
  config: 'ERR_IDP_CONFIG',
  database: 'ERR_IDP_DATABASE',
  notFound: 'ERR_IDP_NOT_FOUND',
  conflict: 'ERR_IDP_CONFLICT',
  invalidInput: 'ERR_IDP_INVALID_INPUT',
  bodyTooLarge: 'ERR_IDP_BODY_TOO_LARGE',
  tls: 'ERR_IDP_TLS',
  unauthorized: 'ERR_IDP_UNAUTHORIZED',
} as const;

/** A code such as `ERR_IDP_NOT_FOUND`; other modules may define further `ERR_IDP_...` codes. */
export type IdpErrorCode = (typeof IDP_ERROR_CODES)[keyof typeof IDP_ERROR_CODES] | `ERR_IDP_${string}`;

/**
 * Base error of the IdP.
 *
 * @example
 * throw new IdpError('ERR_IDP_NOT_FOUND', `No employee with id ${id}`, { details: { id } });
 */
export class IdpError extends Error {
  readonly code: IdpErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: IdpErrorCode, message: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'IdpError';
    this.code = code;
    this.details = options.details ?? {};
  }
}

/** For exhaustive switches: the compiler proves this is unreachable. */
export function assertNever(value: never): never {
  throw new IdpError('ERR_IDP_UNREACHABLE', `Unexpected value: ${String(value)}`);
}
