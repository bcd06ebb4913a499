// Content-Type (RFC 3261 §20.15): type "/" subtype *( SEMI m-parameter ).
import { SipError } from '../errors.ts';
import { err, ok, type Result } from '../result.ts';
import { Scanner, formatParams, readParams } from './scanner.ts';

export interface ContentType {
  /** Lower-cased `type/subtype`. */
  mediaType: string;
  type: string;
  subtype: string;
  params: Map<string, string | null>;
}

/** @example parseContentType('multipart/mixed;boundary=7a9cbec.3').value.mediaType === 'multipart/mixed' */
export function parseContentType(value: string): Result<ContentType, SipError> {
  const sc = new Scanner(value, 'Content-Type');
  sc.ws();
  const type = sc.token().toLowerCase();
  if (type === '' || !sc.sep(0x2f)) return err(sc.fail('expected type/subtype'));
  const subtype = sc.token().toLowerCase();
  if (subtype === '') return err(sc.fail('missing subtype'));
  const params = new Map<string, string | null>();
  const e = readParams(sc, params);
  if (e) return err(e);
  return ok({ mediaType: `${type}/${subtype}`, type, subtype, params });
}

export function formatContentType(c: Pick<ContentType, 'mediaType' | 'params'>): string {
  return `${c.mediaType}${formatParams(c.params)}`;
}
