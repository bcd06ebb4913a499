// Starts the enterprise IdP: the directory and OIDC state in one SQLite database, the browser and
// OAuth listener on the issuer port (loopback), and the mutual-TLS introspection listener (IF4).
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type Provider from 'oidc-provider';
import { createAdminHandler } from './admin/admin-handler.ts';
import { loadIdpConfig, type IdpConfig } from './config/idp-config.ts';
import { openDatabase, type Database } from '@eims/store';
import { DEFAULT_DEMO_PASSWORD, seedDemoDirectory } from './demo/demo-data.ts';
import { createDirectorySearchHandler } from './directory/directory-search-handler.ts';
import type { Employee } from './directory/employee.ts';
import { SqliteDirectory } from './directory/sqlite-directory.ts';
import { createSecurityEvents, type SecurityEventReceiver, type SecurityEvents } from './events/security-events.ts';
import { readBody, sendHtml, sendJson } from './http/request-body.ts';
import { AccessTokenChecker } from './oidc/access-token-check.ts';
import { createProvider } from './oidc/create-provider.ts';
import { createIntrospectionHandler, INTROSPECTION_PATH } from './oidc/introspection-endpoint.ts';
import { ensureProviderKeys } from './oidc/provider-keys.ts';
import { createJwtRevocationHandler, REVOCATION_PATH } from './oidc/revocation-endpoint.ts';
import { OidcStore } from './oidc/sqlite-adapter.ts';
import { TokenRegistry } from './oidc/token-registry.ts';
import { createAccountHandler } from './pages/account-handler.ts';
import { createInteractionHandler } from './pages/interaction-handler.ts';
import { DEFAULT_BACKOFF, LoginBackoff, type BackoffPolicy } from './pages/login-backoff.ts';
import { messagePage } from './pages/sign-in-pages.ts';
import { ensureTlsMaterial, type TlsMaterial } from './tls/tls-material.ts';

export interface IdpOptions {
  /** Folder for the database, keys and TLS files (created if missing). */
  dataDir: string;
  /** Loopback address to bind (default 127.0.0.1; with 127.0.0.1, ::1 is bound too when available). */
  host?: string;
  /** Issuer port (default 4400; 0 picks a free one). */
  port?: number;
  /** Introspection (mutual TLS) port (default 4401; 0 picks a free one). */
  mtlsPort?: number;
  /** Default `http://localhost:<port>`. */
  issuer?: string;
  /** Access token lifetime in seconds (default 600). */
  accessTokenTtl?: number;
  /** Refresh token (and grant) lifetime in seconds (default 14 days). */
  refreshTokenTtl?: number;
  /** Password of the demo accounts seeded on first start (default `Acme-demo-1`). */
  demoPassword?: string;
  /** Security event (SET) receivers. */
  receivers?: SecurityEventReceiver[];
  /** Failed sign-in back-off (tests shorten it). */
  backoff?: BackoffPolicy;
  /** Folder with clients.json, resources.json and enterprise.json (default idp/config). */
  configDir?: string;
  log?: (message: string) => void;
  now?: () => number;
}

