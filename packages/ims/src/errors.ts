// The error of the IMS emulator: a stable `code` string callers switch on, and the cause.
// Expected failures of untrusted input are returned as `{ ok: false, error }` values instead.

export const IMS_ERROR_CODES = {
  config: 'ERR_IMS_CONFIG',
  sbiUnreachable: 'ERR_IMS_SBI_UNREACHABLE',
  sbiProtocol: 'ERR_IMS_SBI_PROTOCOL',
  sbiProblem: 'ERR_IMS_SBI_PROBLEM',
  cdrInvalid: 'ERR_IMS_CDR_INVALID',
  tls: 'ERR_IMS_TLS',
} as const;
export type ImsErrorCode = (typeof IMS_ERROR_CODES)[keyof typeof IMS_ERROR_CODES];

export class ImsError extends Error {
  readonly code: ImsErrorCode;
  /** HTTP status of the SBI answer, when the error is one. */
  readonly status: number | undefined;

  constructor(code: ImsErrorCode, message: string, options: { cause?: unknown; status?: number } = {}) {
    super(message, { cause: options.cause });
    this.name = 'ImsError';
    this.code = code;
    this.status = options.status;
  }
}

export function assertNever(value: never): never {
  throw new TypeError(`Unexpected value: ${JSON.stringify(value)}`);
}

export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };
