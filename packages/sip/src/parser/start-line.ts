// Request-Line and Status-Line (RFC 3261 §7.1, §7.2, §25.1): single SP separators, SIP/2.0 only.
import { SipError, SipErrorCode } from '../errors.ts';
import { err, ok, type Result } from '../result.ts';
import { isToken } from '../headers/scanner.ts';
import { parseUriShared } from '../uri/parse-uri.ts';

export type StartLine =
  | { type: 'request'; method: string; uri: string; version: string }
  | { type: 'response'; status: number; reason: string; version: string };

const VERSION_RE = /^SIP\/[0-9]+\.[0-9]+$/i;

function startError(message: string, line: string): SipError {
  return new SipError(SipErrorCode.START_LINE, `${message}: ${JSON.stringify(line.length > 200 ? `${line.slice(0, 200)}…` : line)}`);
}

function checkVersion(version: string, line: string): SipError | undefined {
  if (version === 'SIP/2.0' || version.toUpperCase() === 'SIP/2.0') return undefined;
  if (VERSION_RE.test(version)) {
    return new SipError(SipErrorCode.VERSION, `unsupported SIP version ${version} (RFC 3261 §8.2.2: answer 505)`, { status: 505 });
  }
  return startError('invalid SIP version', line);
}

/**
 * Parses a start line. A request whose only fault is its version still returns its method and
 * URI beside the error, so a 505 can be sent (RFC 4475 badvers).
 */
export function parseStartLine(line: string): { line: Result<StartLine, SipError>; request?: { method: string; uri: string } } {
  if (line.length >= 4 && (line.charCodeAt(0) | 0x20) === 0x73 && (line.charCodeAt(1) | 0x20) === 0x69 && (line.charCodeAt(2) | 0x20) === 0x70 && line.charCodeAt(3) === 0x2f) {
    return { line: parseStatusLine(line) };
  }
  const sp1 = line.indexOf(' ');
  const sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
  if (sp1 <= 0 || sp2 < 0 || line.indexOf(' ', sp2 + 1) >= 0 || line.indexOf('\t') >= 0) {
    return { line: err(startError('Request-Line must be "Method SP Request-URI SP SIP-Version"', line)) };
  }
  const method = line.slice(0, sp1);
  const uri = line.slice(sp1 + 1, sp2);
  const version = line.slice(sp2 + 1);
  if (!isToken(method)) return { line: err(startError('invalid method', line)) };
  if (uri === '') return { line: err(startError('empty Request-URI', line)) };
  const u = parseUriShared(uri);
  if (!u.ok) {
    return { line: err(new SipError(SipErrorCode.URI, `invalid Request-URI (${u.error.message})`, { cause: u.error })), request: { method, uri } };
  }
  // RFC 3261 §19.1.1 table: URI headers are not allowed in a Request-URI (RFC 4475 escruri).
  if ((u.value.scheme === 'sip' || u.value.scheme === 'sips') && 'headers' in u.value && u.value.headers.size > 0) {
    return { line: err(new SipError(SipErrorCode.URI, `headers are not allowed in a Request-URI: ${uri.slice(0, 200)}`)), request: { method, uri } };
  }
  const v = checkVersion(version, line);
  if (v) return { line: err(v), request: { method, uri } };
  return { line: ok({ type: 'request', method, uri, version: 'SIP/2.0' }), request: { method, uri } };
}

function parseStatusLine(line: string): Result<StartLine, SipError> {
  const sp1 = line.indexOf(' ');
  if (sp1 < 0) return err(startError('Status-Line without status code', line));
  const version = line.slice(0, sp1);
  const v = checkVersion(version, line);
  if (v) return err(v);
  let sp2 = line.indexOf(' ', sp1 + 1);
  if (sp2 < 0) sp2 = line.length; // RFC 4475 noreason: an empty reason phrase, tolerate a missing SP too
  const code = line.slice(sp1 + 1, sp2);
  if (!/^[0-9]+$/.test(code)) return err(startError('invalid status code', line));
  if (code.length !== 3) {
    return err(new SipError(SipErrorCode.SCALAR, `status code ${code.slice(0, 20)} is not three digits (RFC 4475 bigcode)`));
  }
  const status = Number(code);
  if (status < 100 || status > 699) return err(new SipError(SipErrorCode.SCALAR, `status code ${code} is outside 100..699`));
  return ok({ type: 'response', status, reason: line.slice(sp2 + 1), version: 'SIP/2.0' });
}
