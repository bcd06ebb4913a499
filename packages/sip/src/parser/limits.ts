// Size limits that bound the work a peer can make the parser do.

export interface ParserLimits {
  /** Whole message (start line + headers + body). */
  maxMessageBytes: number;
  /** Number of header lines after unfolding. */
  maxHeaderCount: number;
  /** One unfolded header line or the start line. */
  maxLineBytes: number;
  /** Body (Content-Length or datagram remainder). */
  maxBodyBytes: number;
}

export const DEFAULT_LIMITS: Readonly<ParserLimits> = Object.freeze({
  maxMessageBytes: 65536,
  maxHeaderCount: 256,
  maxLineBytes: 8192,
  maxBodyBytes: 65536,
});

/** Fills in defaults. */
export function resolveLimits(limits: Partial<ParserLimits> | undefined): ParserLimits {
  return limits === undefined ? { ...DEFAULT_LIMITS } : { ...DEFAULT_LIMITS, ...definedOnly(limits) };
}

function definedOnly(l: Partial<ParserLimits>): Partial<ParserLimits> {
  const out: Partial<ParserLimits> = {};
  if (l.maxMessageBytes !== undefined) out.maxMessageBytes = l.maxMessageBytes;
  if (l.maxHeaderCount !== undefined) out.maxHeaderCount = l.maxHeaderCount;
  if (l.maxLineBytes !== undefined) out.maxLineBytes = l.maxLineBytes;
  if (l.maxBodyBytes !== undefined) out.maxBodyBytes = l.maxBodyBytes;
  return out;
}