export interface RunningIdp {
  issuer: string;
  httpUrl: string;
  introspectionUrl: string;
  tls: TlsMaterial;
  directory: SqliteDirectory;
  db: Database;
  provider: Provider;
  config: IdpConfig;
  securityEvents: SecurityEvents;
  /** Any valid, unrevoked access token for `<issuer>/admin` of an active employee. */
  verifyAdminToken(token: string): Promise<{ sub: string; username: string } | undefined>;
  /** Destroys every session, grant, code and token of an employee. */
  revokeAllForEmployee(employeeId: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * @example
 * const idp = await startIdp({ dataDir: '.data/idp', port: 0, mtlsPort: 0 });
 * console.log(idp.issuer, idp.introspectionUrl);
 * await idp.close();
 */
export async function startIdp(options: IdpOptions): Promise<RunningIdp> {
  const now = options.now ?? Date.now;
  const log = options.log ?? ((m: string) => console.log(m));
  const host = options.host ?? '127.0.0.1';
  mkdirSync(options.dataDir, { recursive: true });

  const db = openDatabase(join(options.dataDir, 'idp.sqlite'));
  const directory = new SqliteDirectory(db, { now });
  if (seedDemoDirectory(directory, options.demoPassword ?? DEFAULT_DEMO_PASSWORD)) log('Seeded the demo directory (Acme Corp).');
  const tls = await ensureTlsMaterial(options.dataDir);
  const keys = await ensureProviderKeys(options.dataDir);
  const registry = new TokenRegistry(db, now);
  const store = new OidcStore(db, registry, now);
  const backoff = new LoginBackoff(db, options.backoff ?? DEFAULT_BACKOFF);

  // Listen first, so port 0 resolves before the issuer (which names the port) is built.
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.writeHead(503, { 'retry-after': '1' }).end('starting');
  };
  const servers: (Server | HttpsServer)[] = [];
  const primary = createServer((req, res) => handle(req, res));
  servers.push(primary);
  const port = await listen(primary, options.port ?? 4400, host);
  if (host === '127.0.0.1') {
    const v6 = createServer((req, res) => handle(req, res));
    try {
      await listen(v6, port, '::1');
      servers.push(v6);
    } catch (error) {
      log(`IPv6 loopback not available (${(error as Error).message}); serving 127.0.0.1 only.`);
    }
  }
  let handleMtls: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.writeHead(503).end();
  };
  const mtlsOptions = {
      key: tls.serverKeyPem,
      cert: tls.serverCertPem,
      ca: tls.caCertPem,
      // RFC 8705 §2.1: the client certificate is required and must chain to the demo CA;
      // connections without one, or with one from another CA, fail in the TLS handshake.
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
      keepAliveTimeout: 30_000,
  } as const;
  const mtls = createHttpsServer(mtlsOptions, (req, res) => handleMtls(req, res));
  servers.push(mtls);
  const mtlsPort = await listen(mtls, options.mtlsPort ?? 4401, host);
  if (host === '127.0.0.1') {
    // `https://localhost:<port>` may resolve to ::1 first; serve it there too.
    const mtlsV6 = createHttpsServer(mtlsOptions, (req, res) => handleMtls(req, res));
    try {
      await listen(mtlsV6, mtlsPort, '::1');
      servers.push(mtlsV6);
    } catch (error) {
      log(`IPv6 loopback not available for introspection (${(error as Error).message}).`);
    }
  }

  const httpUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const issuer = (options.issuer ?? `http://localhost:${port}`).replace(/\/+$/, '');
  const introspectionUrl = `https://localhost:${mtlsPort}${INTROSPECTION_PATH}`;
  const config = loadIdpConfig(issuer, options.configDir);

  const provider = createProvider({
    issuer,
    config,
    directory,
    keys,
    store,
    registry,
    accessTokenTtl: options.accessTokenTtl ?? 600,
    refreshTokenTtl: options.refreshTokenTtl ?? 14 * 24 * 3600,
    introspectionEndpoint: introspectionUrl,
  });
  provider.on('server_error', (_ctx, error) => log(`oidc-provider error: ${error.stack ?? error.message}`));

  const checker = new AccessTokenChecker({ issuer, publicJwks: keys.publicJwks, registry, store, directory, now });
  const securityEvents = createSecurityEvents({
    db,
    issuer,
    keysFile: join(options.dataDir, 'keys', 'ssf-signing-key.json'),
    receivers: options.receivers ?? [],
    sipDomain: config.enterprise.domain,
    log,
    now,
  });
  const revokeAllForEmployee = async (employeeId: string): Promise<void> => {
    store.destroyAccount(employeeId);
  };
  const verifyAdminToken = async (token: string): Promise<{ sub: string; username: string } | undefined> => {
    const result = await checker.check(token, `${issuer}/admin`);
    return result.active ? { sub: result.employee.id, username: result.employee.username } : undefined;
  };

