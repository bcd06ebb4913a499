// What a terminating verifier tells the UE about verified Rich Call Data: Call-Info header values
// (RFC 9796) built from a verified PASSporT (RFC 9795 §12 "may turn nam/icn/jcd/jcl/crn into Call-Info").
import type { CallInfo } from '@eims/sip';
import { canonicalJson } from '../passport/canonical-json.ts';
import type { VerifiedPassport } from '../verify/verify-identity.ts';

/**
 * Call-Info values for a verified PASSporT (format each with @eims/sip's formatCallInfo):
 * - `icn` → `<icon-url>;purpose=icon;verified="true";integrity="<rcdi /icn>"`;
 * - one `purpose=jcard` value: the inline jCard as `data:application/json;base64,...` (its bytes are
 *   the canonical JSON digested by rcdi `/jcd`), or the `jcl` URL, or the null URI `<data:>` when
 *   only `nam` was verified; with `call-reason` from `crn` and `verified="true"`.
 * When the RCD failed its integrity check nothing is marked verified: only an unverified
 * `call-reason` may remain (the signature covers `crn`, but no card is shown as verified).
 * @example callInfoFromVerified(v).map(formatCallInfo)
 */
export function callInfoFromVerified(v: VerifiedPassport): CallInfo[] {
  const out: CallInfo[] = [];
  const rcd = v.rcd;
  if (!rcd) {
    if (v.crn !== undefined) out.push({ uri: 'data:', purpose: 'jcard', callReason: v.crn, params: new Map() });
    return out;
  }
  const rcdi = v.rcdi ?? {};
  if (rcd.icn !== undefined) out.push(withIntegrity({ uri: rcd.icn, purpose: 'icon', verified: true, params: new Map() }, rcdi['/icn']));
  const jcard: CallInfo =
    rcd.jcd !== undefined
      ? withIntegrity({ uri: `data:application/json;base64,${Buffer.from(canonicalJson(rcd.jcd)).toString('base64')}`, purpose: 'jcard', verified: true, params: new Map() }, rcdi['/jcd'])
      : rcd.jcl !== undefined
        ? withIntegrity({ uri: rcd.jcl, purpose: 'jcard', verified: true, params: new Map() }, rcdi['/jcl'])
        : { uri: 'data:', purpose: 'jcard', verified: true, params: new Map() };
  if (v.crn !== undefined) jcard.callReason = v.crn;
  out.push(jcard);
  return out;
}

function withIntegrity(c: CallInfo, digest: string | undefined): CallInfo {
  if (digest !== undefined) c.integrity = digest;
  return c;
}
