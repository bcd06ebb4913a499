// Reads the claims of the IdP's JWT access token (RFC 9068) that the softphone shows and registers:
// the 3PID, the E.164 number and the name card fields. Not a validation: the registrar validates.

export interface AccessTokenClaims {
  sub: string;
  /** The enterprise identity to register, `sip:alice@acme.example`. */
  threePid?: string;
  phoneNumber?: string;
  name?: string;
  title?: string;
  department?: string;
  organization?: string;
  picture?: string;
  /** Expiry in seconds since the epoch. */
  exp?: number;
}

/** Decodes the payload of a JWS compact token; undefined for anything else (opaque or JWE tokens). */
export function readAccessTokenClaims(token: string): AccessTokenClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  let payload: unknown;
  try {
    const b64 = parts[1]!.replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    payload = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
  } catch {
    return undefined; // not a JWS: the caller falls back to the ID token's profile
  }
  if (typeof payload !== 'object' || payload === null) return undefined;
  const p = payload as Record<string, unknown>;
  if (typeof p['sub'] !== 'string') return undefined;
  const str = (k: string) => (typeof p[k] === 'string' ? (p[k] as string) : undefined);
  const claims: AccessTokenClaims = { sub: p['sub'] };
  const map = { threePid: '3pid', phoneNumber: 'phone_number', name: 'name', title: 'title', department: 'department', organization: 'organization', picture: 'picture' } as const;
  for (const [key, claim] of Object.entries(map) as [keyof typeof map, string][]) {
    const v = str(claim);
    if (v !== undefined) claims[key] = v;
  }
  if (typeof p['exp'] === 'number') claims.exp = p['exp'];
  return claims;
}
