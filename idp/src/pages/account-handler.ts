// `/account`: "sign out everywhere" for an employee. Re-authenticates (password, and the TOTP code
// when the employee has one), then destroys all their sessions, grants and tokens and tells the
// security-event receivers (CAEP session-revoked, initiator `user`).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Employee } from '../directory/employee.ts';
import { EMPLOYEE_STATUS } from '../directory/employee.ts';
import type { SqliteDirectory } from '../directory/sqlite-directory.ts';
import { verifyTotp } from '../directory/totp.ts';
import { parseForm, sendHtml } from '../http/request-body.ts';
import { MESSAGES } from './interaction-handler.ts';
import type { LoginBackoff } from './login-backoff.ts';
import { accountPage } from './sign-in-pages.ts';

export interface AccountDeps {
  company: string;
  directory: SqliteDirectory;
  backoff: LoginBackoff;
  signOutEverywhere(employee: Employee): Promise<void>;
  now: () => number;
}

export function createAccountHandler(deps: AccountDeps) {
  return async function handleAccount(req: IncomingMessage, res: ServerResponse, body: Buffer | undefined): Promise<boolean> {
    const path = new URL(req.url ?? '/', 'http://idp.invalid').pathname;
    if (path !== '/account') return false;
    const company = deps.company;
    if (req.method === 'GET') {
      sendHtml(res, 200, accountPage({ company }));
      return true;
    }
    if (req.method !== 'POST') {
      sendHtml(res, 405, accountPage({ company, error: 'Use the form on this page.' }), { allow: 'GET, POST' });
      return true;
    }
    const form = body ? parseForm(body) : new Map<string, string>();
    const username = (form.get('username') ?? '').trim().toLowerCase();
    const page = (status: number, error: string): boolean => {
      sendHtml(res, status, accountPage({ company, username, error }));
      return true;
    };
    if (!username || !form.get('password')) return page(400, MESSAGES.missingFields);
    const gate = deps.backoff.check(username, deps.now());
    if (!gate.ok) return page(429, MESSAGES.tooMany(gate.retryAfterSeconds));
    const employee = deps.directory.verifyPassword(username, form.get('password') ?? '');
    const secret = employee ? deps.directory.totpSecretOf(employee.id) : undefined;
    const codeOk = !secret || verifyTotp(secret, (form.get('code') ?? '').trim(), deps.now());
    if (!employee || !codeOk) {
      const lock = deps.backoff.fail(username, deps.now());
      if (!lock.ok) return page(429, MESSAGES.tooMany(lock.retryAfterSeconds));
      return page(401, employee ? MESSAGES.wrongCode : MESSAGES.wrongCredentials);
    }
    if (employee.status !== EMPLOYEE_STATUS.active) return page(403, MESSAGES.disabled);
    deps.backoff.succeed(username);
    await deps.signOutEverywhere(employee);
    sendHtml(res, 200, accountPage({ company, done: `Signed out everywhere. Every app must sign in as ${employee.username} again.` }));
    return true;
  };
}
