// Splits the header section into lines, unfolds continuation lines (RFC 3261 §7.3.1) and
// enforces the line and count limits. Works on the decoded header text.
import { SipError, SipErrorCode } from '../errors.ts';
import { tokenEnd } from '../headers/scanner.ts';
import type { SipHeaderField } from '../message/sip-message.ts';
import type { ParserLimits } from './limits.ts';

export interface SplitHead {
  startLine: string;
  headers: SipHeaderField[];
}

/** `head` is the text before the empty line (no trailing CRLF). */
export function splitHead(head: string, limits: ParserLimits): SplitHead | SipError {
  let eol = head.indexOf('\r\n');
  if (eol < 0) eol = head.length;
  const startLine = head.slice(0, eol);
  if (startLine.length > limits.maxLineBytes) return new SipError(SipErrorCode.LIMIT, `start line longer than ${limits.maxLineBytes} bytes`);
  const headers: SipHeaderField[] = [];
  let pos = eol + 2;
  const n = head.length;
  while (pos < n) {
    let end = head.indexOf('\r\n', pos);
    if (end < 0) end = n;
    if (end - pos > limits.maxLineBytes) return new SipError(SipErrorCode.LIMIT, `header line longer than ${limits.maxLineBytes} bytes`);
    const c0 = head.charCodeAt(pos);
    if (c0 === 0x20 || c0 === 0x09) {
      // Folded continuation: replace the line break and leading whitespace by one SP.
      const prev = headers[headers.length - 1];
      if (prev === undefined) return new SipError(SipErrorCode.HEADER, 'continuation line before the first header');
      const more = head.slice(pos, end).trim();
      if (more !== '') prev.value = prev.value === '' ? more : `${prev.value} ${more}`;
      if (prev.value.length > limits.maxLineBytes) return new SipError(SipErrorCode.LIMIT, `header ${prev.name} longer than ${limits.maxLineBytes} bytes`);
    } else {
      let i = Math.min(tokenEnd(head, pos), end);
      const name = head.slice(pos, i);
      while (i < end && (head.charCodeAt(i) === 0x20 || head.charCodeAt(i) === 0x09)) i++;
      if (name === '' || i >= end || head.charCodeAt(i) !== 0x3a) {
        return new SipError(SipErrorCode.HEADER, `malformed header line: ${JSON.stringify(head.slice(pos, Math.min(end, pos + 100)))}`);
      }
      if (headers.length >= limits.maxHeaderCount) return new SipError(SipErrorCode.LIMIT, `more than ${limits.maxHeaderCount} header lines`);
      headers.push({ name, value: trimWs(head, i + 1, end) });
    }
    pos = end + 2;
  }
  return { startLine, headers };
}

function trimWs(s: string, start: number, end: number): string {
  while (start < end && (s.charCodeAt(start) === 0x20 || s.charCodeAt(start) === 0x09)) start++;
  while (end > start && (s.charCodeAt(end - 1) === 0x20 || s.charCodeAt(end - 1) === 0x09)) end--;
  return s.slice(start, end);
}
