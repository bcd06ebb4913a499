import { describe, expect, it } from 'vitest';
import { loopbackNavigator, startLoopbackRedirect } from '../../src/main/loopback-redirect.ts';

describe('RFC 8252 loopback redirect for sign-in in the system browser', () => {
  it('listens on 127.0.0.1 with an OS-assigned port and returns the callback with the expected state', async () => {
    const listener = await startLoopbackRedirect();
    expect(listener.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    listener.expectState('s1');
    const response = await fetch(`${listener.redirectUri}?code=abc&state=s1`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('You can close this tab');
    expect(await listener.result).toBe(`${listener.redirectUri}?code=abc&state=s1`);
  });

  it('is one-shot: after the callback the port is closed', async () => {
    const listener = await startLoopbackRedirect();
    listener.expectState('s1');
    await (await fetch(`${listener.redirectUri}?code=abc&state=s1`)).text();
    await listener.result;
    await expect(fetch(`${listener.redirectUri}?code=abc&state=s1`)).rejects.toThrow();
  });

  it('a callback with another state (forged or stale) is refused and the listener keeps waiting', async () => {
    const listener = await startLoopbackRedirect();
    listener.expectState('good');
    const forged = await fetch(`${listener.redirectUri}?code=evil&state=bad`);
    expect(forged.status).toBe(400);
    await forged.text();
    const other = await fetch(listener.redirectUri.replace('/callback', '/other'));
    expect(other.status).toBe(404);
    await other.text();
    await (await fetch(`${listener.redirectUri}?code=abc&state=good`)).text();
    expect(await listener.result).toContain('code=abc');
  });

  it('an error response (the person cancelled) still ends the wait, with a page saying so', async () => {
    const listener = await startLoopbackRedirect();
    listener.expectState('s');
    const res = await fetch(`${listener.redirectUri}?error=access_denied&state=s`);
    expect(await res.text()).toContain('not completed');
    expect(await listener.result).toContain('error=access_denied');
  });

  it('gives up after the timeout with a clear error', async () => {
    const listener = await startLoopbackRedirect({ timeoutMs: 50 });
    await expect(listener.result).rejects.toMatchObject({ code: 'ERR_LOOPBACK_TIMEOUT', message: expect.stringContaining('too long') });
  });

  it('the navigator opens the authorization URL externally and binds the listener to its state', async () => {
    const opened: string[] = [];
    const navigator = loopbackNavigator(async (url) => {
      opened.push(url);
      const redirect = new URL(url).searchParams.get('redirect_uri')!;
      // The "browser" comes back once with a wrong state, then with the right one.
      await (await fetch(`${redirect}?code=x&state=wrong`)).text();
      await (await fetch(`${redirect}?code=c0de&state=${new URL(url).searchParams.get('state')}`)).text();
    });
    const target = await navigator.prepare();
    const callback = await target.navigate(`https://idp.example/auth?state=st8&redirect_uri=${encodeURIComponent(target.redirectUri)}`);
    expect(opened).toHaveLength(1);
    expect(new URL(callback).searchParams.get('code')).toBe('c0de');
    target.close();
  });
});
