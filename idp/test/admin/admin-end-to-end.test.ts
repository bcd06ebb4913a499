// The admin API and security events through the whole IdP (startIdp): a real admin token from
// the authorization-code flow, real employee tokens, introspection over mutual TLS (IF4), and a
// SET receiver that verifies with the keys the IdP publishes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIdp, type RunningIdp } from '../../src/idp.ts';
import { freePort, startSetReceiver, type SetReceiver } from '../events/set-receiver.ts';
import { introspect, signInWithCode } from './oidc-sign-in.ts';

const PASSWORD = 'Acme-demo-1';
const IMS = 'https://ims.mnc001.mcc001.3gppnetwork.org';
const AUDIENCE = 'https://eds.carrier.example/ssf';
const ACCOUNT_DISABLED = 'https://schemas.openid.net/secevent/risc/event-type/account-disabled';

const quiet = (): void => undefined;

async function adminToken(idp: RunningIdp, username = 'it-admin'): Promise<string> {
  const t = await signInWithCode({ issuer: idp.issuer, clientId: 'idp-admin', redirectUri: `${idp.issuer}/admin/callback`, resource: `${idp.issuer}/admin`, scope: 'openid admin', username, password: PASSWORD });
  return t.access_token;
}

async function imsToken(idp: RunningIdp, username: string): Promise<string> {
  const t = await signInWithCode({ issuer: idp.issuer, clientId: 'softphone', redirectUri: 'http://localhost:4500/callback', resource: IMS, scope: 'openid sip', username, password: PASSWORD });
  return t.access_token;
}

async function admin(idp: RunningIdp, token: string, method: string, path: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${idp.issuer}${path}`, { method, headers: { authorization: `Bearer ${token}` } });
  const text = await res.text();
  return { status: res.status, json: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

describe('admin and security events through the running IdP', () => {
  let dir: string;
  let idp: RunningIdp;
  let receiver: SetReceiver;
  let itAdmin: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'idp-admin-e2e-'));
    const receiverPort = await freePort();
    idp = await startIdp({ dataDir: dir, port: 0, mtlsPort: 0, log: quiet, receivers: [{ url: `http://127.0.0.1:${receiverPort}/ssf/push`, audience: AUDIENCE }] });
    receiver = await startSetReceiver({ issuer: idp.issuer, jwksUrl: `${idp.issuer}/ssf/jwks.json`, audience: AUDIENCE, port: receiverPort });
    itAdmin = await adminToken(idp);
  });
  afterAll(async () => {
    await receiver.close();
    await idp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the IT admin signs in with the authorization-code flow and the admin API accepts the token; an employee gets 403', async () => {
    const list = await admin(idp, itAdmin, 'GET', '/api/admin/employees');
    expect(list.status).toBe(200);
    expect((list.json['employees'] as Array<{ username: string }>).map((e) => e.username)).toEqual(expect.arrayContaining(['alice', 'bob', 'carol', 'it-admin']));
    const alicesAdminToken = await adminToken(idp, 'alice');
    const refused = await admin(idp, alicesAdminToken, 'GET', '/api/admin/employees');
    expect(refused.status).toBe(403);
    const ims = await imsToken(idp, 'alice');
    expect((await admin(idp, ims, 'GET', '/api/admin/employees')).status).toBe(401);
  });

  it("disabling bob makes his access token introspect inactive at once and delivers a verified SET within 1 s; enabling does not revive the token", async () => {
    const bob = idp.directory.findByUsername('bob');
    const token = await imsToken(idp, 'bob');
    expect(await introspect(idp.introspectionUrl, token, idp.tls)).toMatchObject({ active: true, sub: bob?.id });

    const started = performance.now();
    const r = await admin(idp, itAdmin, 'POST', `/api/admin/employees/${bob?.id ?? ''}/disable`);
    expect(r.status).toBe(200);
    expect(await introspect(idp.introspectionUrl, token, idp.tls)).toEqual({ active: false });
    const [set] = await receiver.waitFor(1, 1000);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(Object.keys(set?.claims['events'] as object)).toEqual([ACCOUNT_DISABLED]);
    expect((set?.claims['sub_id'] as { identifiers: unknown[] }).identifiers).toEqual(
      expect.arrayContaining([{ format: 'iss_sub', iss: idp.issuer, sub: bob?.id }, { format: 'uri', uri: 'sip:bob@acme.example' }]),
    );

    expect((await admin(idp, itAdmin, 'POST', `/api/admin/employees/${bob?.id ?? ''}/enable`)).status).toBe(200);
    expect(await introspect(idp.introspectionUrl, token, idp.tls)).toEqual({ active: false });
  });

  it("deleting carol makes her access token introspect inactive at once", async () => {
    const carol = idp.directory.findByUsername('carol');
    const token = await imsToken(idp, 'carol');
    expect(await introspect(idp.introspectionUrl, token, idp.tls)).toMatchObject({ active: true });
    expect((await admin(idp, itAdmin, 'DELETE', `/api/admin/employees/${carol?.id ?? ''}`)).status).toBe(204);
    expect(await introspect(idp.introspectionUrl, token, idp.tls)).toEqual({ active: false });
  });
});

describe('a SET survives a receiver outage across an IdP restart', () => {
  it('queued while the receiver is down, the IdP restarts, the receiver returns: delivered exactly once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'idp-admin-restart-'));
    const [port, mtlsPort, receiverPort] = [await freePort(), await freePort(), await freePort()];
    const options = { dataDir: dir, port, mtlsPort, log: quiet, receivers: [{ url: `http://127.0.0.1:${receiverPort}/ssf/push`, audience: AUDIENCE }] };
    let idp = await startIdp(options);
    try {
      const token = await adminToken(idp);
      const bob = idp.directory.findByUsername('bob');
      expect((await admin(idp, token, 'POST', `/api/admin/employees/${bob?.id ?? ''}/disable`)).status).toBe(200);
      const deadline = Date.now() + 3000;
      while ((idp.securityEvents.deliveries()[0]?.attempts ?? 0) < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(idp.securityEvents.deliveries()[0]).toMatchObject({ status: 'pending' });
      await idp.close();

      idp = await startIdp(options);
      const receiver = await startSetReceiver({ issuer: idp.issuer, jwksUrl: `${idp.issuer}/ssf/jwks.json`, audience: AUDIENCE, port: receiverPort });
      try {
        // Default back-off: the next attempt is at most a few seconds away.
        const [set] = await receiver.waitFor(1, 8000);
        expect((set?.claims['sub_id'] as { identifiers: Array<{ sub?: string }> }).identifiers[0]?.sub).toBe(bob?.id);
        await new Promise((r) => setTimeout(r, 1000));
        expect(receiver.received).toHaveLength(1);
      } finally {
        await receiver.close();
      }
    } finally {
      await idp.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
