// Public API of @eims/idp.
export { startIdp, type IdpOptions, type RunningIdp } from './idp.ts';
export { IdpError, IDP_ERROR_CODES, type IdpErrorCode } from './errors.ts';
export type { Directory, Employee, EmployeeChanges, NewEmployee, EmployeeRole, EmployeeStatus } from './directory/employee.ts';
export { EMPLOYEE_ROLE, EMPLOYEE_STATUS } from './directory/employee.ts';
export { SqliteDirectory } from './directory/sqlite-directory.ts';
export { totpCode, generateTotpSecret } from './directory/totp.ts';
export { employeeClaims, thirdPartyId, type EmployeeClaims } from './oidc/employee-claims.ts';
export { DEFAULT_DEMO_PASSWORD, DEMO_PEOPLE } from './demo/demo-data.ts';
export { INTROSPECTION_PATH } from './oidc/introspection-endpoint.ts';
export { SECURITY_EVENT_TYPE, SET_TYP, type SecurityEventType, type SetClaims, type SetSubject, type SubjectIdentifier } from './events/security-event-token.ts';
export { SSF_CONFIGURATION_PATH, SSF_JWKS_PATH, PUSH_DELIVERY_METHOD, type SecurityEventReceiver } from './events/security-events.ts';
