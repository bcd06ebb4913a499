// The reginfo document of the reg event package (RFC 3680 §5.3; TS 24.229 network-initiated
// de-registration with event="rejected").
import { describe, expect, it } from 'vitest';
import { reginfoXml } from '../../src/scscf/reginfo.ts';
import type { Registration } from '../../src/scscf/registration-store.ts';

const registration: Registration = {
  aor: 'sip:alice@acme.example',
  implicitSet: ['sip:alice@acme.example', 'tel:+12025550101'],
  kind: 'enterprise',
  e164: '+12025550101',
  displayName: 'Alice Avery',
  bindings: [{ contact: 'sip:a1b2@r8v2kq.invalid;transport=ws', path: [], expiresAt: 600_000, callId: 'c', cseq: 1 }],
};

describe('reginfoXml (RFC 3680)', () => {
  it('an active registration lists every identity of the set with its contacts and their expiry', () => {
    const xml = reginfoXml({ version: 0, identities: registration.implicitSet, registration, state: 'active', event: 'registered', now: 0 });
    expect(xml).toContain('<reginfo xmlns="urn:ietf:params:xml:ns:reginfo" version="0" state="full">');
    expect(xml).toContain('<registration aor="tel:+12025550101" id="r2" state="active">');
    expect(xml).toContain('<contact id="c1" state="active" event="registered" expires="600"><uri>sip:a1b2@r8v2kq.invalid;transport=ws</uri></contact>');
  });
  it('a rejected de-registration terminates registrations and contacts', () => {
    const xml = reginfoXml({ version: 3, identities: registration.implicitSet, registration, state: 'terminated', event: 'rejected', now: 0 });
    expect(xml).toContain('<registration aor="sip:alice@acme.example" id="r1" state="terminated">');
    expect(xml).toContain('<contact id="c1" state="terminated" event="rejected"><uri>');
    expect(xml).not.toContain('expires=');
  });
  it('escapes XML special characters in URIs', () => {
    const odd = { ...registration, bindings: [{ ...registration.bindings[0]!, contact: 'sip:a@b;x="<&>"' }] };
    expect(reginfoXml({ version: 0, identities: ['sip:a@b'], registration: odd, state: 'active', event: 'registered', now: 0 })).toContain('<uri>sip:a@b;x=&quot;&lt;&amp;&gt;&quot;</uri>');
  });
});
