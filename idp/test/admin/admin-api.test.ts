// The admin API (issue 2, item 7): bearer-token protected, admin role only, strict input
// validation with clear errors, every change audited with before/after.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, PASSWORD, startAdminFixture, type AdminFixture } from './admin-fixture.ts';

// 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

let f: AdminFixture;
beforeAll(async () => {
  f = await startAdminFixture();
});
afterAll(async () => {
  await f.close();
});

describe('who may use the admin API (RFC 6750 bearer tokens, admin role)', () => {
  it('a request without a token is refused with 401 and a Bearer challenge', async () => {
    const r = await call(f, 'GET', '/api/admin/employees');
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(r.json.error?.code).toBe('ERR_IDP_ADMIN_UNAUTHORIZED');
  });

  it('an invalid token is refused with 401 error="invalid_token"', async () => {
    const r = await call(f, 'GET', '/api/admin/employees', { headers: { authorization: 'Bearer not-a-known-token' } });
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('a non-Bearer Authorization header is refused with 401 error="invalid_request"', async () => {
    const r = await call(f, 'GET', '/api/admin/employees', { headers: { authorization: 'Basic aXQtYWRtaW46eA==' } });
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toContain('error="invalid_request"');
  });

  it("an employee's valid token gets 403 and changes nothing", async () => {
    const before = f.snapshot();
    const list = await call(f, 'GET', '/api/admin/employees', { as: 'bob' });
    expect(list.status).toBe(403);
    expect(list.json.error?.code).toBe('ERR_IDP_ADMIN_FORBIDDEN');
    const disable = await call(f, 'POST', `/api/admin/employees/${f.alice.id}/disable`, { as: 'bob' });
    expect(disable.status).toBe(403);
    expect(f.snapshot()).toEqual(before);
  });

  it('an admin lists and searches employees', async () => {
    const all = await call(f, 'GET', '/api/admin/employees', { as: 'it-admin' });
    expect(all.status).toBe(200);
    expect((all.json['employees'] as Array<{ username: string }>).map((e) => e.username).sort()).toEqual(['alice', 'bob', 'it-admin']);
    const found = await call(f, 'GET', '/api/admin/employees?q=support', { as: 'it-admin' });
    expect((found.json['employees'] as Array<{ username: string }>).map((e) => e.username)).toEqual(['bob']);
    const one = await call(f, 'GET', `/api/admin/employees/${f.bob.id}`, { as: 'it-admin' });
    expect(one.json['employee']).toMatchObject({ username: 'bob', e164: '+12025550102' });
    expect(JSON.stringify(one.json)).not.toMatch(/password|hash/i);
  });
});

describe('bad input is refused with a clear error and leaves the directory unchanged', () => {
  const id = (): string => f.bob.id;
  const cases: Array<{ story: string; method: string; path: () => string; body?: unknown; raw?: string | Buffer; contentType?: string; status: number; code: string; field?: string }> = [
    { story: 'malformed JSON', method: 'POST', path: () => '/api/admin/employees', raw: '{"username": "zed", ', status: 400, code: 'ERR_IDP_ADMIN_MALFORMED_JSON' },
    { story: 'a JSON array instead of an object', method: 'POST', path: () => '/api/admin/employees', body: [1, 2], status: 400, code: 'ERR_IDP_ADMIN_MALFORMED_JSON' },
    { story: 'a form body instead of JSON', method: 'POST', path: () => '/api/admin/employees', raw: 'username=zed', contentType: 'application/x-www-form-urlencoded', status: 415, code: 'ERR_IDP_ADMIN_CONTENT_TYPE' },
    { story: 'a body over 64 KiB', method: 'POST', path: () => '/api/admin/employees', raw: JSON.stringify({ username: 'zed', displayName: 'x'.repeat(70 * 1024) }), status: 413, code: 'ERR_IDP_ADMIN_BODY_TOO_LARGE' },
    { story: 'an unknown field', method: 'POST', path: () => '/api/admin/employees', body: { username: 'zed', displayName: 'Zed', password: PASSWORD, salary: 1 }, status: 400, code: 'ERR_IDP_ADMIN_UNKNOWN_FIELD', field: 'salary' },
    { story: 'a missing display name', method: 'POST', path: () => '/api/admin/employees', body: { username: 'zed', password: PASSWORD }, status: 400, code: 'ERR_IDP_ADMIN_MISSING_FIELD', field: 'displayName' },
    { story: 'a username with upper case and spaces', method: 'POST', path: () => '/api/admin/employees', body: { username: 'Zed Z', displayName: 'Zed', password: PASSWORD }, status: 400, code: 'ERR_IDP_ADMIN_INVALID_FIELD', field: 'username' },
    { story: 'a number without "+"', method: 'POST', path: () => '/api/admin/employees', body: { username: 'zed', displayName: 'Zed', password: PASSWORD, e164: '2025550177' }, status: 400, code: 'ERR_IDP_ADMIN_INVALID_FIELD', field: 'e164' },
    { story: 'a number longer than 15 digits', method: 'PATCH', path: () => `/api/admin/employees/${id()}`, body: { e164: '+1202555010212345' }, status: 400, code: 'ERR_IDP_ADMIN_INVALID_FIELD', field: 'e164' },
    { story: 'a short password', method: 'POST', path: () => '/api/admin/employees', body: { username: 'zed', displayName: 'Zed', password: 'short' }, status: 400, code: 'ERR_IDP_ADMIN_INVALID_FIELD', field: 'password' },
    { story: 'an unknown role', method: 'PATCH', path: () => `/api/admin/employees/${id()}`, body: { role: 'root' }, status: 400, code: 'ERR_IDP_ADMIN_INVALID_FIELD', field: 'role' },
    { story: 'a display name with control characters', method: 'PATCH', path: () => `/api/admin/employees/${id()}`, body: { displayName: 'Bob\u0007' }, status: 400, code: 'ERR_IDP_ADMIN_INVALID_FIELD', field: 'displayName' },
    { story: 'an SVG photo (scriptable, refused)', method: 'PATCH', path: () => `/api/admin/employees/${id()}`, body: { photo: `data:image/svg+xml;base64,${Buffer.from('<svg/>').toString('base64')}` }, status: 400, code: 'ERR_IDP_ADMIN_INVALID_FIELD', field: 'photo' },
    { story: 'a photo whose bytes are not the declared type', method: 'PATCH', path: () => `/api/admin/employees/${id()}`, body: { photo: { contentType: 'image/png', data: Buffer.from('GIF89a....').toString('base64') } }, status: 400, code: 'ERR_IDP_ADMIN_INVALID_FIELD', field: 'photo' },
    { story: 'a photo over 40 KiB', method: 'PATCH', path: () => `/api/admin/employees/${id()}`, body: { photo: { contentType: 'image/png', data: Buffer.concat([PNG, Buffer.alloc(41 * 1024)]).toString('base64') } }, status: 400, code: 'ERR_IDP_ADMIN_INVALID_FIELD', field: 'photo' },
    { story: 'an empty edit', method: 'PATCH', path: () => `/api/admin/employees/${id()}`, body: {}, status: 400, code: 'ERR_IDP_ADMIN_MISSING_FIELD' },
    { story: 'a username change (not editable)', method: 'PATCH', path: () => `/api/admin/employees/${id()}`, body: { username: 'robert' }, status: 400, code: 'ERR_IDP_ADMIN_UNKNOWN_FIELD', field: 'username' },
    { story: 'a duplicate username', method: 'POST', path: () => '/api/admin/employees', body: { username: 'alice', displayName: 'Another Alice', password: PASSWORD }, status: 409, code: 'ERR_IDP_ADMIN_DUPLICATE', field: 'username' },
    { story: "another employee's number", method: 'PATCH', path: () => `/api/admin/employees/${id()}`, body: { e164: '+12025550101' }, status: 409, code: 'ERR_IDP_ADMIN_DUPLICATE', field: 'e164' },
    { story: 'an unknown employee id (edit)', method: 'PATCH', path: () => '/api/admin/employees/no-such-id', body: { title: 'X' }, status: 404, code: 'ERR_IDP_ADMIN_NOT_FOUND' },
    { story: 'an unknown employee id (disable)', method: 'POST', path: () => '/api/admin/employees/no-such-id/disable', status: 404, code: 'ERR_IDP_ADMIN_NOT_FOUND' },
    { story: 'an unknown employee id (delete)', method: 'DELETE', path: () => '/api/admin/employees/no-such-id', status: 404, code: 'ERR_IDP_ADMIN_NOT_FOUND' },
    { story: 'a body on disable', method: 'POST', path: () => `/api/admin/employees/${id()}/disable`, body: { reason: 'x' }, status: 400, code: 'ERR_IDP_ADMIN_UNKNOWN_FIELD', field: 'reason' },
    { story: 'a wrong method', method: 'PUT', path: () => `/api/admin/employees/${id()}`, body: { title: 'X' }, status: 405, code: 'ERR_IDP_ADMIN_METHOD' },
    { story: 'a search limit out of range', method: 'GET', path: () => '/api/admin/employees?limit=100000', status: 400, code: 'ERR_IDP_ADMIN_INVALID_FIELD', field: 'limit' },
  ];

  for (const c of cases) {
    it(`${c.story} → ${c.status} ${c.code}`, async () => {
      const before = f.snapshot();
      const r = await call(f, c.method, c.path(), {
        as: 'it-admin',
        ...(c.body === undefined ? {} : { body: c.body }),
        ...(c.raw === undefined ? {} : { rawBody: c.raw }),
        ...(c.contentType === undefined ? {} : { contentType: c.contentType }),
      });
      expect(r.status).toBe(c.status);
      expect(r.json.error?.code).toBe(c.code);
      expect(r.json.error?.message.length).toBeGreaterThan(10);
      if (c.field !== undefined) expect(r.json.error?.field).toBe(c.field);
      expect(f.snapshot()).toEqual(before);
    });
  }

  it('a chunked body (no Content-Length) that grows past 64 KiB is cut off with 413 as well', async () => {
    const before = f.snapshot();
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${f.base}/api/admin/employees`, { method: 'POST', headers: { authorization: 'Bearer token-it-admin', 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      req.write('{"username":"zed","displayName":"');
      for (let i = 0; i < 20; i += 1) req.write('x'.repeat(4096));
      req.end('"}');
    });
    expect(status).toBe(413);
    expect((JSON.parse(body) as { error: { code: string } }).error.code).toBe('ERR_IDP_ADMIN_BODY_TOO_LARGE');
    expect(f.snapshot()).toEqual(before);
  });

  it('an admin cannot disable, delete or demote themself', async () => {
    const before = f.snapshot();
    const d = await call(f, 'POST', `/api/admin/employees/${f.admin.id}/disable`, { as: 'it-admin' });
    expect(d.status).toBe(409);
    expect(d.json.error?.code).toBe('ERR_IDP_ADMIN_SELF_ACTION');
    const del = await call(f, 'DELETE', `/api/admin/employees/${f.admin.id}`, { as: 'it-admin' });
    expect(del.json.error?.code).toBe('ERR_IDP_ADMIN_SELF_ACTION');
    const demote = await call(f, 'PATCH', `/api/admin/employees/${f.admin.id}`, { as: 'it-admin', body: { role: 'employee' } });
    expect(demote.json.error?.code).toBe('ERR_IDP_ADMIN_SELF_ACTION');
    expect(f.snapshot()).toEqual(before);
  });
});

interface AuditJson {
  action: string;
  actor: { username: string };
  target: { id: string; username: string };
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

async function lastAudit(): Promise<AuditJson> {
  const r = await call(f, 'GET', '/api/admin/audit?limit=1', { as: 'it-admin' });
  expect(r.status).toBe(200);
  const entry = (r.json['entries'] as AuditJson[])[0];
  if (entry === undefined) throw new Error('no audit entry');
  return entry;
}

describe('every change is written to the audit log (who, when, what, before/after)', () => {
  let zedId = '';

  it('adding an employee returns 201 and audits the new record without secrets', async () => {
    const r = await call(f, 'POST', '/api/admin/employees', {
      as: 'it-admin',
      body: { username: 'zed', displayName: 'Zed Zimmer', title: 'Intern', department: 'Sales', e164: '+1 202 555 0177', password: PASSWORD, photo: `data:image/png;base64,${PNG.toString('base64')}` },
    });
    expect(r.status).toBe(201);
    const zed = r.json['employee'] as { id: string; e164: string; hasPhoto: boolean };
    zedId = zed.id;
    expect(zed).toMatchObject({ e164: '+12025550177', hasPhoto: true });
    expect(r.headers.get('location')).toBe(`/api/admin/employees/${zed.id}`);
    expect(f.directory.verifyPassword('zed', PASSWORD)?.id).toBe(zed.id);
    const a = await lastAudit();
    expect(a).toMatchObject({ action: 'employee.add', actor: { username: 'it-admin' }, target: { id: zed.id, username: 'zed' }, before: null });
    expect(a.after).toMatchObject({ username: 'zed', hasPhoto: true, photoChanged: true });
    expect(JSON.stringify(a)).not.toContain(PASSWORD);
    expect(JSON.stringify(a)).not.toContain(PNG.toString('base64'));
  });

  it('editing title, department, number, photo and password audits before and after, marking the password reset', async () => {
    const r = await call(f, 'PATCH', `/api/admin/employees/${zedId}`, {
      as: 'it-admin',
      body: { title: 'Account Manager', department: 'Enterprise Sales', e164: '+12025550178', photo: null, password: 'New-password-2' },
    });
    expect(r.status).toBe(200);
    expect(r.json['employee']).toMatchObject({ title: 'Account Manager', department: 'Enterprise Sales', e164: '+12025550178', hasPhoto: false });
    expect(f.directory.verifyPassword('zed', 'New-password-2')).toBeDefined();
    const a = await lastAudit();
    expect(a.action).toBe('employee.update');
    expect(a.before).toMatchObject({ title: 'Intern', department: 'Sales', e164: '+12025550177', hasPhoto: true });
    expect(a.after).toMatchObject({ title: 'Account Manager', e164: '+12025550178', hasPhoto: false, passwordChanged: true, photoChanged: true });
    expect(JSON.stringify(a)).not.toContain('New-password-2');
  });

  it('disabling revokes the tokens, queues the security event and audits the status change; enabling audits too', async () => {
    const r = await call(f, 'POST', `/api/admin/employees/${zedId}/disable`, { as: 'it-admin' });
    expect(r.status).toBe(200);
    expect(r.json['employee']).toMatchObject({ status: 'disabled' });
    expect(f.revoked).toContain(zedId);
    expect((await lastAudit())).toMatchObject({ action: 'employee.disable', before: { status: 'active' }, after: { status: 'disabled' } });
    const en = await call(f, 'POST', `/api/admin/employees/${zedId}/enable`, { as: 'it-admin' });
    expect(en.json['employee']).toMatchObject({ status: 'active' });
    expect((await lastAudit())).toMatchObject({ action: 'employee.enable', before: { status: 'disabled' }, after: { status: 'active' } });
  });

  it('deleting returns 204 and audits the last record with after = null', async () => {
    const r = await call(f, 'DELETE', `/api/admin/employees/${zedId}`, { as: 'it-admin' });
    expect(r.status).toBe(204);
    expect(f.directory.get(zedId)).toBeUndefined();
    expect(await lastAudit()).toMatchObject({ action: 'employee.delete', target: { id: zedId, username: 'zed' }, before: { username: 'zed' }, after: null });
    const history = await call(f, 'GET', `/api/admin/audit?target=${zedId}`, { as: 'it-admin' });
    expect((history.json['entries'] as AuditJson[]).map((e) => e.action)).toEqual(['employee.delete', 'employee.enable', 'employee.disable', 'employee.update', 'employee.add']);
  });

  it('the audit table refuses edits and deletions (append-only)', () => {
    expect(() => f.db.prepare('UPDATE audit_log SET actor_username = ?').run('someone-else')).toThrow(/append-only/);
    expect(() => f.db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
  });
});
