// The token matrix for REGISTER: every way a bearer token can be wrong gets its answer, and
// nothing is registered (RFC 8898 §4/§6: 401 re-challenge for every token failure; 403 where
// re-authentication cannot help).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revoke } from '../../../../idp/test/support/oauth-client.ts';
import { PASSWORD, startStack, type Stack } from './ims-harness.ts';
import { rawSipClient, type RawSipClient } from './raw-sip-client.ts';
import { alteredSignature, withClaims } from './token-forgery.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
  stack.idp.directory.add({ username: 'erin', displayName: 'Erin Outside', title: 'Intern', department: 'Sales', e164: '+12025550300', password: PASSWORD });
  stack.idp.directory.add({ username: 'fred', displayName: 'Fred Gone', title: 'Clerk', department: 'Sales', e164: '+12025550150', password: PASSWORD });
});
afterAll(async () => {
  await stack?.stop();
});

async function register(aor: string, authorization: string | undefined): Promise<{ status: number; challenge: string | undefined }> {
  const client = await rawSipClient(stack.core.pcscf.listeners.tcp);
  try {
    const r = await client.request('REGISTER', 'sip:acme.example', {
      from: aor,
      to: aor,
      headers: [...(authorization === undefined ? [] : [`Authorization: ${authorization}`]), `Contact: <sip:u@127.0.0.1:${client.port};transport=tcp>`],
    });
    return { status: r.status, challenge: r.header('WWW-Authenticate') };
  } finally {
    client.close();
  }
}

const INVALID = 'error="invalid_token"';

type MatrixCase = { name: string; aor?: string; authorization: () => Promise<string | undefined>; status: number; error?: boolean; reusable?: boolean };
const cases: MatrixCase[] = [
    { name: 'missing token: 401 with the Bearer challenge, no error', authorization: () => Promise.resolve(undefined), status: 401, error: false },
    { name: 'malformed token: 401 invalid_token', authorization: () => Promise.resolve('Bearer not-a-jwt'), status: 401, error: true },
    {
      name: 'expired token: 401 invalid_token',
      authorization: async () => {
        const t = await stack.token('alice');
        stack.skewClock(3_600_000);
        return `Bearer ${t}`;
      },
      status: 401,
      error: true,
    },
    { name: 'signature altered: 401 invalid_token', authorization: async () => `Bearer ${alteredSignature(await stack.token('alice'))}`, status: 401, error: true },
    { name: 'wrong audience: 401 invalid_token', authorization: async () => `Bearer ${withClaims(await stack.token('alice'), { aud: 'https://other.example' })}`, status: 401, error: true },
    { name: 'wrong issuer: 401 invalid_token', authorization: async () => `Bearer ${withClaims(await stack.token('alice'), { iss: 'https://evil.example' })}`, status: 401, error: true },
    {
      name: 'revoked token: 401 invalid_token',
      authorization: async () => {
        const t = await stack.token('alice');
        await revoke(stack.idp.issuer, t);
        return `Bearer ${t}`;
      },
      status: 401,
      error: true,
    },
    {
      name: 'disabled employee: 401 invalid_token',
      aor: 'sip:fred@acme.example',
      authorization: async () => {
        stack.idp.directory.setStatus(stack.idp.directory.findByUsername('fred')!.id, 'active');
        const t = await stack.token('fred');
        stack.idp.directory.setStatus(stack.idp.directory.findByUsername('fred')!.id, 'disabled');
        return `Bearer ${t}`;
      },
      status: 401,
      error: true,
    },
    { name: "bob's token used for alice: 403", authorization: async () => `Bearer ${await stack.token('bob')}`, status: 403 },
    { name: 'number outside the enterprise range: 403', aor: 'sip:erin@acme.example', authorization: async () => `Bearer ${await stack.token('erin')}`, status: 403 },
];

