// The employee record of the enterprise directory: what the IdP knows about a person, and the
// contract the rest of the IdP (sign-in, tokens, introspection, admin, security events) uses.

export const EMPLOYEE_STATUS = { active: 'active', disabled: 'disabled' } as const;
export type EmployeeStatus = (typeof EMPLOYEE_STATUS)[keyof typeof EMPLOYEE_STATUS];

export const EMPLOYEE_ROLE = { employee: 'employee', admin: 'admin' } as const;
export type EmployeeRole = (typeof EMPLOYEE_ROLE)[keyof typeof EMPLOYEE_ROLE];

/** An employee as the directory returns it (never with secrets). */
export interface Employee {
  /** Stable internal id (the OIDC `sub`); never reused. */
  id: string;
  /** Sign-in name, lower case, unique: `alice`. */
  username: string;
  displayName: string;
  title: string;
  department: string;
  /** E.164 number with leading `+`, or null for accounts without one (the IT admin). */
  e164: string | null;
  /** True when a small photo is stored; served at `/directory/photos/<id>`. */
  hasPhoto: boolean;
  status: EmployeeStatus;
  role: EmployeeRole;
  /** True when the employee has a TOTP second factor. */
  totpEnabled: boolean;
  createdAt: number;
  updatedAt: number;
}

/** Fields an admin may set when adding an employee. */
export interface NewEmployee {
  username: string;
  displayName: string;
  title: string;
  department: string;
  e164: string | null;
  password: string;
  role?: EmployeeRole;
  photo?: { contentType: string; data: Uint8Array } | null;
  totpSecret?: string | null;
}

/** Fields an admin may change; absent fields stay as they are. */
export interface EmployeeChanges {
  displayName?: string;
  title?: string;
  department?: string;
  e164?: string | null;
  photo?: { contentType: string; data: Uint8Array } | null;
  password?: string;
  role?: EmployeeRole;
}

/**
 * The directory as the rest of the IdP uses it. Implemented over SQLite (better-sqlite3);
 * every method is synchronous because better-sqlite3 is.
 */
export interface Directory {
  get(id: string): Employee | undefined;
  findByUsername(username: string): Employee | undefined;
  /** Case-insensitive search in username, display name, title, department and number. */
  search(query: string, limit?: number): Employee[];
  list(): Employee[];
  /** Checks a password (constant time); undefined when the user is unknown or the password wrong. */
  verifyPassword(username: string, password: string): Employee | undefined;
  photo(id: string): { contentType: string; data: Uint8Array } | undefined;
  add(input: NewEmployee): Employee;
  update(id: string, changes: EmployeeChanges): Employee;
  setStatus(id: string, status: EmployeeStatus): Employee;
  remove(id: string): void;
}
