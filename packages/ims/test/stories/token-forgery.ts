// Tokens made wrong on purpose for the token matrix: a signed JWT with a claim changed (its
// signature no longer matches, but the EDS refuses it for the claim first) or its signature bent.

/** The token with `claims` merged into its payload (signature left as it was). */
export function withClaims(token: string, claims: Record<string, unknown>): string {
  const [header, payload, signature] = token.split('.');
  const decoded = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  return [header, Buffer.from(JSON.stringify({ ...decoded, ...claims })).toString('base64url'), signature].join('.');
}

/** The token with one signature byte flipped. */
export function alteredSignature(token: string): string {
  const [header, payload, signature] = token.split('.');
  const bytes = Buffer.from(signature ?? '', 'base64url');
  bytes[0] = (bytes[0] ?? 0) ^ 0xff;
  return [header, payload, bytes.toString('base64url')].join('.');
}
