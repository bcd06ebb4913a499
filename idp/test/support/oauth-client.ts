// Test helpers speaking OAuth to a running IdP without a browser: the sign-in form POST with
// cookies carried by hand, PKCE, token requests, and introspection over mutual TLS.
import { createHash, randomBytes } from 'node:crypto';
import { request as httpsRequest, type Agent } from 'node:https';
import { decodeJwt, decodeProtectedHeader } from 'jose';

export const IMS_RESOURCE = 'https://ims.mnc001.mcc001.3gppnetwork.org';
export const LOOPBACK_REDIRECT = 'http://127.0.0.1:53682/callback';

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export class CookieJar {
  readonly #cookies = new Map<string, string>();
  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

export interface AuthorizeOptions {
  username: string;
  password: string;
  clientId?: string;
  redirectUri?: string;
  scope?: string;
  resource?: string | undefined;
  challenge?: string | undefined;
  extra?: Record<string, string>;
}

export type AuthorizeResult =
  | { ok: true; code: string; state: string; location: string }
  | { ok: false; status: number; body: string; location?: string };

/** Runs the authorization request through the real sign-in form (HTTP, no browser). */
export async function authorize(issuer: string, options: AuthorizeOptions): Promise<AuthorizeResult> {
  const jar = new CookieJar();
  const redirectUri = options.redirectUri ?? LOOPBACK_REDIRECT;
  const state = randomBytes(8).toString('hex');
  const params = new URLSearchParams({
    client_id: options.clientId ?? 'softphone',
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: options.scope ?? 'openid profile offline_access sip',
    state,
    ...(options.challenge === undefined ? {} : { code_challenge: options.challenge, code_challenge_method: 'S256' }),
    ...(options.resource === undefined ? {} : { resource: options.resource }),
    ...options.extra,
  });
  let url = `${issuer}/auth?${params}`;
  let init: RequestInit = {};
  let submitted = false;
  for (let hop = 0; hop < 12; hop++) {
    const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: jar.header() } });
    jar.store(response);
    init = {};
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      const next = new URL(location, url).href;
      if (next.startsWith(redirectUri.split('?')[0]!)) {
        const callback = new URL(next);
        const code = callback.searchParams.get('code');
        if (!code) return { ok: false, status: response.status, body: callback.search, location: next };
        return { ok: true, code, state: callback.searchParams.get('state') ?? '', location: next };
      }
      url = next;
      continue;
    }
    const body = await response.text();
    const action = /<form method="post" action="([^"]+\/login)"/.exec(body)?.[1];
    // Submit the sign-in form once; a sign-in page after that means the credentials were refused.
    if (response.status === 200 && action && !submitted) {
      submitted = true;
      url = new URL(action, url).href;
      init = {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ username: options.username, password: options.password }).toString(),
      };
      continue;
    }
    return { ok: false, status: response.status, body };
  }
  throw new Error('too many redirects');
}

export interface TokenResponse {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  token_type: string;
  expires_in: number;
  scope?: string;
}

export async function tokenRequest(issuer: string, form: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export function exchangeCode(issuer: string, code: string, verifier: string | undefined, redirectUri = LOOPBACK_REDIRECT) {
  return tokenRequest(issuer, {
    grant_type: 'authorization_code',
    client_id: 'softphone',
    code,
    redirect_uri: redirectUri,
    ...(verifier === undefined ? {} : { code_verifier: verifier }),
  });
}

export function refresh(issuer: string, refreshToken: string) {
  return tokenRequest(issuer, { grant_type: 'refresh_token', client_id: 'softphone', refresh_token: refreshToken });
}

export async function revoke(issuer: string, token: string, hint?: string): Promise<number> {
  const response = await fetch(`${issuer}/token/revocation`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, client_id: 'softphone', ...(hint ? { token_type_hint: hint } : {}) }).toString(),
  });
  await response.arrayBuffer();
  return response.status;
}

/** Signs in as `username` and returns the tokens of the softphone. */
export async function signInTokens(issuer: string, username: string, password: string): Promise<TokenResponse> {
  const { verifier, challenge } = pkcePair();
  const result = await authorize(issuer, { username, password, challenge, resource: IMS_RESOURCE });
  if (!result.ok) throw new Error(`sign-in failed: ${result.status} ${result.body.slice(0, 300)}`);
  const tokens = await exchangeCode(issuer, result.code, verifier);
  if (tokens.status !== 200) throw new Error(`code exchange failed: ${JSON.stringify(tokens.body)}`);
  return tokens.body as unknown as TokenResponse;
}

export interface MtlsCredentials {
  ca: string;
  cert?: string;
  key?: string;
  agent?: Agent;
}

/** POSTs an introspection request over HTTPS with an optional client certificate. */
export function introspect(url: string, token: string, tls: MtlsCredentials): Promise<{ status: number; body: Record<string, unknown> }> {
  const body = new URLSearchParams({ token, token_type_hint: 'access_token' }).toString();
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      url,
      {
        method: 'POST',
        ca: tls.ca,
        ...(tls.cert ? { cert: tls.cert, key: tls.key } : {}),
        ...(tls.agent ? { agent: tls.agent } : { agent: false }),
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> });
          } catch (error) {
            reject(new Error(`introspection answered non-JSON (${res.statusCode}): ${text.slice(0, 200)}`, { cause: error }));
          }
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export function jwtParts(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  return { header: decodeProtectedHeader(token) as Record<string, unknown>, payload: decodeJwt(token) as Record<string, unknown> };
}
