// Writes a message in wire form: headers in their order and spelling, Content-Length recomputed
// from the body (RFC 3261 §20.14), at the place of the existing one or last.
import { headerKey } from '../message/header-names.ts';
import type { SipMessage } from '../message/sip-message.ts';

/**
 * Serializes a message; `parseMessage(serialize(m))` gives `m` back (up to the Content-Length value).
 * @example socket.write(serialize(createResponse(req, 200)))
 */
export function serialize(m: SipMessage): Buffer {
  let head = m.type === 'request' ? `${m.method} ${m.uri} ${m.version}\r\n` : `${m.version} ${m.status} ${m.reason}\r\n`;
  let wroteLength = false;
  const headers = m.headers;
  for (let i = 0; i < headers.length; i++) {
    const h = headers[i]!;
    const n = h.name;
    if ((n.length === 14 || n.length === 1) && headerKey(n) === 'content-length') {
      if (!wroteLength) head += `${n}: ${m.body.length}\r\n`;
      wroteLength = true;
      continue;
    }
    head += `${n}: ${h.value}\r\n`;
  }
  if (!wroteLength) head += `Content-Length: ${m.body.length}\r\n`;
  head += '\r\n';
  const headLength = Buffer.byteLength(head, 'utf8');
  const out = Buffer.allocUnsafe(headLength + m.body.length);
  out.write(head, 0, 'utf8');
  if (m.body.length > 0) out.set(m.body, headLength);
  return out;
}
