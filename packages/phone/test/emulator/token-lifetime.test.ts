// With 60-second access tokens (IdP started with accessTokenTtl: 60, the real clock), Alice's
// phone stays registered for 3 minutes with nobody touching it: the session refreshes the token
// before it expires and the user agent re-REGISTERs with each new one. The emulator never lets a
// registration outlive the token it was granted with, so without the refresh the binding lapses
// (or, at best, every renewal is first refused with 401).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { signInPhone, type EmulatorPhone } from '../support/emulator-phone.ts';
import { startEmulatorStack, type EmulatorStack } from '../support/emulator-stack.ts';
import { header, installTracingWebSocket, responsesTo, sentRequests, statusOf, trace } from '../support/sip-trace.ts';

const MINUTES_3 = 180_000;
let stack: EmulatorStack;
beforeAll(async () => {
  installTracingWebSocket();
  stack = await startEmulatorStack({ accessTokenTtl: 60 });
});
afterAll(async () => {
  await stack?.stop();
});

describe('long-lived registration with short-lived tokens (RFC 8898 §6, TS 24.229)', () => {
  it('Alice stays registered for 3 minutes on 60-second tokens with no user action', { timeout: 300_000 }, async () => {
    const mark = trace.length;
    let alice: EmulatorPhone | undefined;
    try {
      alice = await signInPhone(stack, 'alice');
      const phone = alice;
      const { exp, iat } = decodeJwt(phone.tokens.accessToken) as { exp: number; iat: number };
      expect(exp - iat).toBe(60);
      const start = Date.now();
      const gaps: string[] = [];
      while (Date.now() - start < MINUTES_3) {
        await new Promise((r) => setTimeout(r, 1000));
        const now = Date.now();
        const registration = await stack.core.waitForRegistration(phone.aor, 200).catch(() => undefined);
        const live = registration?.bindings.some((b) => b.expiresAt > now) ?? false;
        if (phone.ua.state !== 'registered' || !live) gaps.push(`${Math.round((now - start) / 1000)} s: phone ${phone.ua.state}, emulator binding ${live ? 'live' : 'gone'}`);
      }
      expect(gaps).toEqual([]);

      const registers = sentRequests('REGISTER', phone.aor, mark);
      const tokens = new Set(registers.map((r) => header(r, 'authorization')));
      // 180 s on 60 s tokens: at least three fresh tokens, each presented in a REGISTER.
      expect(tokens.size).toBeGreaterThanOrEqual(4);
      // Every renewal went in before its token expired: the network never had to challenge.
      expect(registers.flatMap((r) => responsesTo(r).map(statusOf)).filter((s) => s === 401)).toEqual([]);
      // And the registration still works for calls: Bob reaches her.
      const bob = await signInPhone(stack, 'bob');
      try {
        const ringing = phone.calls.once('incoming');
        const call = await bob.calls.place('sip:alice@acme.example');
        const [incoming] = await ringing;
        await incoming.decline();
        expect(call.remote.uri).toBe('sip:alice@acme.example');
      } finally {
        await bob.close();
      }
    } finally {
      await alice?.close();
    }
  });
});
