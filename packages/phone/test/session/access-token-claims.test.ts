import { describe, expect, it } from 'vitest';
import { readAccessTokenClaims } from '../../src/session/access-token-claims.ts';

const jwt = (payload: object) => `eyJhbGciOiJFUzI1NiJ9.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.sig`;

describe('claims of the IdP access token shown and registered by the softphone', () => {
  it('reads 3pid, phone_number and the name card claims', () => {
    expect(readAccessTokenClaims(jwt({ sub: 's1', '3pid': 'sip:alice@acme.example', phone_number: '+12025550101', name: 'Alice Avery', title: 'Sales Director', exp: 5, extra: 1 }))).toEqual({
      sub: 's1', threePid: 'sip:alice@acme.example', phoneNumber: '+12025550101', name: 'Alice Avery', title: 'Sales Director', exp: 5,
    });
  });
  it('opaque, encrypted or malformed tokens give undefined', () => {
    for (const t of ['opaque', 'a.b.c.d.e', 'a.!!!.c', jwt({ nosub: true }), jwt([1])]) expect(readAccessTokenClaims(t)).toBeUndefined();
  });
});
