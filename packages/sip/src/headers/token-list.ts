// Comma lists of tokens: Supported, Require, Proxy-Require, Unsupported, Allow, Allow-Events.
import { SipError, SipErrorCode } from '../errors.ts';
import { err, ok, type Result } from '../result.ts';
import { isToken } from './scanner.ts';

/**
 * Parses a token list; an empty value is an empty list (`Supported:` is legal, RFC 3261 §20.37).
 * @example parseTokenList('outbound, path,gruu').value // ['outbound', 'path', 'gruu']
 */
export function parseTokenList(value: string, header = 'token list'): Result<string[], SipError> {
  const v = value.trim();
  if (v === '') return ok([]);
  const out: string[] = [];
  for (const part of v.split(',')) {
    const t = part.trim();
    if (!isToken(t)) return err(new SipError(SipErrorCode.HEADER, `${header}: ${JSON.stringify(t.slice(0, 80))} is not a token`, { header }));
    out.push(t);
  }
  return ok(out);
}

export function formatTokenList(tokens: readonly string[]): string {
  return tokens.join(', ');
}