  const admin = createAdminHandler({ directory, db, issuer, verifyAdminToken, revokeAllForEmployee, securityEvents, now, log });
  const interactions = createInteractionHandler({ provider, directory, backoff, config, ticketKey: randomBytes(32), now });
  const account = createAccountHandler({
    company: config.enterprise.name,
    directory,
    backoff,
    now,
    async signOutEverywhere(employee: Employee) {
      await revokeAllForEmployee(employee.id);
      securityEvents.sessionsRevoked(employee, 'user');
    },
  });
  const revokeJwt = createJwtRevocationHandler({ config, checker, registry });
  const introspection = createIntrospectionHandler({ issuer, provider, config, checker, store, directory, now });
  const directorySearch = createDirectorySearchHandler({ issuer, config, directory, checkToken: (token) => checker.check(token) });
  const providerCallback = provider.callback();
  const company = config.enterprise.name;

  handle = (req, res) => {
    void dispatch(req, res).catch((error: unknown) => {
      log(`IdP request ${req.method ?? ''} ${req.url ?? ''} failed: ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent) sendHtml(res, 500, messagePage({ company, title: 'Server error', message: 'The sign-in service hit an internal error. Try again.', alert: true }));
      else res.destroy();
    });
  };
  handleMtls = (req, res) => {
    void introspection(req, res).catch((error: unknown) => {
      log(`introspection failed: ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent) sendJson(res, 500, { error: 'server_error', error_description: 'Introspection failed; see the IdP log.' });
      else res.destroy();
    });
  };

  async function dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // The admin and security-event modules read their own (capped) bodies, so they go first.
    if (await admin(req, res)) return;
    if (await securityEvents.handler(req, res)) return;
    const path = new URL(req.url ?? '/', 'http://idp.invalid').pathname;
    if (path.startsWith('/directory/photos/') && (req.method === 'GET' || req.method === 'HEAD')) {
      servePhoto(res, path.slice('/directory/photos/'.length));
      return;
    }
    if (await directorySearch(req, res)) return;
    let body: Buffer | undefined;
    if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS') {
      const read = await readBody(req);
      if (!read.ok) {
        if (read.error === 'aborted') return void res.destroy();
        const message = 'The request body is larger than 64 KiB.';
        if (path.startsWith('/interaction/') || path === '/account') {
          sendHtml(res, 413, messagePage({ company, title: 'Request too large', message, alert: true }), { connection: 'close' });
        } else {
          sendJson(res, 413, { error: 'invalid_request', error_description: message }, { connection: 'close' });
        }
        return;
      }
      body = read.body;
      // oidc-provider takes an already-read body from req.body.
      (req as IncomingMessage & { body?: Buffer }).body = body;
    }
    if (await account(req, res, body)) return;
    if (await interactions(req, res, body)) return;
    if (path === REVOCATION_PATH && req.method === 'POST' && body && (await revokeJwt(req, res, body))) return;
    providerCallback(req, res);
  }

  function servePhoto(res: ServerResponse, id: string): void {
    const photo = /^[0-9a-f-]{36}$/.test(id) ? directory.photo(id) : undefined;
    if (!photo) {
      sendJson(res, 404, { error: 'not_found', error_description: 'No photo for this employee.' });
      return;
    }
    res.writeHead(200, {
      'content-type': photo.contentType,
      'content-length': photo.data.byteLength,
      'cache-control': 'public, max-age=300',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
      'cross-origin-resource-policy': 'cross-origin',
    });
    res.end(Buffer.from(photo.data));
  }

  const pruneTimer = setInterval(() => {
    store.prune();
    backoff.prune(now());
  }, 60_000);
  pruneTimer.unref();
  securityEvents.start();

  let closed: Promise<void> | undefined;
  return {
    issuer,
    httpUrl,
    introspectionUrl,
    tls,
    directory,
    db,
    provider,
    config,
    securityEvents,
    verifyAdminToken,
    revokeAllForEmployee,
    close() {
      closed ??= (async () => {
        clearInterval(pruneTimer);
        await Promise.all(
          servers.map(
            (server) =>
              new Promise<void>((resolve) => {
                server.close(() => resolve());
                server.closeAllConnections();
              }),
          ),
        );
        await securityEvents.close();
        db.close();
      })();
      return closed;
    },
  };
}

function listen(server: Server | HttpsServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
