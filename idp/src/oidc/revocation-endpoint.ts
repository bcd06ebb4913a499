// RFC 7009 revocation of JWT access tokens, which oidc-provider refuses ("structured tokens cannot
// be revoked"). Runs before the provider on POST /token/revocation: JWTs are revoked here by `jti`;
// anything else (refresh tokens) goes on to oidc-provider, which revokes the whole grant.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { IdpConfig } from '../config/idp-config.ts';
import { clientAllowsOrigin } from '../http/cors.ts';
import { formValues, parseForm, sendJson } from '../http/request-body.ts';
import type { AccessTokenChecker } from './access-token-check.ts';
import { looksLikeJwt } from './access-token-check.ts';
import type { TokenRegistry } from './token-registry.ts';

export const REVOCATION_PATH = '/token/revocation';

export function createJwtRevocationHandler(deps: { config: IdpConfig; checker: AccessTokenChecker; registry: TokenRegistry }) {
  const clients = new Map(deps.config.clients.map((c) => [c.metadata.client_id, c]));

  /** Returns true when it answered (the token was a JWT), false to let oidc-provider handle it. */
  return async function handleRevocation(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<boolean> {
    const form = parseForm(body);
    const token = form.get('token');
    if (!token || !looksLikeJwt(token)) return false;
    const clientId = form.get('client_id');
    const client = clientId ? clients.get(clientId) : undefined;
    const origin = req.headers.origin;
    const cors: Record<string, string> =
      origin && client && clientAllowsOrigin(client, origin) ? { 'access-control-allow-origin': origin, vary: 'Origin' } : {};
    // Public clients identify themselves with client_id (RFC 7009 §2.1, RFC 6749 §2.3).
    if (!client || client.metadata['token_endpoint_auth_method'] !== 'none' || formValues(body, 'token').length > 1) {
      sendJson(res, 401, { error: 'invalid_client', error_description: 'Revoke access tokens as the public client that received them (client_id).' }, cors);
      return true;
    }
    const payload = await deps.checker.verifySignature(token);
    // RFC 7009 §2.2: invalid tokens and tokens of other clients still get 200, and nothing happens.
    if (payload && typeof payload.jti === 'string' && payload['client_id'] === clientId) deps.registry.revoke(payload.jti);
    res.writeHead(200, { 'cache-control': 'no-store', 'content-length': 0, ...cors });
    res.end();
    return true;
  };
}
