// The one error class of @eims/sip. Callers switch on `code`; the catalogue below is stable.
import type { SipHeaderField } from './message/sip-message.ts';

/** Stable error codes of @eims/sip. */
export const SipErrorCode = {
  /** Generic syntax error in a message. */
  PARSE: 'ERR_SIP_PARSE',
  /** A configured parser limit (size, header count, line length) was exceeded. */
  LIMIT: 'ERR_SIP_LIMIT',
  /** Content-Length missing (stream), invalid, negative, conflicting or larger than the body. */
  CONTENT_LENGTH: 'ERR_SIP_CONTENT_LENGTH',
  /** Malformed Request-Line or Status-Line. */
  START_LINE: 'ERR_SIP_START_LINE',
  /** A SIP version other than SIP/2.0 (answer 505). */
  VERSION: 'ERR_SIP_VERSION',
  /** A header field value does not match its grammar. */
  HEADER: 'ERR_SIP_HEADER',
  /** A URI does not match its grammar. */
  URI: 'ERR_SIP_URI',
  /** A mandatory header is missing. */
  MISSING_HEADER: 'ERR_SIP_MISSING_HEADER',
  /** A single-value header appears more than once (RFC 4475 multi01). */
  DUPLICATE_HEADER: 'ERR_SIP_DUPLICATE_HEADER',
  /** CSeq method differs from the Request-Line method (RFC 4475 mismatch01/02). */
  CSEQ_MISMATCH: 'ERR_SIP_CSEQ_MISMATCH',
  /** A number out of its allowed range (status > 699, CSeq >= 2^31, Max-Forwards > 255 ...). */
  SCALAR: 'ERR_SIP_SCALAR',
  /** Bytes after a fatal stream error, or any use of a closed stream parser. */
  STREAM_CLOSED: 'ERR_SIP_STREAM_CLOSED',
} as const;
export type SipErrorCode = (typeof SipErrorCode)[keyof typeof SipErrorCode];

/** What a proxy needs to answer a broken request statelessly (RFC 3261 §16.3, §8.2.6). */
export interface PartialRequest {
  method: string;
  uri: string;
  headers: SipHeaderField[];
}

export interface SipErrorOptions {
  cause?: unknown;
  /** Header name the error concerns, as written on the wire. */
  header?: string;
  /** Byte offset in the input, where known. */
  offset?: number;
  /** For request parse errors: the readable parts, so that a 400/505 can be sent. */
  partial?: PartialRequest;
  /** Suggested response status for a request carrying this error (400, 505, 416 ...). */
  status?: number;
}

/**
 * Error raised for bad SIP data.
 * @example
 * const r = parseMessage(bytes);
 * if (!r.ok && r.error.code === SipErrorCode.VERSION) answer(505);
 */
export class SipError extends Error {
  readonly code: SipErrorCode;
  readonly header: string | undefined;
  readonly offset: number | undefined;
  readonly partial: PartialRequest | undefined;
  readonly status: number;

  constructor(code: SipErrorCode, message: string, options: SipErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SipError';
    this.code = code;
    this.header = options.header;
    this.offset = options.offset;
    this.partial = options.partial;
    this.status = options.status ?? (code === SipErrorCode.VERSION ? 505 : 400);
  }

  /** Same error with the readable parts of the request attached. */
  withPartial(partial: PartialRequest): SipError {
    const options: SipErrorOptions = { partial, status: this.status };
    if (this.cause !== undefined) options.cause = this.cause;
    if (this.header !== undefined) options.header = this.header;
    if (this.offset !== undefined) options.offset = this.offset;
    return new SipError(this.code, this.message, options);
  }
}
