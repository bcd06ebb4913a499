// The one error class of @eims/stir. Each code carries the SIP response a verifier sends when it
// rejects a request for that reason (RFC 8224 §6.2.2) and the verstat it implies (TS 24.229 §7.2A.20).

/** What a terminating network tells the called UE about the caller's number (`verstat`). */
export type Verstat = 'TN-Validation-Passed' | 'TN-Validation-Failed' | 'No-TN-Validation';

interface CodeInfo {
  status: 403 | 428 | 436 | 437 | 438;
  reason: string;
  verstat: Verstat;
}

// Reason phrases as RFC 8224 §6.2.2 names them (436 and 437 were renamed from RFC 4474's).
const STALE = { status: 403, reason: 'Stale Date', verstat: 'TN-Validation-Failed' } as const;
const USE_IDENTITY = { status: 428, reason: 'Use Identity Header', verstat: 'No-TN-Validation' } as const;
const USE_SUPPORTED = { status: 428, reason: 'Use Supported PASSporT Format', verstat: 'No-TN-Validation' } as const;
const BAD_INFO = { status: 436, reason: 'Bad Identity Info', verstat: 'TN-Validation-Failed' } as const;
const UNSUPPORTED_CREDENTIAL = { status: 437, reason: 'Unsupported Credential', verstat: 'TN-Validation-Failed' } as const;
const INVALID = { status: 438, reason: 'Invalid Identity Header', verstat: 'TN-Validation-Failed' } as const;

/** Stable error codes of @eims/stir, each with its SIP status, reason phrase and verstat. */
export const StirErrorCode = {
  /** No Identity header where policy requires one (428). */
  MISSING_IDENTITY: 'ERR_STIR_MISSING_IDENTITY',
  /** Identity header or PASSporT not well formed: grammar, base64url, JSON, claim types (438). */
  MALFORMED: 'ERR_STIR_MALFORMED',
  /** Compact form (`..signature`): SHAKEN is full form only (RFC 8588 §6) (438). */
  COMPACT_FORM: 'ERR_STIR_COMPACT_FORM',
  /** `alg` other than ES256, in the header parameter or the PASSporT (437). */
  UNSUPPORTED_ALG: 'ERR_STIR_UNSUPPORTED_ALG',
  /** `ppt` this verifier does not implement (428, "Use Supported PASSporT Format"). */
  UNSUPPORTED_PPT: 'ERR_STIR_UNSUPPORTED_PPT',
  /** PASSporT header `typ`/`ppt`/`alg` disagree with RFC 8225 or the Identity parameters (438). */
  HEADER_MISMATCH: 'ERR_STIR_HEADER_MISMATCH',
  /** PASSporT `x5u` is not string-equal to the Identity `info` URI (RFC 8224 §4.1) (438). */
  X5U_INFO_MISMATCH: 'ERR_STIR_X5U_INFO_MISMATCH',
  /** `iat` older than the freshness window (RFC 8224 §6.2 step 4, 60 s) (403 Stale Date). */
  STALE_IAT: 'ERR_STIR_STALE_IAT',
  /** `iat` further in the future than the clock-skew tolerance (403 Stale Date). */
  FUTURE_IAT: 'ERR_STIR_FUTURE_IAT',
  /** `orig` differs from the calling number of the SIP request (438). */
  ORIG_MISMATCH: 'ERR_STIR_ORIG_MISMATCH',
  /** `dest` does not contain the called number of the SIP request (438). */
  DEST_MISMATCH: 'ERR_STIR_DEST_MISMATCH',
  /** The certificate at `info`/`x5u` could not be fetched: network, timeout, HTTP status, size (436). */
  X5U_UNREACHABLE: 'ERR_STIR_X5U_UNREACHABLE',
  /** The fetched resource is not a PEM certificate chain with an EC P-256 key (436). */
  BAD_CREDENTIAL: 'ERR_STIR_BAD_CREDENTIAL',
  /** The chain does not lead to a configured trust anchor, or a certificate is out of validity (437). */
  UNTRUSTED_CERT: 'ERR_STIR_UNTRUSTED_CERT',
  /** The signing certificate has no TNAuthList extension (RFC 8226 §9) (437). */
  NO_TN_AUTH_LIST: 'ERR_STIR_NO_TN_AUTH_LIST',
  /** The TNAuthList does not authorise the signer for `orig`, or its SPC is not accepted (438). */
  TN_NOT_AUTHORIZED: 'ERR_STIR_TN_NOT_AUTHORIZED',
  /** ES256 signature does not verify (438). */
  BAD_SIGNATURE: 'ERR_STIR_BAD_SIGNATURE',
  /**
   * An `rcdi` digest does not match its content, or URI content is not covered by `rcdi`
   * (RFC 9795 §6, §8). Reported beside a valid identity: only the Rich Call Data is dropped.
   */
  RCD_INTEGRITY: 'ERR_STIR_RCD_INTEGRITY',
} as const;
export type StirErrorCode = (typeof StirErrorCode)[keyof typeof StirErrorCode];

const INFO: Record<StirErrorCode, CodeInfo> = {
  ERR_STIR_MISSING_IDENTITY: USE_IDENTITY,
  ERR_STIR_MALFORMED: INVALID,
  ERR_STIR_COMPACT_FORM: INVALID,
  ERR_STIR_UNSUPPORTED_ALG: UNSUPPORTED_CREDENTIAL,
  ERR_STIR_UNSUPPORTED_PPT: USE_SUPPORTED,
  ERR_STIR_HEADER_MISMATCH: INVALID,
  ERR_STIR_X5U_INFO_MISMATCH: INVALID,
  ERR_STIR_STALE_IAT: STALE,
  ERR_STIR_FUTURE_IAT: STALE,
  ERR_STIR_ORIG_MISMATCH: INVALID,
  ERR_STIR_DEST_MISMATCH: INVALID,
  ERR_STIR_X5U_UNREACHABLE: BAD_INFO,
  ERR_STIR_BAD_CREDENTIAL: BAD_INFO,
  ERR_STIR_UNTRUSTED_CERT: UNSUPPORTED_CREDENTIAL,
  ERR_STIR_NO_TN_AUTH_LIST: UNSUPPORTED_CREDENTIAL,
  ERR_STIR_TN_NOT_AUTHORIZED: INVALID,
  ERR_STIR_BAD_SIGNATURE: INVALID,
  ERR_STIR_RCD_INTEGRITY: INVALID,
};

/**
 * Error raised for a PASSporT or Identity header that cannot be trusted.
 * @example
 * const r = await verifyIdentity(value, options);
 * if (!r.ok) reply(r.error.status, r.error.reason); // e.g. 403 Stale Date for ERR_STIR_STALE_IAT
 */
export class StirError extends Error {
  readonly code: StirErrorCode;
  /** SIP status code a verifier answers with when it rejects for this reason. */
  readonly status: 403 | 428 | 436 | 437 | 438;
  /** Reason phrase for that status (RFC 8224 §6.2.2). */
  readonly reason: string;
  /** The verstat to assert when the call is delivered anyway (policy "mark, don't block"). */
  readonly verstat: Verstat;

  constructor(code: StirErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StirError';
    this.code = code;
    const info = INFO[code];
    this.status = info.status;
    this.reason = info.reason;
    this.verstat = info.verstat;
  }
}

/** SIP status, reason phrase and verstat of an error code, without building an error. */
export function stirErrorInfo(code: StirErrorCode): Readonly<CodeInfo> {
  return INFO[code];
}
