// What a transport does with bytes that do not parse: a stateless 400/505 when the request was
// readable enough (RFC 3261 §16.3), nothing for responses (§18.1.2 discards them).
import type { SipError } from '../errors.ts';
import { statelessError } from '../proxy/stateless-error.ts';
import { serialize } from '../serializer/serialize.ts';

/** Bytes of the stateless answer to a parse error, or undefined when there is none to give. */
export function answerForParseError(error: SipError): Uint8Array | undefined {
  if (error.partial === undefined) return undefined;
  const response = statelessError(error.partial, error.status, error.status !== 400 ? undefined : `Bad Request (${error.message.slice(0, 80).replace(/[^\x20-\x7e]/g, ' ')})`);
  return response === undefined ? undefined : serialize(response);
}
