import { describe, expect, it } from 'vitest';
import { parseRegInfo, registrationVerdict } from '../../src/sip/reg-info.ts';

const doc = (regState: string, contactState: string, event: string, extra = '') => `<?xml version="1.0"?>
<reginfo xmlns="urn:ietf:params:xml:ns:reginfo" version="7" state="full">
 <registration aor="sip:alice@acme.example" id="r1" state="${regState}">
  <contact id="c1" state="${contactState}" event="${event}"${extra}><uri>sip:alice@x.invalid;transport=ws</uri></contact>
 </registration>
 <registration aor="tel:+12025550101" id="r2" state="${regState}"/>
</reginfo>`;

describe('reg event package bodies (RFC 3680) and network-initiated de-registration (TS 24.229)', () => {
  it('parses registrations and contacts', () => {
    expect(parseRegInfo(doc('active', 'active', 'registered', ' expires="600"'))).toEqual({
      version: 7,
      state: 'full',
      registrations: [
        { aor: 'sip:alice@acme.example', id: 'r1', state: 'active', contacts: [{ id: 'c1', state: 'active', event: 'registered', expires: 600, uri: 'sip:alice@x.invalid;transport=ws' }] },
        { aor: 'tel:+12025550101', id: 'r2', state: 'active', contacts: [] },
      ],
    });
    expect(parseRegInfo('<html/>')).toBeUndefined();
  });

  it('terminated with event "rejected" or "deactivated" is a de-registration with a message for the person', () => {
    const rejected = registrationVerdict(parseRegInfo(doc('terminated', 'terminated', 'rejected'))!, 'sip:alice@acme.example');
    expect(rejected).toMatchObject({ type: 'deregistered', event: 'rejected', message: expect.stringContaining('IT administrator') });
    const deactivated = registrationVerdict(parseRegInfo(doc('terminated', 'terminated', 'deactivated'))!, 'sip:alice@acme.example');
    expect(deactivated).toMatchObject({ type: 'deregistered', event: 'deactivated', message: expect.stringContaining('Sign in again') });
  });

  it('"shortened" asks for a re-REGISTER; active is nothing to do; other AORs are ignored', () => {
    expect(registrationVerdict(parseRegInfo(doc('active', 'active', 'shortened', ' expires="30"'))!, 'sip:alice@acme.example')).toEqual({ type: 'reregister' });
    expect(registrationVerdict(parseRegInfo(doc('active', 'active', 'registered'))!, 'sip:alice@acme.example')).toEqual({ type: 'active' });
    expect(registrationVerdict(parseRegInfo(doc('terminated', 'terminated', 'rejected'))!, 'sip:bob@acme.example')).toEqual({ type: 'active' });
  });

  it('namespace prefixes and XML escapes are handled', () => {
    const xml = '<r:reginfo xmlns:r="urn:ietf:params:xml:ns:reginfo" version="1" state="partial"><r:registration aor="sip:a&amp;b@acme.example" id="1" state="terminated"><r:contact id="c" state="terminated" event="expired"><r:uri>sip:x@y</r:uri></r:contact></r:registration></r:reginfo>';
    const info = parseRegInfo(xml)!;
    expect(info.registrations[0]!.aor).toBe('sip:a&b@acme.example');
    expect(registrationVerdict(info, 'sip:a&b@acme.example')).toMatchObject({ type: 'deregistered', event: 'expired' });
  });
});
