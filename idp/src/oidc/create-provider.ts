// The oidc-provider 9 instance of the IdP: clients and resource servers from configuration,
// SQLite persistence, the directory as the account store, ES256 JWT access tokens for the
// resources (RFC 8707, RFC 9068), PKCE for public clients, refresh-token rotation.
import { X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import Provider, { errors, type Configuration, type KoaContextWithOIDC, type UnknownObject } from 'oidc-provider';
import type { IdpConfig, ResourceServerConfig } from '../config/idp-config.ts';
import type { Directory } from '../directory/employee.ts';
import { EMPLOYEE_STATUS } from '../directory/employee.ts';
import { clientAllowsOrigin } from '../http/cors.ts';
import { employeeClaims } from './employee-claims.ts';
import type { ProviderKeys } from './provider-keys.ts';
import type { OidcStore } from './sqlite-adapter.ts';
import type { TokenRegistry } from './token-registry.ts';
import { renderProviderError, renderLogoutForm, renderLogoutDone } from '../pages/provider-pages.ts';

export interface ProviderOptions {
  issuer: string;
  config: IdpConfig;
  directory: Directory;
  keys: ProviderKeys;
  store: OidcStore;
  registry: TokenRegistry;
  accessTokenTtl: number;
  refreshTokenTtl: number;
  introspectionEndpoint: string;
}

const SESSION_TTL = 14 * 24 * 3600;

export function createProvider(options: ProviderOptions): Provider {
  const { issuer, config, directory, registry } = options;
  const resourceByIndicator = new Map(config.resources.map((r) => [r.indicator, r]));
  const clientById = new Map(config.clients.map((c) => [c.metadata.client_id, c]));

  const resourceInfo = (resource: ResourceServerConfig) => ({
    scope: resource.scope,
    audience: resource.indicator,
    accessTokenTTL: options.accessTokenTtl,
    accessTokenFormat: 'jwt' as const,
    jwt: { sign: { alg: 'ES256' as const } },
  });

  const configuration: Configuration = {
    adapter: options.store.adapterClass(),
    clients: config.clients.map((c) => c.metadata),
    jwks: { keys: options.keys.signing as NonNullable<Configuration['jwks']>['keys'] },
    cookies: {
      keys: options.keys.cookieKeys,
      long: { signed: true, httpOnly: true, sameSite: 'lax' },
      short: { signed: true, httpOnly: true, sameSite: 'lax' },
    },
    async findAccount(_ctx, sub) {
      const employee = directory.get(sub);
      if (!employee || employee.status !== EMPLOYEE_STATUS.active) return undefined;
      return {
        accountId: employee.id,
        async claims() {
          const claims = employeeClaims(employee, config.enterprise, issuer);
          return {
            sub: employee.id,
            name: claims.name,
            preferred_username: claims.preferred_username,
            ...(claims.picture ? { picture: claims.picture } : {}),
            ...(claims.phone_number ? { phone_number: claims.phone_number, phone_number_verified: true } : {}),
            updated_at: Math.floor(employee.updatedAt / 1000),
          };
        },
      };
    },
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username', 'picture', 'updated_at'],
      phone: ['phone_number', 'phone_number_verified'],
    },
    scopes: ['openid', 'offline_access', 'profile', 'phone', ...config.resources.map((r) => r.scope)],
    conformIdTokenClaims: false,
    enabledJWA: {
      idTokenSigningAlgValues: ['ES256'],
    },
    clientDefaults: {
      id_token_signed_response_alg: 'ES256',
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    },
    clientAuthMethods: ['none', 'tls_client_auth'],
    responseTypes: ['code'],
    interactions: {
      url: (_ctx, interaction) => `/interaction/${interaction.uid}`,
    },
    features: {
      devInteractions: { enabled: false },
      introspection: { enabled: false },
      revocation: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.body = renderLogoutForm(config.enterprise.name, form);
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.body = renderLogoutDone(config.enterprise.name);
        },
      },
      mTLS: {
        enabled: true,
        tlsClientAuth: true,
        getCertificate(ctx) {
          const socket = ctx.socket as Partial<TLSSocket>;
          const peer = socket.getPeerCertificate?.(false);
          return peer?.raw ? new X509Certificate(peer.raw) : undefined;
        },
        certificateAuthorized(ctx) {
          return (ctx.socket as Partial<TLSSocket>).authorized === true;
        },
        certificateSubjectMatches(ctx, property, expected) {
          if (property !== 'tls_client_auth_subject_dn') return false;
          const socket = ctx.socket as Partial<TLSSocket>;
          const subject = socket.getPeerCertificate?.(false)?.subject;
          return subject !== undefined && subjectDn(subject) === normalizeDn(expected);
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: async (_ctx, client) => (client ? clientById.get(client.clientId)?.defaultResource : undefined) ?? undefined!,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx, resourceIndicator) => {
          const resource = resourceByIndicator.get(resourceIndicator);
          if (!resource) {
            throw new errors.InvalidTarget(`unknown resource ${resourceIndicator}; this IdP issues tokens for ${[...resourceByIndicator.keys()].join(', ')}`);
          }
          return resourceInfo(resource);
        },
      },
    },
    discovery: {
      introspection_endpoint: options.introspectionEndpoint,
      introspection_endpoint_auth_methods_supported: ['tls_client_auth'],
      mtls_endpoint_aliases: { introspection_endpoint: options.introspectionEndpoint },
    },
    async extraTokenClaims(_ctx, token) {
      if (token.kind !== 'AccessToken' || !token.accountId) return undefined;
      const audience = (token as unknown as { resourceServer?: { audience?: string } }).resourceServer?.audience;
      const resource = audience ? resourceByIndicator.get(audience) : undefined;
      const employee = directory.get(token.accountId);
      if (!resource || !employee) return undefined;
      switch (resource.claims) {
        case 'employee':
          return { ...employeeClaims(employee, config.enterprise, issuer) } as unknown as UnknownObject;
        case 'admin':
          return { role: employee.role, preferred_username: employee.username };
      }
    },
    formats: {
      customizers: {
        // oidc-provider does not store JWT access tokens; record them for revocation/introspection.
        async jwt(_ctx, token, structured) {
          const payload = structured.payload as { jti?: string; exp?: number; client_id?: string };
          if (token.kind === 'AccessToken' && payload.jti && payload.exp && payload.client_id) {
            registry.record({
              jti: payload.jti,
              grantId: token.grantId,
              accountId: token.accountId,
              clientId: payload.client_id,
              exp: payload.exp,
            });
          }
        },
      },
    },
    pkce: { required: () => true },
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    expiresWithSession: async () => false,
    allowOmittingSingleRegisteredRedirectUri: false,
    clientBasedCORS(_ctx, origin, client) {
      const registration = clientById.get(client.clientId);
      return registration !== undefined && clientAllowsOrigin(registration, origin);
    },
    ttl: {
      AccessToken: options.accessTokenTtl,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 3600,
      Session: SESSION_TTL,
      Grant: options.refreshTokenTtl,
      RefreshToken: options.refreshTokenTtl,
    },
    renderError: async (ctx: KoaContextWithOIDC, out, error) => {
      ctx.type = 'html';
      ctx.body = renderProviderError(config.enterprise.name, out, error);
    },
  };

  const provider = new Provider(issuer, configuration);
  provider.proxy = false;
  return provider;
}

/** `CN=eds, O=Acme Corp` in a canonical form for comparison. */
export function normalizeDn(dn: string): string {
  return dn
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [key, ...rest] = part.split('=');
      return `${(key ?? '').trim().toUpperCase()}=${rest.join('=').trim()}`;
    })
    .sort()
    .join(',');
}

/** The subject of a Node peer certificate (`{ CN: 'eds', O: 'Acme Corp' }`) in the same form. */
export function subjectDn(subject: Record<string, string | string[] | undefined>): string {
  return normalizeDn(
    Object.entries(subject)
      .flatMap(([key, value]) => (Array.isArray(value) ? value : value === undefined ? [] : [value]).map((v) => `${key}=${v}`))
      .join(','),
  );
}
