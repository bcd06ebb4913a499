// Disabling an employee at the IdP ends her phone's registration within 2 s: admin API → security
// event (RISC account-disabled / CAEP session-revoked, RFC 8417/8935 push) → EDS → S-CSCF
// network-initiated de-registration (TS 24.229 §5.4.1.5) → reg-event NOTIFY with the contact
// `terminated`, event `rejected` (RFC 3680) → the phone signs the person out with a clear message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorize, pkcePair, refresh as refreshGrant, tokenRequest } from '../../../../idp/test/support/oauth-client.ts';
import { DEMO_PASSWORD } from '../../../../idp/test/support/test-idp.ts';
import type { SignOutReasonInfo } from '../../src/session/index.ts';
import { signInPhone, until } from '../support/emulator-phone.ts';
import { startEmulatorStack, type EmulatorStack } from '../support/emulator-stack.ts';
import { body, installTracingWebSocket, trace } from '../support/sip-trace.ts';

let stack: EmulatorStack;
let adminToken: string;
beforeAll(async () => {
  installTracingWebSocket();
  stack = await startEmulatorStack();
  const { verifier, challenge } = pkcePair();
  const redirectUri = `${stack.idp.issuer}/admin/callback`;
  const code = await authorize(stack.idp.issuer, { username: 'it-admin', password: DEMO_PASSWORD, clientId: 'idp-admin', redirectUri, scope: 'openid admin', resource: `${stack.idp.issuer}/admin`, challenge });
  if (!code.ok) throw new Error(`admin sign-in failed: ${code.status}`);
  const tokens = await tokenRequest(stack.idp.issuer, { grant_type: 'authorization_code', client_id: 'idp-admin', code: code.code, redirect_uri: redirectUri, code_verifier: verifier });
  adminToken = String(tokens.body['access_token']);
});
afterAll(async () => {
  await stack?.stop();
});

describe('network de-registration after the employee is disabled at the IdP', () => {
  it('Bob is signed out "by your organization" less than 2 s after IT disables him, and his tokens are gone', async () => {
    const bob = await signInPhone(stack, 'bob');
    try {
      await until(() => trace.some((m) => m.direction === 'received' && m.startLine.startsWith('SIP/2.0 200') && /SUBSCRIBE/.test(m.text.match(/^CSeq:.*$/m)?.[0] ?? '')), 5000, 'reg-event subscription');
      const events: string[] = [];
      bob.ua.on('networkDeregistered', () => events.push('networkDeregistered'));
      const signedOut = new Promise<{ reason: SignOutReasonInfo; at: number }>((resolve) => bob.session.on('signedOut', (reason) => resolve({ reason, at: Date.now() })));
      const id = stack.idp.directory.findByUsername('bob')!.id;

      const started = Date.now();
      const response = await fetch(`${stack.idp.issuer}/api/admin/employees/${id}/disable`, { method: 'POST', headers: { authorization: `Bearer ${adminToken}` } });
      expect(response.status).toBe(200);
      const { reason, at } = await signedOut;
      const elapsed = at - started;

      expect(elapsed).toBeLessThan(2000);
      expect(events).toEqual(['networkDeregistered']);
      expect(reason.code).toBe('network-deregistered');
      expect(reason.message).toMatch(/signed out by your organization/i);
      const notify = trace.filter((m) => m.direction === 'received' && m.startLine.startsWith('NOTIFY ')).at(-1)!;
      expect(body(notify)).toMatch(/state="terminated"/);
      expect(body(notify)).toMatch(/event="rejected"/);
      expect(bob.ua.state).toBe('unregistered');
      await stack.core.waitForDeregistration('sip:bob@acme.example', 2000);
      const { refreshToken } = JSON.parse(bob.tokens.persisted) as { refreshToken: string };
      expect((await refreshGrant(stack.idp.issuer, refreshToken)).status).toBe(400);
    } finally {
      await bob.close();
    }
  });
});
