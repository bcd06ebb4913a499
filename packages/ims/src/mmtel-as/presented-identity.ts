// The identity a call from an enterprise employee presents to the world (seed 6.X.2.1 step 17):
// From and P-Asserted-Identity carry the employee's allocated E.164, the display name is kept.
// From uses the SIP form (`sip:+E164@domain;user=phone`) because many UAs cannot parse a tel:
// From (sip.js #953); P-Asserted-Identity carries both forms (RFC 3325: one sip, one tel).
import { formatNameAddr, getHeader, parseNameAddr, setHeader } from '@eims/sip';
import type { SipRequest } from '@eims/sip';

export interface PresentedIdentity {
  readonly e164: string;
  readonly displayName: string | undefined;
  readonly domain: string;
}

/**
 * Rewrites From (tag kept) and P-Asserted-Identity of `request` in place.
 * @example presentE164(invite, { e164: '+12025550101', displayName: 'Alice Avery', domain: 'ims.example' })
 */
export function presentE164(request: SipRequest, identity: PresentedIdentity): void {
  const sipForm = `sip:${identity.e164}@${identity.domain};user=phone`;
  const from = parseNameAddr(getHeader(request, 'From') ?? '', 'From');
  const displayName = (from.ok ? from.value.displayName : undefined) ?? identity.displayName;
  const params = from.ok ? from.value.params : new Map<string, string | null>();
  setHeader(request, 'From', formatNameAddr({ uri: sipForm, params, ...(displayName === undefined ? {} : { displayName }) }));
  const named = displayName === undefined ? `<${sipForm}>` : formatNameAddr({ uri: sipForm, params: new Map(), displayName });
  setHeader(request, 'P-Asserted-Identity', [named, `<tel:${identity.e164}>`]);
}
