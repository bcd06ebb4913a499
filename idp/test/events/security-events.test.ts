// Security events (issue 2, item 8): disabling or deleting an employee pushes a signed SET
// (RFC 8417, SSF/CAEP/RISC 1.0) by HTTP (RFC 8935) to each receiver, which verifies it with the
// keys the IdP publishes; deliveries survive a receiver outage and an IdP restart.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '@eims/store';
import { createSecurityEvents } from '../../src/events/security-events.ts';
import { median, report } from '../../../test/support/bench.ts';
import { call, startAdminFixture, type AdminFixture } from '../admin/admin-fixture.ts';
import { freePort, startSetReceiver, type SetReceiver } from './set-receiver.ts';

const ACCOUNT_DISABLED = 'https://schemas.openid.net/secevent/risc/event-type/account-disabled';
const ACCOUNT_PURGED = 'https://schemas.openid.net/secevent/risc/event-type/account-purged';
const SESSION_REVOKED = 'https://schemas.openid.net/secevent/caep/event-type/session-revoked';
const AUDIENCE = 'https://eds.carrier.example/ssf';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function fixtureWithReceiverAt(port: number, options: { dir?: string; seed?: boolean; holdMs?: number; revokeDelayMs?: number; revokeFails?: boolean } = {}): Promise<AdminFixture> {
  const f = await startAdminFixture({ receivers: [{ url: `http://127.0.0.1:${port}/ssf/push`, audience: AUDIENCE }], ...options });
  return f;
}

async function receiverFor(f: AdminFixture, port?: number): Promise<SetReceiver> {
  const r = await startSetReceiver({ issuer: f.issuer, jwksUrl: `${f.issuer}/ssf/jwks.json`, audience: AUDIENCE, ...(port === undefined ? {} : { port }) });
  cleanups.push(() => r.close());
  return r;
}

describe('the transmitter publishes its metadata and keys (SSF 1.0 §7)', () => {
  it('GET /.well-known/ssf-configuration names the issuer, the JWKS and RFC 8935 push', async () => {
    const f = await startAdminFixture();
    cleanups.push(() => f.close());
    const meta = (await (await fetch(`${f.issuer}/.well-known/ssf-configuration`)).json()) as Record<string, unknown>;
    expect(meta).toMatchObject({ issuer: f.issuer, jwks_uri: `${f.issuer}/ssf/jwks.json`, delivery_methods_supported: ['urn:ietf:rfc:8935'] });
    const jwks = (await (await fetch(`${f.issuer}/ssf/jwks.json`)).json()) as { keys: Array<Record<string, unknown>> };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(jwks.keys[0]?.['kid']).toEqual(expect.any(String));
    expect(jwks.keys[0]?.['d']).toBeUndefined();
  });
});

