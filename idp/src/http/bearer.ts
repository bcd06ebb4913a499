// RFC 6750 §2.1: `Authorization: Bearer <b64token>`; the one reading of it for the IdP's own APIs.
const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/;

/**
 * The token of an `Authorization: Bearer` header, or undefined when the header is missing or not one.
 * @example bearerToken('Bearer abc.def') === 'abc.def'
 */
export function bearerToken(header: string | undefined): string | undefined {
  return header === undefined ? undefined : BEARER.exec(header)?.[1];
}
