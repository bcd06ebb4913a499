// A running admin surface for tests: a temporary SQLite directory with an admin and employees,
// the admin handler and the security-event transmitter on one loopback HTTP server. Tokens are
// stand-ins (`token-<username>`); the IdP's real token checks are exercised in the end-to-end tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAdminHandler } from '../../src/admin/admin-handler.ts';
import { openDatabase, type Database } from '@eims/store';
import type { Employee } from '../../src/directory/employee.ts';
import { SqliteDirectory } from '../../src/directory/sqlite-directory.ts';
import { createSecurityEvents, type SecurityEventReceiver, type SecurityEvents } from '../../src/events/security-events.ts';

export const PASSWORD = 'Acme-demo-1';

export interface AdminFixture {
  base: string;
  issuer: string;
  dir: string;
  db: Database;
  directory: SqliteDirectory;
  events: SecurityEvents;
  revoked: string[];
  revokedAt: number[];
  admin: Employee;
  alice: Employee;
  bob: Employee;
  /** Everything the directory holds, with password checks, for "unchanged" comparisons. */
  snapshot(): unknown;
  close(options?: { keepDir?: boolean }): Promise<void>;
}

export interface FixtureOptions {
  dir?: string;
  receivers?: SecurityEventReceiver[];
  retry?: { initialMs: number; maxMs: number };
  log?: (msg: string) => void;
  /** Seed the directory (default true; false when reopening a data dir). */
  seed?: boolean;
  revokeFails?: boolean;
  /** Makes revocation slow, to observe the order of revocation and event delivery. */
  revokeDelayMs?: number;
  holdMs?: number;
}

/** Starts the fixture; `issuer` is the server's own base URL. */
export async function startAdminFixture(options: FixtureOptions = {}): Promise<AdminFixture> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'idp-admin-'));
  const db = openDatabase(join(dir, 'idp.sqlite'));
  const directory = new SqliteDirectory(db);
  if (options.seed !== false) {
    directory.add({ username: 'it-admin', displayName: 'IT Admin', title: 'IT', department: 'IT', e164: null, password: PASSWORD, role: 'admin' });
    directory.add({ username: 'alice', displayName: 'Alice Avery', title: 'Sales Director', department: 'Sales', e164: '+12025550101', password: PASSWORD });
    directory.add({ username: 'bob', displayName: 'Bob Baker', title: 'Support Engineer', department: 'Support', e164: '+12025550102', password: PASSWORD });
  }
  const revoked: string[] = [];
  /** performance.now() when each revocation finished. */
  const revokedAt: number[] = [];
  // The server starts first (its port is the issuer); the handlers are plugged in once built.
  const app: { handler?: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>; events?: SecurityEvents } = {};
  const server: Server = createServer((req, res) => {
    void (async () => {
      if (app.events !== undefined && (await app.events.handler(req, res))) return;
      if (app.handler !== undefined && (await app.handler(req, res))) return;
      res.writeHead(404).end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;
  const events = createSecurityEvents({
    db,
    issuer,
    keysFile: join(dir, 'ssf-signing-key.json'),
    receivers: options.receivers ?? [],
    sipDomain: 'acme.example',
    retry: options.retry ?? { initialMs: 100, maxMs: 400 },
    attemptTimeoutMs: 1000,
    ...(options.holdMs === undefined ? {} : { holdMs: options.holdMs }),
    ...(options.log === undefined ? {} : { log: options.log }),
  });
  app.events = events;
  app.handler = createAdminHandler({
    ...(options.log === undefined ? {} : { log: options.log }),
    directory,
    db,
    issuer,
    securityEvents: events,
    verifyAdminToken: (token) => {
      const m = /^token-(.+)$/.exec(token);
      const e = m?.[1] === undefined ? undefined : directory.findByUsername(m[1]);
      return Promise.resolve(e === undefined ? undefined : { sub: e.id, username: e.username });
    },
    revokeAllForEmployee: async (id) => {
      if (options.revokeDelayMs !== undefined) await new Promise((r) => setTimeout(r, options.revokeDelayMs));
      if (options.revokeFails === true) throw new Error('token store unavailable');
      revoked.push(id);
      revokedAt.push(performance.now());
    },
  });
  events.start();
  const find = (u: string): Employee => {
    const e = directory.findByUsername(u);
    if (e === undefined) throw new Error(`fixture lacks ${u}`);
    return e;
  };
  return {
    base: issuer,
    issuer,
    dir,
    db,
    directory,
    events: events,
    revoked,
    revokedAt,
    admin: options.seed === false ? (undefined as unknown as Employee) : find('it-admin'),
    alice: options.seed === false ? (undefined as unknown as Employee) : find('alice'),
    bob: options.seed === false ? (undefined as unknown as Employee) : find('bob'),
    snapshot() {
      return {
        employees: directory.list().map((e) => ({ ...e, photo: directory.photo(e.id) ?? null })),
        passwordsStillWork: directory.list().map((e) => directory.verifyPassword(e.username, PASSWORD) !== undefined),
        auditRows: db.prepare('SELECT count(*) AS n FROM audit_log').get(),
        outboxRows: db.prepare('SELECT count(*) AS n FROM security_event_outbox').get(),
      };
    },
    async close(closeOptions = {}) {
      await events.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.close();
      if (closeOptions.keepDir !== true) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Calls the admin API as `username` (undefined: no token). */
export async function call(
  f: { base: string },
  method: string,
  path: string,
  options: { as?: string | undefined; body?: unknown; rawBody?: string | Buffer; contentType?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; json: { error?: { code: string; message: string; field?: string } } & Record<string, unknown> }> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.as !== undefined) headers['authorization'] = `Bearer token-${options.as}`;
  let body: string | Buffer | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
  const res = await fetch(`${f.base}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text === '' ? {} : (JSON.parse(text) as never) };
}
