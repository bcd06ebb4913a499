// name-addr / addr-spec (RFC 3261 §20.10, §25.1), Contact (RFC 5626 instance and reg-id),
// P-Asserted-Identity with verstat (RFC 3325; 3GPP TS 24.229 §7.2A.20).
import { describe, expect, it } from 'vitest';
import {
  formatContact, formatNameAddr, parseContact, parseNameAddr, parsePAssertedIdentity, verstatOf, withVerstat,
} from '../../src/index.ts';

describe('parseNameAddr', () => {
  it('reads a quoted display name with escapes, the URI and the tag', () => {
    const r = parseNameAddr('"Alice \\"Al\\" Ng" <sip:alice@acme.example;transport=ws>;tag=9a;x=1');
    expect(r.ok && r.value).toEqual({ displayName: 'Alice "Al" Ng', uri: 'sip:alice@acme.example;transport=ws', tag: '9a', params: new Map([['tag', '9a'], ['x', '1']]) });
  });

  it('gives addr-spec parameters to the header, not the URI (RFC 3261 §20.10)', () => {
    const r = parseNameAddr('sip:bob@acme.example;tag=77;user=phone');
    expect(r.ok && [r.value.uri, r.value.tag, r.value.params.get('user')]).toEqual(['sip:bob@acme.example', '77', 'phone']);
  });

  it('rejects an unbracketed URI with headers, an unterminated quote and a non-token display name', () => {
    for (const bad of ['sip:a@b?Route=x', '"Alice <sip:a@b>', 'Ng, Alice <sip:a@b>', '<sip:a@b', '< sip:a@b >']) {
      expect(parseNameAddr(bad).ok, bad).toBe(false);
    }
  });

  it('formats with <> so URI parameters stay in the URI', () => {
    const na = { displayName: 'Bob', uri: 'sip:bob@acme.example;lr', params: new Map<string, string | null>(), tag: 'x1' };
    const s = formatNameAddr(na);
    expect(s).toBe('"Bob" <sip:bob@acme.example;lr>;tag=x1');
    const back = parseNameAddr(s);
    expect(back.ok && [back.value.uri, back.value.tag, back.value.displayName]).toEqual([na.uri, 'x1', 'Bob']);
  });
});

describe('parseContact', () => {
  it('reads +sip.instance, reg-id, expires and q (RFC 5626 §4.1)', () => {
    const r = parseContact('<sip:alice@r8v2kq.invalid;transport=ws;ob>;+sip.instance="<urn:uuid:2f7c1e9a-5d3b-4c8e-a1f0-6b9d2e4c7a13>";reg-id=1;expires=600;q=0.7');
    if (!r.ok || r.value.wildcard) throw new Error('binding expected');
    expect([r.value.instanceId, r.value.regId, r.value.expires, r.value.q]).toEqual(['urn:uuid:2f7c1e9a-5d3b-4c8e-a1f0-6b9d2e4c7a13', 1, 600, 0.7]);
    const again = parseContact(formatContact(r.value));
    expect(again.ok && !again.value.wildcard && again.value.instanceId).toBe(r.value.instanceId);
  });

  it('reads the wildcard * (RFC 3261 §10.2.2)', () => {
    expect(parseContact(' * ')).toEqual({ ok: true, value: { wildcard: true } });
    expect(formatContact({ wildcard: true })).toBe('*');
  });

  it('rejects q above 1 and a non-numeric expires', () => {
    expect(parseContact('<sip:a@b>;q=1.5').ok).toBe(false);
    expect(parseContact('<sip:a@b>;expires=soon').ok).toBe(false);
  });
});

describe('P-Asserted-Identity and verstat', () => {
  it('reads a sip and a tel identity with verstat on the tel URI', () => {
    const r = parsePAssertedIdentity('"Alice Ng" <sip:alice@acme.example>, <tel:+12025550100;verstat=TN-Validation-Passed>');
    expect(r.ok && r.value.map((i) => [i.scheme, i.uri, i.verstat])).toEqual([
      ['sip', 'sip:alice@acme.example', undefined],
      ['tel', 'tel:+12025550100;verstat=TN-Validation-Passed', 'TN-Validation-Passed'],
    ]);
  });

  it('reads verstat in both SIP URI placements (standards.md §0.5)', () => {
    expect(verstatOf('sip:+12025550100;verstat=TN-Validation-Passed@ims.carrier.example;user=phone')).toBe('TN-Validation-Passed');
    expect(verstatOf('sip:+12025550100@ims.carrier.example;user=phone;verstat=TN-Validation-Failed-A')).toBe('TN-Validation-Failed-A');
    expect(verstatOf('sip:alice@acme.example')).toBeUndefined();
  });

  it('writes verstat in the standard place (before the @ for SIP URIs)', () => {
    expect(withVerstat('sip:+12025550100@ims.carrier.example;user=phone;verstat=x', 'No-TN-Validation'))
      .toBe('sip:+12025550100;verstat=No-TN-Validation@ims.carrier.example;user=phone');
    expect(withVerstat('tel:+12025550100', 'TN-Validation-Passed')).toBe('tel:+12025550100;verstat=TN-Validation-Passed');
  });

  it('rejects two tel identities and non sip/tel schemes (RFC 3325 §9.1)', () => {
    expect(parsePAssertedIdentity('<tel:+1202>, <tel:+1303>').ok).toBe(false);
    expect(parsePAssertedIdentity('<mailto:a@b.example>').ok).toBe(false);
  });
});
