// Via (RFC 3261 §20.42, RFC 3581 rport, RFC 7118 WS/WSS).
import { describe, expect, it } from 'vitest';
import { SipErrorCode, formatVia, parseVia } from '../../src/index.ts';

describe('parseVia', () => {
  it('reads transport, sent-by, branch, received and a filled rport', () => {
    const r = parseVia('SIP/2.0/WSS r8v2kq.invalid;branch=z9hG4bK-7c1e02;received=198.51.100.20;rport=50412');
    expect(r.ok && r.value).toMatchObject({ protocol: 'SIP/2.0', transport: 'WSS', host: 'r8v2kq.invalid', branch: 'z9hG4bK-7c1e02', received: '198.51.100.20', rport: 50412 });
  });

  it('tells an rport request (no value) from no rport at all (RFC 3581 §4)', () => {
    const asked = parseVia('SIP/2.0/UDP 192.0.2.1:5060;rport;branch=z9hG4bK1');
    const none = parseVia('SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1');
    expect(asked.ok && asked.value.rport).toBe(null);
    expect(asked.ok && asked.value.port).toBe(5060);
    expect(none.ok && 'rport' in none.value).toBe(false);
  });

  it('reads an IPv6 sent-by with port', () => {
    const r = parseVia('SIP/2.0/TCP [2001:db8::9]:5070;branch=z9hG4bKx');
    expect(r.ok && [r.value.host, r.value.port]).toEqual(['[2001:db8::9]', 5070]);
  });

  it('rejects another protocol version, an empty parameter and a branch without value', () => {
    for (const bad of ['SIP/3.0/UDP h;branch=z9hG4bK1', 'SIP/2.0/UDP h;;branch=z9hG4bK1', 'SIP/2.0/UDP h;branch', 'SIP/2.0/UDP', 'SIP/2.0/UDP h;rport=99999']) {
      const r = parseVia(bad);
      expect(!r.ok && r.error.code, bad).toBe(SipErrorCode.HEADER);
    }
  });

  it('formats back to an equivalent value', () => {
    const v = 'SIP/2.0/TLS pcscf.ims.carrier.example:5061;branch=z9hG4bK-p1;received=203.0.113.10;rport';
    const r = parseVia(v);
    if (!r.ok) throw r.error;
    expect(formatVia(r.value)).toBe(v);
    const again = parseVia(formatVia(r.value));
    expect(again.ok && again.value).toEqual(r.value);
  });
});