describe('the signing key is kept across restarts', () => {
  it('is created once with mode 0600, and a damaged keys file stops the start with ERR_IDP_SET_KEYS_FILE', () => {
    const dir = mkdtempSync(join(tmpdir(), 'idp-ssf-key-'));
    const db = openDatabase(':memory:');
    try {
      const keysFile = join(dir, 'keys', 'ssf.json');
      createSecurityEvents({ db, issuer: 'http://idp.test', keysFile, receivers: [] });
      expect(statSync(keysFile).mode & 0o777).toBe(0o600);
      writeFileSync(keysFile, '{"kty":"RSA"}');
      expect(() => createSecurityEvents({ db, issuer: 'http://idp.test', keysFile, receivers: [] })).toThrow(
        expect.objectContaining({ code: 'ERR_IDP_SET_KEYS_FILE', message: expect.stringContaining('remove it to have a new key created') }),
      );
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('disabling an employee delivers a verified SET within one second', () => {
  it('the receiver verifies RISC account-disabled for bob with the published keys (RFC 8417, RFC 8935)', async () => {
    const port = await freePort();
    const f = await fixtureWithReceiverAt(port);
    cleanups.push(() => f.close());
    const receiver = await receiverFor(f, port);

    const started = performance.now();
    const r = await call(f, 'POST', `/api/admin/employees/${f.bob.id}/disable`, { as: 'it-admin' });
    expect(r.status).toBe(200);
    const [set] = await receiver.waitFor(1, 1000);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(1000);

    expect(set?.contentType).toBe('application/secevent+jwt');
    expect(set?.header).toMatchObject({ alg: 'ES256', typ: 'secevent+jwt' });
    const claims = set?.claims ?? {};
    expect(claims).toMatchObject({ iss: f.issuer, aud: AUDIENCE });
    expect(claims['jti']).toEqual(expect.any(String));
    expect(claims['iat']).toEqual(expect.any(Number));
    // SSF 1.0: the subject is in sub_id; `sub` and `exp` must not appear.
    expect(claims).not.toHaveProperty('sub');
    expect(claims).not.toHaveProperty('exp');
    expect(claims['sub_id']).toEqual({
      format: 'aliases',
      identifiers: [
        { format: 'iss_sub', iss: f.issuer, sub: f.bob.id },
        { format: 'uri', uri: 'sip:bob@acme.example' },
        { format: 'phone_number', phone_number: '+12025550102' },
      ],
    });
    expect(Object.keys(claims['events'] as object)).toEqual([ACCOUNT_DISABLED]);
    expect(receiver.refused).toEqual([]);
    await waitUntil(() => f.events.deliveries()[0]?.status === 'delivered', 1000);
    expect(f.events.deliveries()[0]).toMatchObject({ status: 'delivered', attempts: 1 });
  });

  it('over repeated disable/enable cycles the median time from the admin request to a verified SET stays far below 1 s', async () => {
    const port = await freePort();
    const f = await fixtureWithReceiverAt(port);
    cleanups.push(() => f.close());
    const receiver = await receiverFor(f, port);
    const toReceiver: number[] = [];
    const apiOnly: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      const t0 = performance.now();
      await call(f, 'POST', `/api/admin/employees/${f.bob.id}/disable`, { as: 'it-admin' });
      const t1 = performance.now();
      await receiver.waitFor(i + 1, 1000);
      toReceiver.push(performance.now() - t0);
      apiOnly.push(t1 - t0);
      await call(f, 'POST', `/api/admin/employees/${f.bob.id}/enable`, { as: 'it-admin' });
    }
    const value = median(toReceiver);
    expect(value).toBeLessThan(1000);
    report({ name: 'idp.set.disable-to-verified-set', unit: 'ms', value, baseline: { name: 'idp.admin.disable-response', value: median(apiOnly) } });
  });

  it('deleting an employee sends account-disabled, then account-purged', async () => {
    const port = await freePort();
    const f = await fixtureWithReceiverAt(port);
    cleanups.push(() => f.close());
    const receiver = await receiverFor(f, port);
    expect((await call(f, 'DELETE', `/api/admin/employees/${f.alice.id}`, { as: 'it-admin' })).status).toBe(204);
    const sets = await receiver.waitFor(2, 1000);
    expect(sets.map((s) => Object.keys(s.claims['events'] as object)[0])).toEqual([ACCOUNT_DISABLED, ACCOUNT_PURGED]);
    expect(sets.every((s) => (s.claims['sub_id'] as { identifiers: Array<{ sub?: string }> }).identifiers[0]?.sub === f.alice.id)).toBe(true);
  });

  it('"signed out everywhere" sends CAEP session-revoked with the initiating entity', async () => {
    const port = await freePort();
    const f = await fixtureWithReceiverAt(port);
    cleanups.push(() => f.close());
    const receiver = await receiverFor(f, port);
    f.events.sessionsRevoked(f.bob, 'user');
    const [set] = await receiver.waitFor(1, 1000);
    const payload = (set?.claims['events'] as Record<string, Record<string, unknown>>)[SESSION_REVOKED];
    expect(payload).toMatchObject({ initiating_entity: 'user', event_timestamp: expect.any(Number) });
  });
});

describe('events commit with the change and go out after the tokens are revoked', () => {
  it('the SET of a disable reaches the receiver only after revocation finished', async () => {
    const port = await freePort();
    const f = await fixtureWithReceiverAt(port, { revokeDelayMs: 300 });
    cleanups.push(() => f.close());
    const receiver = await receiverFor(f, port);
    await call(f, 'POST', `/api/admin/employees/${f.bob.id}/disable`, { as: 'it-admin' });
    const [set] = await receiver.waitFor(1, 2000);
    expect(f.revokedAt).toHaveLength(1);
    expect(set?.receivedAt).toBeGreaterThanOrEqual(f.revokedAt[0] ?? Infinity);
  });

  it('when revocation fails the admin gets a clear 500, the employee stays disabled and the SET is still sent', async () => {
    const port = await freePort();
    const f = await fixtureWithReceiverAt(port, { revokeFails: true });
    cleanups.push(() => f.close());
    const receiver = await receiverFor(f, port);
    const r = await call(f, 'POST', `/api/admin/employees/${f.bob.id}/disable`, { as: 'it-admin' });
    expect(r.status).toBe(500);
    expect(r.json.error).toMatchObject({ code: 'ERR_IDP_ADMIN_REVOKE_FAILED', message: expect.stringContaining('bob is disabled') });
    expect(f.directory.get(f.bob.id)?.status).toBe('disabled');
    await receiver.waitFor(1, 1000);
  });

  it('if the IdP dies between the change and the revocation, the held events still go out after the restart', async () => {
    const port = await freePort();
    const first = await fixtureWithReceiverAt(port, { holdMs: 400 });
    const watching = await startSetReceiver({ issuer: first.issuer, jwksUrl: `${first.issuer}/ssf/jwks.json`, audience: AUDIENCE, port });
    const bob = first.bob;
    // The change and its events commit together; release() never comes (the process "dies").
    first.db.transaction(() => {
      first.events.hold('disabled', first.directory.setStatus(bob.id, 'disabled'));
    })();
    await new Promise((r) => setTimeout(r, 150));
    expect(watching.received).toHaveLength(0);
    await watching.close();
    await first.close({ keepDir: true });

    const second = await fixtureWithReceiverAt(port, { dir: first.dir, seed: false, holdMs: 400 });
    cleanups.push(() => second.close());
    // The restarted IdP listens on another port; its JWKS holds the same key.
    const receiver = await startSetReceiver({ issuer: first.issuer, jwksUrl: `${second.issuer}/ssf/jwks.json`, audience: AUDIENCE, port });
    cleanups.push(() => receiver.close());
    const [set] = await receiver.waitFor(1, 2000);
    expect((set?.claims['sub_id'] as { identifiers: Array<{ sub?: string }> }).identifiers[0]?.sub).toBe(bob.id);
  });

  it('a change that rolls back takes its held events with it', async () => {
    const f = await startAdminFixture({ receivers: [{ url: 'http://127.0.0.1:9/push', audience: AUDIENCE }] });
    cleanups.push(() => f.close());
    expect(() =>
      f.db.transaction(() => {
        f.events.hold('disabled', f.directory.setStatus(f.bob.id, 'disabled'));
        throw new Error('something later in the transaction failed');
      })(),
    ).toThrow('something later');
    expect(f.events.deliveries()).toEqual([]);
    expect(f.directory.get(f.bob.id)?.status).toBe('active');
  });
});

describe('no SET is lost when the receiver is down', () => {
  it('a SET queued while the receiver is down is delivered once it comes back', async () => {
    const port = await freePort();
    const f = await fixtureWithReceiverAt(port);
    cleanups.push(() => f.close());
    await call(f, 'POST', `/api/admin/employees/${f.bob.id}/disable`, { as: 'it-admin' });
    // Let a few attempts fail (back-off 100 ms doubling to 400 ms in the fixture).
    await waitUntil(() => (f.events.deliveries()[0]?.attempts ?? 0) >= 2, 3000);
    expect(f.events.deliveries()[0]).toMatchObject({ status: 'pending', lastError: expect.stringMatching(/fetch failed|ECONNREFUSED/) });

    const receiver = await receiverFor(f, port);
    const [set] = await receiver.waitFor(1, 3000);
    expect(Object.keys(set?.claims['events'] as object)).toEqual([ACCOUNT_DISABLED]);
    await waitUntil(() => f.events.deliveries()[0]?.status === 'delivered', 1000);
  });

  it('across an IdP restart: queued while down, delivered exactly once after the restart', async () => {
    const port = await freePort();
    const first = await fixtureWithReceiverAt(port);
    const dir = first.dir;
    const bobId = first.bob.id;
    await call(first, 'POST', `/api/admin/employees/${bobId}/disable`, { as: 'it-admin' });
    await waitUntil(() => (first.events.deliveries()[0]?.attempts ?? 0) >= 1, 3000);
    const kid = ((await (await fetch(`${first.issuer}/ssf/jwks.json`)).json()) as { keys: Array<{ kid: string }> }).keys[0]?.kid;
    await first.close({ keepDir: true });

    // The receiver comes back while the IdP is down; then the IdP starts again on the same data.
    const second = await fixtureWithReceiverAt(port, { dir, seed: false });
    cleanups.push(() => second.close());
    const receiver = await startSetReceiver({ issuer: first.issuer, jwksUrl: `${second.issuer}/ssf/jwks.json`, audience: AUDIENCE, port });
    cleanups.push(() => receiver.close());
    // The same key signs after the restart (kept in the keys file).
    const kidAfter = ((await (await fetch(`${second.issuer}/ssf/jwks.json`)).json()) as { keys: Array<{ kid: string }> }).keys[0]?.kid;
    expect(kidAfter).toBe(kid);

    const [set] = await receiver.waitFor(1, 3000);
    expect(set?.claims['iss']).toBe(first.issuer);
    expect((set?.claims['sub_id'] as { identifiers: Array<{ sub?: string }> }).identifiers[0]?.sub).toBe(bobId);
    // Give a duplicate every chance to show up, then check there is none.
    await new Promise((r) => setTimeout(r, 700));
    expect(receiver.received).toHaveLength(1);
    expect(second.events.deliveries()).toHaveLength(1);
    expect(second.events.deliveries()[0]).toMatchObject({ status: 'delivered' });
  });

  it('a receiver that answers 400 (RFC 8935 §2.4) fails the delivery for good, with its error recorded', async () => {
    const f = await startAdminFixture();
    cleanups.push(() => f.close());
    const refusing = await startSetReceiver({ issuer: f.issuer, jwksUrl: `${f.issuer}/ssf/jwks.json`, audience: AUDIENCE, answer: { status: 400, body: JSON.stringify({ err: 'invalid_audience', description: 'not for us' }) } });
    cleanups.push(() => refusing.close());
    const g = await startAdminFixture({ receivers: [{ url: refusing.url, audience: AUDIENCE }] });
    cleanups.push(() => g.close());
    g.events.employeeDisabled(g.bob);
    await waitUntil(() => g.events.deliveries()[0]?.status === 'failed', 2000);
    await new Promise((r) => setTimeout(r, 500));
    expect(g.events.deliveries()[0]).toMatchObject({ status: 'failed', attempts: 1, lastError: 'HTTP 400 invalid_audience: not for us' });
  });
});

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
