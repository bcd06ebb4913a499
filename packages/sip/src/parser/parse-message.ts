// Parses one whole SIP message (a WebSocket message, RFC 7118 §5, or a UDP datagram) with the
// Content-Length rules of RFC 3261 §18.3, and validates it (see validate-headers.ts).
import { SipError, SipErrorCode } from '../errors.ts';
import { err, ok, type Result } from '../result.ts';
import type { SipHeaderField, SipMessage } from '../message/sip-message.ts';
import { resolveLimits, type ParserLimits } from './limits.ts';
import { splitHead } from './split-headers.ts';
import { parseStartLine } from './start-line.ts';
import { validateHeaders } from './validate-headers.ts';

export interface ParseOptions {
  limits?: Partial<ParserLimits>;
  /**
   * The bytes are a datagram (UDP) rather than a WebSocket message. Both follow RFC 3261 §18.3:
   * a Content-Length larger than the body is an error, octets past it are discarded, and without
   * Content-Length the body runs to the end. Reserved for datagram-only rules.
   */
  datagram?: boolean;
}

const CRLFCRLF = Buffer.from('\r\n\r\n');

/** @internal How the body is delimited. */
export type Framing = 'message' | 'stream';

/**
 * Parses and validates one complete SIP message.
 * @example
 * const r = parseMessage(new TextEncoder().encode('OPTIONS sip:x@acme.example SIP/2.0\r\n...'));
 * if (r.ok && r.value.type === 'request') console.log(r.value.method);
 */
export function parseMessage(bytes: Uint8Array, options: ParseOptions = {}): Result<SipMessage, SipError> {
  return parseFramed(bytes, resolveLimits(options.limits), 'message');
}

/** @internal Shared with the stream parser, which has already framed the message. */
export function parseFramed(bytes: Uint8Array, limits: ParserLimits, framing: Framing): Result<SipMessage, SipError> {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length > limits.maxMessageBytes) {
    return err(new SipError(SipErrorCode.LIMIT, `message of ${buf.length} bytes exceeds ${limits.maxMessageBytes}`, { status: 513 }));
  }
  let pos = 0;
  // RFC 3261 §7.5: CRLFs before the start line are ignored.
  while (pos + 1 < buf.length && buf[pos] === 0x0d && buf[pos + 1] === 0x0a) pos += 2;
  const headEnd = buf.indexOf(CRLFCRLF, pos);
  if (headEnd < 0) return err(new SipError(SipErrorCode.PARSE, 'no empty line after the header section', { offset: buf.length }));
  const split = splitHead(buf.toString('utf8', pos, headEnd), limits);
  if (split instanceof SipError) return err(split);
  const start = parseStartLine(split.startLine);
  const req = start.request;
  if (!start.line.ok) return err(partialOf(start.line.error, req, split.headers));
  const line = start.line.value;
  const v = validateHeaders(line, split.headers);
  if (v instanceof SipError) return err(partialOf(v, req, split.headers));
  const bodyStart = headEnd + 4;
  const available = buf.length - bodyStart;
  let bodyLength = available;
  if (v.contentLength !== undefined) {
    if (v.contentLength > available) {
      return err(partialOf(new SipError(SipErrorCode.CONTENT_LENGTH, `Content-Length ${v.contentLength} exceeds the ${available} body bytes received (RFC 3261 §18.3)`, { header: 'Content-Length' }), req, split.headers));
    }
    bodyLength = v.contentLength;
  } else if (framing === 'stream') {
    return err(partialOf(new SipError(SipErrorCode.CONTENT_LENGTH, 'Content-Length is mandatory on stream transports (RFC 3261 §18.3)', { header: 'Content-Length' }), req, split.headers));
  }
  if (bodyLength > limits.maxBodyBytes) {
    return err(partialOf(new SipError(SipErrorCode.LIMIT, `body of ${bodyLength} bytes exceeds ${limits.maxBodyBytes}`, { status: 413 }), req, split.headers));
  }
  // The body is copied so that the message does not pin a large receive buffer.
  const body = bodyLength === 0 ? EMPTY : new Uint8Array(buf.subarray(bodyStart, bodyStart + bodyLength));
  if (line.type === 'request') {
    return ok({ type: 'request', method: line.method, uri: line.uri, version: line.version, headers: split.headers, body });
  }
  return ok({ type: 'response', status: line.status, reason: line.reason, version: line.version, headers: split.headers, body });
}

const EMPTY = new Uint8Array(0);

// For requests: attach what is needed to answer statelessly (RFC 3261 §8.2.6, §16.3).
function partialOf(e: SipError, req: { method: string; uri: string } | undefined, headers: SipHeaderField[]): SipError {
  return req === undefined ? e : e.withPartial({ method: req.method, uri: req.uri, headers });
}
