// RFC 7662 introspection on the mutual-TLS listener (IF4, EDS → IdP). The `eds` client
// authenticates with its certificate (RFC 8705 `tls_client_auth`): the TLS layer only accepts
// certificates from the demo CA, and the subject must match the registration. An active access
// token's answer carries the employee data the EDS caches, read from the directory now, so a
// disabled or deleted employee's tokens are inactive at once.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type Provider from 'oidc-provider';
import type { IdpConfig } from '../config/idp-config.ts';
import type { Directory } from '../directory/employee.ts';
import { EMPLOYEE_STATUS } from '../directory/employee.ts';
import { formValues, parseForm, readBody, sendJson } from '../http/request-body.ts';
import type { AccessTokenChecker } from './access-token-check.ts';
import { looksLikeJwt } from './access-token-check.ts';
import { normalizeDn, subjectDn } from './create-provider.ts';
import { employeeClaims } from './employee-claims.ts';
import type { OidcStore } from './sqlite-adapter.ts';

export const INTROSPECTION_PATH = '/token/introspection';

export interface IntrospectionDeps {
  issuer: string;
  provider: Provider;
  config: IdpConfig;
  checker: AccessTokenChecker;
  store: OidcStore;
  directory: Directory;
  now: () => number;
}

export function createIntrospectionHandler(deps: IntrospectionDeps) {
  // Clients allowed to introspect: those registered with tls_client_auth, by subject DN.
  const mtlsClients = deps.config.clients
    .filter((c) => c.metadata['token_endpoint_auth_method'] === 'tls_client_auth' && typeof c.metadata['tls_client_auth_subject_dn'] === 'string')
    .map((c) => ({ clientId: c.metadata.client_id, subject: normalizeDn(String(c.metadata['tls_client_auth_subject_dn'])) }));

  return async function handleIntrospection(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://idp.invalid');
    if (url.pathname !== INTROSPECTION_PATH) {
      sendJson(res, 404, { error: 'not_found', error_description: `Only ${INTROSPECTION_PATH} is served on this listener.` });
      return;
    }
    if (req.method !== 'POST') {
      sendJson(res, 405, { error: 'invalid_request', error_description: 'Use POST (RFC 7662 §2.1).' }, { allow: 'POST' });
      return;
    }
    const socket = req.socket as TLSSocket;
    const peer = socket.authorized ? socket.getPeerCertificate(false) : undefined;
    const subject = peer?.subject ? subjectDn(peer.subject as unknown as Record<string, string>) : undefined;
    const client = subject ? mtlsClients.find((c) => c.subject === subject) : undefined;
    if (!client) {
      sendJson(res, 401, { error: 'invalid_client', error_description: 'A registered client certificate is required (RFC 8705 tls_client_auth).' });
      return;
    }
    const body = await readBody(req);
    if (!body.ok) {
      if (body.error === 'too-large') sendJson(res, 413, { error: 'invalid_request', error_description: 'The request body is larger than 64 KiB.' });
      else res.destroy();
      return;
    }
    if (!String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      sendJson(res, 400, { error: 'invalid_request', error_description: 'Send the token as application/x-www-form-urlencoded (RFC 7662 §2.1).' });
      return;
    }
    const form = parseForm(body.body);
    const claimedClient = form.get('client_id');
    if (claimedClient !== undefined && claimedClient !== client.clientId) {
      sendJson(res, 401, { error: 'invalid_client', error_description: 'client_id does not match the client certificate.' });
      return;
    }
    const token = form.get('token');
    if (!token || formValues(body.body, 'token').length > 1) {
      sendJson(res, 400, { error: 'invalid_request', error_description: 'Exactly one "token" parameter is required (RFC 7662 §2.1).' });
      return;
    }
    sendJson(res, 200, await introspect(deps, token));
  };
}

async function introspect(deps: IntrospectionDeps, token: string): Promise<Record<string, unknown>> {
  if (looksLikeJwt(token)) {
    const result = await deps.checker.check(token);
    if (!result.active) return { active: false };
    const { payload, employee } = result;
    return {
      active: true,
      iss: payload.iss,
      sub: payload.sub,
      aud: payload.aud,
      client_id: payload.client_id,
      scope: payload.scope,
      exp: payload.exp,
      iat: payload.iat,
      jti: payload.jti,
      token_type: 'Bearer',
      username: employee.username,
      ...employeeClaims(employee, deps.config.enterprise, deps.issuer),
    };
  }
  // Opaque tokens: refresh tokens (and any opaque access token) are stored by oidc-provider.
  const refresh = await deps.provider.RefreshToken.find(token).catch(() => undefined);
  if (!refresh || !refresh.isValid || (refresh.grantId && !deps.store.grantAlive(refresh.grantId))) return { active: false };
  const employee = refresh.accountId ? deps.directory.get(refresh.accountId) : undefined;
  if (!employee || employee.status !== EMPLOYEE_STATUS.active) return { active: false };
  return {
    active: true,
    iss: deps.issuer,
    sub: employee.id,
    client_id: refresh.clientId,
    scope: refresh.scope,
    exp: refresh.exp,
    iat: refresh.iat,
    token_type: 'refresh_token',
    username: employee.username,
  };
}
