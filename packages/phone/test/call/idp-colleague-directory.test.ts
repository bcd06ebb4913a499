// The softphone's colleague search against the real IdP (GET /directory/search, RFC 6750 bearer).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestIdp, DEMO_PASSWORD } from '../../../../idp/test/support/test-idp.ts';
import { revoke, signInTokens } from '../../../../idp/test/support/oauth-client.ts';
import { resolveDialTarget } from '../../src/call/dial-target.ts';
import { IdpColleagueDirectory, parseColleagues } from '../../src/call/idp-colleague-directory.ts';

let idp: Awaited<ReturnType<typeof startTestIdp>>;
let aliceToken: string;
beforeAll(async () => {
  idp = await startTestIdp();
  aliceToken = (await signInTokens(idp.issuer, 'alice', DEMO_PASSWORD)).access_token;
});
afterAll(async () => {
  await idp?.stop();
});

describe('IdpColleagueDirectory', () => {
  it('finds Bob by typing "Bob" with Alice\'s token, with his 3PID, number and title', async () => {
    const calls: string[] = [];
    const directory = new IdpColleagueDirectory({
      issuer: `${idp.issuer}/`,
      accessToken: () => aliceToken,
      fetch: (input, init) => {
        calls.push(String(input));
        return fetch(input, init);
      },
    });
    const found = await directory.search(' Bob ');
    expect(found).toEqual({
      ok: true,
      value: [expect.objectContaining({ name: 'Bob Baker', title: 'Support Engineer', threePid: 'sip:bob@acme.example', e164: '+12025550102' })],
    });
    expect(calls).toEqual([`${idp.issuer}/directory/search?q=Bob`]);
  });

  it('resolves "Bob Baker" in the dial box to his 3PID (place by colleague name)', async () => {
    const directory = new IdpColleagueDirectory({ issuer: idp.issuer, accessToken: () => aliceToken });
    expect(await directory.lookup('bob baker')).toBe('sip:bob@acme.example');
    expect(await directory.lookup('Nobody Here')).toBeUndefined();
    expect(await resolveDialTarget('Bob Baker', 'ims.example', directory)).toEqual({ ok: true, value: { uri: 'sip:bob@acme.example', display: 'Bob Baker' } });
  });

  it('after a 401 it asks for a fresh token once and retries', async () => {
    const stale = (await signInTokens(idp.issuer, 'alice', DEMO_PASSWORD)).access_token;
    expect(await revoke(idp.issuer, stale)).toBe(200);
    let current = stale;
    let refreshes = 0;
    const directory = new IdpColleagueDirectory({
      issuer: idp.issuer,
      accessToken: () => current,
      refreshAccessToken: async () => {
        refreshes++;
        current = aliceToken;
        return current;
      },
    });
    const found = await directory.search('carol');
    expect(found.ok && found.value.map((c) => c.name)).toEqual(['Carol Chen']);
    expect(refreshes).toBe(1);

    const never = new IdpColleagueDirectory({ issuer: idp.issuer, accessToken: () => stale, refreshAccessToken: async () => stale });
    const refused = await never.search('carol');
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error.code).toBe('ERR_PHONE_DIRECTORY');
  });

  it('reports signed-out, unreachable and malformed answers as ERR_PHONE_DIRECTORY results, never throws from search', async () => {
    const signedOut = await new IdpColleagueDirectory({ issuer: idp.issuer, accessToken: () => undefined }).search('bob');
    expect(!signedOut.ok && signedOut.error.message).toMatch(/Sign in/);
    const down = await new IdpColleagueDirectory({ issuer: idp.issuer, accessToken: () => aliceToken, fetch: () => Promise.reject(new TypeError('fetch failed')) }).search('bob');
    expect(!down.ok && down.error.message).toMatch(/cannot be reached/);
    const weird = await new IdpColleagueDirectory({
      issuer: idp.issuer,
      accessToken: () => aliceToken,
      fetch: async () => new Response(JSON.stringify([{ name: 'X', threePid: 'javascript:alert(1)', e164: null, pictureUrl: null }]), { status: 200 }),
    }).search('x');
    expect(!weird.ok && weird.error.message).toMatch(/cannot read/);
    expect(parseColleagues({})).toBeUndefined();
    expect(parseColleagues([])).toEqual({ ok: true, value: [] });
  });
});
