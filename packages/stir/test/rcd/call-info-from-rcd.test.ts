import { describe, expect, it } from 'vitest';
import { formatCallInfo, parseCallInfo } from '@eims/sip';
import { StirError, StirErrorCode, callInfoFromVerified, computeRcdi, matchesDigest, type Rcd, type VerifiedPassport } from '../../src/index.ts';

const LOGO = 'https://cdn.acme.example/logo-256x256.png';
function verified(rcd: Rcd | undefined, extra: Partial<VerifiedPassport> = {}): VerifiedPassport {
  const v = { verstat: 'TN-Validation-Passed', ...(rcd ? { rcd, rcdi: computeRcdi(rcd, new Map([[LOGO, Buffer.from('png')]])) } : {}), ...extra } as VerifiedPassport;
  return v;
}

describe('Call-Info from verified Rich Call Data (RFC 9796)', () => {
  it('an icon gets purpose=icon, verified and the rcdi digest as integrity', () => {
    const [icon, jcard] = callInfoFromVerified(verified({ nam: 'Alice', icn: LOGO }, { crn: 'Quarterly review' }));
    expect(formatCallInfo(icon!)).toMatch(/^<https:\/\/cdn\.acme\.example\/logo-256x256\.png>;purpose=icon;verified="true";integrity="sha256-[A-Za-z0-9+/]+"$/);
    expect(formatCallInfo(jcard!)).toBe('<data:>;purpose=jcard;call-reason="Quarterly review";verified="true"');
  });

  it('an inline jCard travels as a data: URI whose bytes match the /jcd digest, and parses back', () => {
    const rcd: Rcd = { nam: 'Alice', jcd: ['vcard', [['fn', {}, 'text', 'Alice Avery'], ['title', {}, 'text', 'Sales Director']]] };
    const [jcard] = callInfoFromVerified(verified(rcd));
    const parsed = parseCallInfo(formatCallInfo(jcard!));
    expect(parsed.ok && parsed.value.purpose).toBe('jcard');
    const bytes = Buffer.from(jcard!.uri.slice(jcard!.uri.indexOf(',') + 1), 'base64');
    expect(JSON.parse(bytes.toString())).toEqual(rcd.jcd);
    expect(matchesDigest(bytes, jcard!.integrity!)).toBe(true);
  });

  it('nothing is marked verified when the RCD failed its integrity check', () => {
    const out = callInfoFromVerified(verified(undefined, { crn: 'Support', rcdError: new StirError(StirErrorCode.RCD_INTEGRITY, 'x') }));
    expect(out.map(formatCallInfo)).toEqual(['<data:>;purpose=jcard;call-reason="Support"']);
  });
});
