// Public identities as keys: a 3PID and both spellings of an E.164 find the same implicit set.
import { describe, expect, it } from 'vitest';
import { domainOf, impuKey, sipFormOfTel } from '../../src/core/public-identity.ts';

describe('impuKey (TS 23.228 §4.3.3.4 implicit registration set)', () => {
  it('tel:+E164 and sip:+E164@domain;user=phone are one identity', () => {
    expect(impuKey('tel:+12025550101')).toBe('tel:+12025550101');
    expect(impuKey('tel:+1-202-555-0101')).toBe('tel:+12025550101');
    expect(impuKey('sip:+12025550101@ims.example;user=phone')).toBe('tel:+12025550101');
    expect(sipFormOfTel('tel:+12025550101', 'ims.example')).toBe('sip:+12025550101@ims.example;user=phone');
  });
  it('a 3PID keeps its user and lower-cases its host; parameters do not matter', () => {
    expect(impuKey('sip:alice@ACME.example;transport=tcp')).toBe('sip:alice@acme.example');
    expect(domainOf('sip:alice@ACME.example')).toBe('acme.example');
  });
  it('local numbers, other schemes and garbage have no key', () => {
    expect(impuKey('tel:5550101;phone-context=example.com')).toBeUndefined();
    expect(impuKey('mailto:alice@acme.example')).toBeUndefined();
    expect(impuKey('not a uri')).toBeUndefined();
  });
});
