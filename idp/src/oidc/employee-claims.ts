// The employee data carried in IMS access tokens (RFC 9068) and introspection answers (RFC 7662):
// what the EDS caches and the name card shows. Claim names: OIDC standard ones where they exist
// (`name`, `phone_number`, `picture`, `preferred_username`), the seed's `3pid` for the identity.
import type { Employee } from '../directory/employee.ts';
import type { EnterpriseConfig } from '../config/idp-config.ts';

export interface EmployeeClaims {
  /** The third party ID: `sip:<username>@<enterprise domain>`. */
  '3pid': string;
  preferred_username: string;
  name: string;
  title: string;
  department: string;
  organization: string;
  /** E.164 number, present only when the employee has one. */
  phone_number?: string;
  /** URL of the photo, present only when one is stored. */
  picture?: string;
}

/** The 3PID of an employee (TR 23.700-87, "third party ID"). */
export function thirdPartyId(employee: Employee, enterprise: EnterpriseConfig): string {
  return `sip:${employee.username}@${enterprise.domain}`;
}

export function employeeClaims(employee: Employee, enterprise: EnterpriseConfig, issuer: string): EmployeeClaims {
  return {
    '3pid': thirdPartyId(employee, enterprise),
    preferred_username: employee.username,
    name: employee.displayName,
    title: employee.title,
    department: employee.department,
    organization: enterprise.name,
    ...(employee.e164 ? { phone_number: employee.e164 } : {}),
    ...(employee.hasPhoto ? { picture: `${issuer}/directory/photos/${employee.id}` } : {}),
  };
}
