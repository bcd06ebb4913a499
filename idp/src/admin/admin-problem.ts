// The errors the admin API answers with: a stable code, an HTTP status and a message that says
// what to do. Sent as `{ "error": { "code", "message", "field"? } }`.

export const ADMIN_ERROR = {
  unauthorized: 'ERR_IDP_ADMIN_UNAUTHORIZED',
  forbidden: 'ERR_IDP_ADMIN_FORBIDDEN',
  notFound: 'ERR_IDP_ADMIN_NOT_FOUND',
  method: 'ERR_IDP_ADMIN_METHOD',
  contentType: 'ERR_IDP_ADMIN_CONTENT_TYPE',
  bodyTooLarge: 'ERR_IDP_ADMIN_BODY_TOO_LARGE',
  malformedJson: 'ERR_IDP_ADMIN_MALFORMED_JSON',
  invalidField: 'ERR_IDP_ADMIN_INVALID_FIELD',
  unknownField: 'ERR_IDP_ADMIN_UNKNOWN_FIELD',
  missingField: 'ERR_IDP_ADMIN_MISSING_FIELD',
  duplicate: 'ERR_IDP_ADMIN_DUPLICATE',
  selfAction: 'ERR_IDP_ADMIN_SELF_ACTION',
  revokeFailed: 'ERR_IDP_ADMIN_REVOKE_FAILED',
  internal: 'ERR_IDP_ADMIN_INTERNAL',
} as const;
export type AdminErrorCode = (typeof ADMIN_ERROR)[keyof typeof ADMIN_ERROR];

export interface AdminProblem {
  status: number;
  code: AdminErrorCode;
  message: string;
  field?: string;
}

export type AdminResult<T> = { ok: true; value: T } | { ok: false; error: AdminProblem };

export function problem(status: number, code: AdminErrorCode, message: string, field?: string): AdminProblem {
  return field === undefined ? { status, code, message } : { status, code, message, field };
}

export function invalid(field: string, message: string): { ok: false; error: AdminProblem } {
  return { ok: false, error: problem(400, ADMIN_ERROR.invalidField, message, field) };
}
