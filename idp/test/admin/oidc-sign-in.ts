// Test helpers that act as an OIDC client over real HTTP: the authorization-code flow with PKCE
// (posting the IdP's sign-in form, as a person would) and RFC 7662 introspection over mutual TLS.
import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:https';

export interface SignInOptions {
  issuer: string;
  clientId: string;
  redirectUri: string;
  resource: string;
  scope: string;
  username: string;
  password: string;
}

export interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in: number;
  id_token?: string;
  refresh_token?: string;
}

/** Runs the whole authorization-code + PKCE flow and returns the token response. */
export async function signInWithCode(o: SignInOptions): Promise<TokenResponse> {
  const discovery = (await (await fetch(`${o.issuer}/.well-known/openid-configuration`)).json()) as { authorization_endpoint: string; token_endpoint: string };
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const state = randomBytes(16).toString('base64url');
  const authorize = new URL(discovery.authorization_endpoint);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: o.clientId,
    redirect_uri: o.redirectUri,
    scope: o.scope,
    resource: o.resource,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
  }).toString();

  const cookies = new Map<string, string>();
  let next: { url: string; method: 'GET' | 'POST'; body?: URLSearchParams } = { url: authorize.toString(), method: 'GET' };
  for (let hop = 0; hop < 15; hop += 1) {
    const res = await fetch(next.url, {
      method: next.method,
      redirect: 'manual',
      headers: {
        cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(next.body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
      },
      ...(next.body === undefined ? {} : { body: next.body }),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (pair === undefined || eq < 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(c)) cookies.delete(name);
      else cookies.set(name, value);
    }
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location !== null) {
      const target = new URL(location, next.url);
      if (target.toString().startsWith(o.redirectUri)) {
        const code = target.searchParams.get('code');
        if (target.searchParams.get('state') !== state || code === null) {
          throw new Error(`authorization failed: ${target.searchParams.get('error') ?? 'no code'} ${target.searchParams.get('error_description') ?? ''}`);
        }
        return exchange(discovery.token_endpoint, o, code, verifier);
      }
      next = { url: target.toString(), method: 'GET' };
      continue;
    }
    const html = await res.text();
    const action = /<form method="post" action="([^"]+\/login)"/.exec(html)?.[1];
    if (res.status === 200 && action !== undefined && next.method === 'GET') {
      next = { url: new URL(action.replace(/&amp;/g, '&'), next.url).toString(), method: 'POST', body: new URLSearchParams({ username: o.username, password: o.password }) };
      continue;
    }
    throw new Error(`sign-in stopped at ${next.method} ${next.url}: HTTP ${res.status} ${html.slice(0, 300)}`);
  }
  throw new Error('sign-in did not finish within 15 hops');
}

async function exchange(tokenEndpoint: string, o: SignInOptions, code: string, verifier: string): Promise<TokenResponse> {
  const res = await fetch(tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: o.redirectUri, client_id: o.clientId, code_verifier: verifier, resource: o.resource }),
  });
  const json = (await res.json()) as TokenResponse & { error?: string; error_description?: string };
  if (!res.ok) throw new Error(`token endpoint: ${json.error ?? res.status} ${json.error_description ?? ''}`);
  return json;
}

/** RFC 7662 introspection as the EDS does it: mutual TLS with its client certificate. */
export function introspect(url: string, token: string, tls: { caCertPem: string; edsCertPem: string; edsKeyPem: string }): Promise<Record<string, unknown>> {
  const body = new URLSearchParams({ token, client_id: 'eds' }).toString();
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', ca: tls.caCertPem, cert: tls.edsCertPem, key: tls.edsKeyPem, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), accept: 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200) reject(new Error(`introspection HTTP ${res.statusCode ?? 0}: ${text}`));
          else resolve(JSON.parse(text) as Record<string, unknown>);
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
