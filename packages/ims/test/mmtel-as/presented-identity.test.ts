// 6.X.2.1 step 17: From and P-Asserted-Identity present the employee's E.164, display name kept.
import { describe, expect, it } from 'vitest';
import { createRequest, getHeader, getHeaders } from '@eims/sip';
import { presentE164 } from '../../src/mmtel-as/presented-identity.ts';

function invite(from: string): ReturnType<typeof createRequest> {
  return createRequest({ method: 'INVITE', uri: 'sip:bob@acme.example', headers: [{ name: 'From', value: from }, { name: 'P-Asserted-Identity', value: '<sip:alice@acme.example>' }] });
}

describe('presentE164', () => {
  it('keeps the From tag and the display name the caller chose', () => {
    const r = invite('"Alice A." <sip:alice@acme.example>;tag=9f');
    presentE164(r, { e164: '+12025550101', displayName: 'Alice Avery', domain: 'ims.example' });
    expect(getHeader(r, 'From')).toBe('"Alice A." <sip:+12025550101@ims.example;user=phone>;tag=9f');
    expect(getHeaders(r, 'P-Asserted-Identity')).toEqual(['"Alice A." <sip:+12025550101@ims.example;user=phone>', '<tel:+12025550101>']);
  });
  it('uses the directory name when the caller sent none', () => {
    const r = invite('<sip:alice@acme.example>;tag=1');
    presentE164(r, { e164: '+12025550101', displayName: 'Alice Avery', domain: 'ims.example' });
    expect(getHeader(r, 'From')).toBe('"Alice Avery" <sip:+12025550101@ims.example;user=phone>;tag=1');
  });
});