describe('REGISTER token matrix (RFC 8898 §4, issue 4 item 4)', () => {
  for (const c of cases) {
    it(`REGISTER with ${c.name}, nothing registered`, async () => {
      const aor = c.aor ?? 'sip:alice@acme.example';
      try {
        const { status, challenge } = await register(aor, await c.authorization());
        expect(status).toBe(c.status);
        if (c.status === 401) {
          expect(challenge).toMatch(new RegExp(`^Bearer realm="[^"]+", scope="sip", authz_server="${stack.idp.issuer}"`));
          expect(challenge?.includes(INVALID)).toBe(c.error);
        } else expect(challenge).toBeUndefined();
        expect(stack.core.scscf.store.find(aor)).toBeUndefined();
      } finally {
        stack.skewClock(0);
      }
    });
  }

  it('a valid token registers (the matrix can fail)', async () => {
    expect((await register('sip:alice@acme.example', `Bearer ${await stack.token('alice')}`)).status).toBe(200);
    expect(stack.core.scscf.store.find('sip:alice@acme.example')).toBeDefined();
    await stack.core.scscf.store.remove('sip:alice@acme.example', 'unregistered');
  });
});

describe('REGISTER for an enterprise the carrier has not provisioned', () => {
  let bare: Stack;
  beforeAll(async () => {
    bare = await startStack({ withEnterprise: false });
  });
  afterAll(async () => {
    await bare?.stop();
  });
  it('is refused with 403 with or without a token, and nothing is registered', async () => {
    const client = await rawSipClient(bare.core.pcscf.listeners.tcp);
    try {
      for (const auth of [undefined, `Bearer ${await bare.token('alice')}`]) {
        const r = await client.request('REGISTER', 'sip:acme.example', {
          from: 'sip:alice@acme.example',
          to: 'sip:alice@acme.example',
          headers: [...(auth === undefined ? [] : [`Authorization: ${auth}`]), `Contact: <sip:u@127.0.0.1:${client.port};transport=tcp>`],
        });
        expect(r.status).toBe(403);
      }
      expect(bare.core.scscf.store.find('sip:alice@acme.example')).toBeUndefined();
    } finally {
      client.close();
    }
  });
});

describe('INVITE token matrix: an INVITE from a 3PID carries a valid token too (issue 4 item 4)', () => {
  let bob: RawSipClient;
  beforeAll(async () => {
    bob = await rawSipClient(stack.core.pcscf.listeners.tcp);
    const r = await bob.request('REGISTER', 'sip:acme.example', {
      from: 'sip:bob@acme.example',
      to: 'sip:bob@acme.example',
      headers: [`Authorization: Bearer ${await stack.token('bob')}`, `Contact: <sip:bob@127.0.0.1:${bob.port};transport=tcp>`],
    });
    expect(r.status).toBe(200);
  });
  afterAll(() => bob?.close());

  for (const c of cases) {
    it(`INVITE with ${c.name}, nothing routed to bob`, async () => {
      const caller = await rawSipClient(stack.core.pcscf.listeners.tcp);
      try {
        const from = c.aor ?? 'sip:alice@acme.example';
        const authorization = await c.authorization();
        const { response } = await caller.invite('sip:bob@acme.example', { from, to: 'sip:bob@acme.example', headers: authorization === undefined ? [] : [`Authorization: ${authorization}`] });
        expect(response.status).toBe(c.status);
        if (c.status === 401) expect(response.header('WWW-Authenticate')?.includes(INVALID)).toBe(c.error);
        await new Promise((r) => setTimeout(r, 100));
        expect(bob.received.filter((m) => m.method === 'INVITE')).toHaveLength(0);
      } finally {
        stack.skewClock(0);
        caller.close();
      }
    });
  }

  it('a valid token reaches bob (the matrix can fail)', async () => {
    const token = await stack.token('alice');
    const caller = await rawSipClient(stack.core.pcscf.listeners.tcp);
    try {
      const { response } = await caller.invite('sip:bob@acme.example', { from: 'sip:alice@acme.example', to: 'sip:bob@acme.example', headers: [`Authorization: Bearer ${token}`] });
      expect(response.status).toBe(200);
      expect(bob.received.filter((m) => m.method === 'INVITE')).toHaveLength(1);
    } finally {
      caller.close();
    }
  });
});
