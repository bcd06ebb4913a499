// What the callee's user agent received, as the softphone core reads it: the identity fields of
// an INVITE fed to `callerIdentity` (packages/phone), from sip.js or from a raw SIP request.
import { callerIdentity, type CallerIdentity } from '@eims/phone';
import { getHeader, getHeaders, type SipRequest } from '@eims/sip';
import type { Invitation } from 'sip.js';

export interface DeliveredIdentity {
  from: string;
  pai: string[];
  callInfo: string[];
  identity: string[];
  supported: string[];
  caller: CallerIdentity;
}

export function deliveredBySipJs(invitation: Invitation): DeliveredIdentity {
  const r = invitation.request;
  const pai = r.getHeaders('P-Asserted-Identity');
  const callInfo = r.getHeaders('Call-Info');
  const from = r.getHeader('From') ?? '';
  return {
    from, pai, callInfo,
    identity: r.getHeaders('Identity'),
    supported: r.getHeaders('Supported').flatMap((v) => v.split(',')).map((t) => t.trim()),
    caller: callerIdentity({ pAssertedIdentity: pai, from, callInfo }),
  };
}

export function deliveredRaw(request: SipRequest): DeliveredIdentity {
  const pai = getHeaders(request, 'P-Asserted-Identity');
  const callInfo = getHeaders(request, 'Call-Info');
  const from = getHeader(request, 'From') ?? '';
  return {
    from, pai, callInfo,
    identity: getHeaders(request, 'Identity'),
    supported: getHeaders(request, 'Supported').map((t) => t.trim()),
    caller: callerIdentity({ pAssertedIdentity: pai, from, callInfo }),
  };
}
