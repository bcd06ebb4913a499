import { describe, expect, it } from 'vitest';
import { parseRuntimeConfig } from '../../src/renderer/runtime-config.ts';

const good = { issuer: 'http://localhost:4400/', clientId: 'softphone', resource: 'https://ims.mnc001.mcc001.3gppnetwork.org', sipWebSocketUrl: 'ws://localhost:5066', imsDomain: 'ims.mnc001.mcc001.3gppnetwork.org' };

describe('the runtime configuration (/config.json) is untrusted input', () => {
  it('a complete configuration is accepted, the issuer without its trailing slash (it is compared with authz_server, RFC 8898 §3)', () => {
    expect(parseRuntimeConfig(good)).toEqual({ ok: true, value: { ...good, issuer: 'http://localhost:4400' } });
  });

  it('a missing or empty field is named in the error', () => {
    const { imsDomain: _drop, ...rest } = good;
    expect(parseRuntimeConfig(rest)).toEqual({ ok: false, error: 'The softphone configuration has no "imsDomain".' });
    expect(parseRuntimeConfig({ ...good, clientId: ' ' })).toMatchObject({ ok: false, error: expect.stringContaining('"clientId"') });
  });

  it('the P-CSCF must be a WebSocket URL (RFC 7118) and the issuer an http(s) URL', () => {
    expect(parseRuntimeConfig({ ...good, sipWebSocketUrl: 'http://localhost:5066' })).toMatchObject({ ok: false, error: expect.stringContaining('ws://') });
    expect(parseRuntimeConfig({ ...good, issuer: 'javascript:alert(1)' })).toMatchObject({ ok: false });
  });

  it('anything but an object is refused', () => {
    for (const v of [null, [], 'x', 42, undefined]) expect(parseRuntimeConfig(v).ok).toBe(false);
  });
});
