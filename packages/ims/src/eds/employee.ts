// Employee data as the EDS holds it: a cached copy of what the enterprise's IdP said in its
// introspection answer (IF4). The IdP stays the source of truth.

export interface EmployeeData {
  /** `iss` and `sub` of the token: the IdP's stable id of the employee. */
  issuer: string;
  sub: string;
  /** The 3PID, `sip:alice@acme.example`. */
  thirdPartyId: string;
  e164: string | null;
  username: string | null;
  displayName: string | null;
  title: string | null;
  department: string | null;
  organization: string | null;
  photoUrl: string | null;
}

/** Reads an active RFC 7662 answer of the IdP (claims as documented in idp/README.md). */
export function employeeFromIntrospection(answer: Record<string, unknown>): EmployeeData | undefined {
  const str = (k: string): string | null => (typeof answer[k] === 'string' && answer[k] !== '' ? (answer[k] as string) : null);
  const issuer = str('iss');
  const sub = str('sub');
  const thirdPartyId = str('3pid');
  if (issuer === null || sub === null || thirdPartyId === null) return undefined;
  return {
    issuer,
    sub,
    thirdPartyId: thirdPartyId.toLowerCase(),
    e164: str('phone_number'),
    username: str('username') ?? str('preferred_username'),
    displayName: str('name'),
    title: str('title'),
    department: str('department'),
    organization: str('organization'),
    photoUrl: str('picture'),
  };
}
