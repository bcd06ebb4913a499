import { describe, expect, it } from 'vitest';
import { dialUrlFromArgv, parseDialUrl } from '../../src/main/protocol-handler.ts';

describe('click-to-call sip: and tel: URLs (RFC 3966, RFC 3261 §19.1)', () => {
  it('a global tel number with visual separators dials the E.164 number', () => {
    expect(parseDialUrl('tel:+1-202-555-0101')).toEqual({ ok: true, value: { kind: 'e164', number: '+12025550101', display: '+1-202-555-0101' } });
    expect(parseDialUrl('tel:+1.202.555.0102')).toMatchObject({ ok: true, value: { number: '+12025550102' } });
    expect(parseDialUrl('tel:+1%20(202)%20555-0103')).toMatchObject({ ok: true, value: { number: '+12025550103' } });
    expect(parseDialUrl('TEL://+12025550104')).toMatchObject({ ok: true, value: { number: '+12025550104' } });
  });

  it('a local number with a global phone-context becomes E.164; with a domain context it stays local', () => {
    expect(parseDialUrl('tel:555-0101;phone-context=+1-202')).toMatchObject({ ok: true, value: { kind: 'e164', number: '+12025550101' } });
    expect(parseDialUrl('tel:1234;phone-context=acme.example')).toEqual({ ok: true, value: { kind: 'local', number: '1234', context: 'acme.example', display: '1234' } });
  });

  it('a local number without phone-context is refused (RFC 3966 §5.1.5)', () => {
    expect(parseDialUrl('tel:5550101')).toMatchObject({ ok: false, error: expect.stringContaining('phone-context') });
  });

  it('a SIP URL dials the address; subject is kept, other URI headers are dropped', () => {
    expect(parseDialUrl('sip:bob@acme.example?subject=Quarterly%20review&Route=%3Csip:evil.example%3E')).toEqual({
      ok: true,
      value: { kind: 'sip', uri: 'sip:bob@acme.example', display: 'bob@acme.example', subject: 'Quarterly review' },
    });
    expect(parseDialUrl('sips:carol@ACME.example;transport=tcp;maddr=evil.example')).toEqual({ ok: true, value: { kind: 'sip', uri: 'sips:carol@acme.example', display: 'carol@acme.example' } });
    expect(parseDialUrl('sip:+12025550101@ims.example;user=phone')).toMatchObject({ ok: true, value: { uri: 'sip:+12025550101@ims.example;user=phone' } });
  });

  it('garbage is refused', () => {
    for (const url of ['', 'tel:', 'tel:abc', 'tel:+', 'tel:+1234567890123456789', 'sip:acme.example', 'sip:@acme.example', 'sip:bob:pw@acme.example', 'sip:bob@', 'sip:bob@acme..example', 'sip:b<o>b@acme.example',
      'http://acme.example', 'javascript:alert(1)', 'sip:bob@acme.example\r\nRoute: x', 'tel:%zz', 'tel:123;phone-context=@@', 42, 'x'.repeat(5000)]) {
      expect(parseDialUrl(url).ok, String(url).slice(0, 40)).toBe(false);
    }
  });

  it('a subject with control characters is dropped rather than passed on', () => {
    expect(parseDialUrl('sip:bob@acme.example?subject=a%0D%0AInjected:%20x')).toEqual({ ok: true, value: { kind: 'sip', uri: 'sip:bob@acme.example', display: 'bob@acme.example' } });
  });

  it('the URL is found among the arguments of a second instance', () => {
    expect(dialUrlFromArgv(['/opt/softphone', '--flag', 'tel:+12025550101'])).toBe('tel:+12025550101');
    expect(dialUrlFromArgv(['/opt/softphone'])).toBeUndefined();
  });
});
