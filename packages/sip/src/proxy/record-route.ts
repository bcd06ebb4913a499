// Record-Route insertion (RFC 3261 §16.6 step 4) so the proxy stays on the dialog's path.
import { addHeader } from '../message/sip-message.ts';
import type { SipRequest } from '../message/sip-message.ts';

/**
 * Puts `<uri;lr>` on top of Record-Route. "The URI placed in the Record-Route header field value
 * MUST be a SIP or SIPS URI ... [and] SHOULD contain the lr parameter" (§16.6 step 4). A proxy
 * changing transport (WS ↔ TLS) records twice, one value per side.
 * @example addRecordRoute(copy, 'sip:pcscf.ims.example:5060;transport=tcp')
 */
export function addRecordRoute(request: SipRequest, uri: string): void {
  if (!/^sips?:/i.test(uri)) throw new TypeError('Record-Route needs a sip: or sips: URI');
  const withLr = /;lr(?=[;>?]|$)/i.test(uri) ? uri : `${uri};lr`;
  addHeader(request, 'Record-Route', `<${withLr}>`, 'first');
}
