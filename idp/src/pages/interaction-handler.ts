// The interaction pages oidc-provider sends browsers to (`/interaction/:uid`): sign-in with
// username and password, back-off after repeated failures, the TOTP step, and consent (skipped
// for first-party clients such as the softphone).
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { InteractionResults } from 'oidc-provider';
import type { IdpConfig } from '../config/idp-config.ts';
import { EMPLOYEE_STATUS } from '../directory/employee.ts';
import type { SqliteDirectory } from '../directory/sqlite-directory.ts';
import { verifyTotp } from '../directory/totp.ts';
import { parseForm, sendHtml } from '../http/request-body.ts';
import type { LoginBackoff } from './login-backoff.ts';
import { consentPage, messagePage, signInPage, totpPage } from './sign-in-pages.ts';

export interface InteractionDeps {
  provider: Provider;
  directory: SqliteDirectory;
  backoff: LoginBackoff;
  config: IdpConfig;
  /** Key for the short-lived ticket between the password and TOTP steps. */
  ticketKey: Buffer;
  now: () => number;
}

const PATH = /^\/interaction\/([A-Za-z0-9_-]{1,64})(?:\/(login|totp|consent))?$/;
const TICKET_TTL_MS = 5 * 60_000;

export const MESSAGES = {
  wrongCredentials: 'The username or password is incorrect. Check both and try again.',
  missingFields: 'Enter your username and password.',
  disabled: 'This account is disabled. Contact your IT administrator.',
  wrongCode: 'The verification code is incorrect or has expired. Enter the current code from your authenticator app.',
  expired: 'This sign-in page has expired. Go back to the app and start signing in again.',
  tooMany: (s: number) => `Too many failed sign-ins for this username. Try again in ${s} s.`,
} as const;

/** Returns a request handler that answers `/interaction/...` and returns false for anything else. */
export function createInteractionHandler(deps: InteractionDeps) {
  const company = deps.config.enterprise.name;
  const clients = new Map(deps.config.clients.map((c) => [c.metadata.client_id, c]));

  return async function handleInteraction(req: IncomingMessage, res: ServerResponse, body: Buffer | undefined): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://idp.invalid');
    const match = PATH.exec(url.pathname);
    if (!match) return false;
    const [, uid, step] = match as unknown as [string, string, 'login' | 'totp' | 'consent' | undefined];
    const method = req.method ?? 'GET';
    if ((step === undefined && method !== 'GET') || (step !== undefined && method !== 'POST')) {
      sendHtml(res, 405, messagePage({ company, title: 'Not allowed', message: 'This page does not accept that request.', alert: true }), {
        allow: step === undefined ? 'GET' : 'POST',
      });
      return true;
    }

    let details: Awaited<ReturnType<Provider['interactionDetails']>>;
    try {
      details = await deps.provider.interactionDetails(req, res);
    } catch {
      sendHtml(res, 400, messagePage({ company, title: 'Sign-in expired', message: MESSAGES.expired, alert: true }));
      return true;
    }
    if (details.uid !== uid) {
      sendHtml(res, 400, messagePage({ company, title: 'Sign-in expired', message: MESSAGES.expired, alert: true }));
      return true;
    }
    const clientId = String(details.params['client_id'] ?? '');
    const registration = clients.get(clientId);
    const clientName = String(registration?.metadata['client_name'] ?? clientId);
    const base = `/interaction/${uid}`;
    const form = body ? parseForm(body) : new Map<string, string>();
    const finish = async (result: InteractionResults): Promise<boolean> => {
      await deps.provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
      return true;
    };

    if (step === undefined) {
      if (details.prompt.name === 'login') {
        sendHtml(res, 200, signInPage({ company, action: `${base}/login`, clientName }));
        return true;
      }
      if (details.prompt.name === 'consent') {
        if (registration?.firstParty) return finish({ consent: { grantId: await grantEverything(deps.provider, details) } });
        const missingScopes = (details.prompt.details['missingOIDCScope'] as string[] | undefined) ?? [];
        const missingResources = Object.keys((details.prompt.details['missingResourceScopes'] as Record<string, string[]> | undefined) ?? {});
        sendHtml(res, 200, consentPage({ company, action: `${base}/consent`, clientName, scopes: missingScopes, resources: missingResources }));
        return true;
      }
      sendHtml(res, 400, messagePage({ company, title: 'Sign-in error', message: MESSAGES.expired, alert: true }));
      return true;
    }

    switch (step) {
      case 'login': {
        const username = (form.get('username') ?? '').trim().toLowerCase();
        const password = form.get('password') ?? '';
        const page = (status: number, error: string): boolean => {
          sendHtml(res, status, signInPage({ company, action: `${base}/login`, clientName, username, error }));
          return true;
        };
        if (!username || !password) return page(400, MESSAGES.missingFields);
        const gate = deps.backoff.check(username, deps.now());
        if (!gate.ok) return page(429, MESSAGES.tooMany(gate.retryAfterSeconds));
        const employee = deps.directory.verifyPassword(username, password);
        if (!employee) {
          const lock = deps.backoff.fail(username, deps.now());
          return page(lock.ok ? 401 : 429, lock.ok ? MESSAGES.wrongCredentials : MESSAGES.tooMany(lock.retryAfterSeconds));
        }
        if (employee.status !== EMPLOYEE_STATUS.active) return page(403, MESSAGES.disabled);
        if (employee.totpEnabled) {
          sendHtml(res, 200, totpPage({ company, action: `${base}/totp`, ticket: issueTicket(deps, uid, employee.id) }));
          return true;
        }
        deps.backoff.succeed(username);
        return finish({ login: { accountId: employee.id, amr: ['pwd'], remember: true } });
      }
      case 'totp': {
        const accountId = checkTicket(deps, uid, form.get('ticket') ?? '');
        const employee = accountId ? deps.directory.get(accountId) : undefined;
        if (!employee) {
          sendHtml(res, 400, signInPage({ company, action: `${base}/login`, clientName, error: MESSAGES.expired }));
          return true;
        }
        const gate = deps.backoff.check(employee.username, deps.now());
        const secret = deps.directory.totpSecretOf(employee.id);
        if (gate.ok && secret && verifyTotp(secret, (form.get('code') ?? '').trim(), deps.now())) {
          deps.backoff.succeed(employee.username);
          return finish({ login: { accountId: employee.id, amr: ['pwd', 'otp'], remember: true } });
        }
        const lock = gate.ok ? deps.backoff.fail(employee.username, deps.now()) : gate;
        sendHtml(
          res,
          lock.ok ? 401 : 429,
          totpPage({
            company,
            action: `${base}/totp`,
            ticket: issueTicket(deps, uid, employee.id),
            error: lock.ok ? MESSAGES.wrongCode : MESSAGES.tooMany(lock.retryAfterSeconds),
          }),
        );
        return true;
      }
      case 'consent': {
        if (details.prompt.name !== 'consent') {
          sendHtml(res, 400, messagePage({ company, title: 'Sign-in error', message: MESSAGES.expired, alert: true }));
          return true;
        }
        if (form.get('decision') !== 'allow') {
          return finish({ error: 'access_denied', error_description: 'The employee did not allow access.' });
        }
        return finish({ consent: { grantId: await grantEverything(deps.provider, details) } });
      }
    }
  };
}

/** Grants what the prompt says is missing: OIDC scopes, claims and resource scopes. */
async function grantEverything(provider: Provider, details: Awaited<ReturnType<Provider['interactionDetails']>>): Promise<string> {
  const accountId = details.session?.accountId;
  const clientId = String(details.params['client_id']);
  const grant = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
  const target = grant ?? new provider.Grant({ accountId: accountId!, clientId });
  const missing = details.prompt.details as {
    missingOIDCScope?: string[];
    missingOIDCClaims?: string[];
    missingResourceScopes?: Record<string, string[]>;
  };
  if (missing.missingOIDCScope) target.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) target.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
    target.addResourceScope(indicator, scopes.join(' '));
  }
  return target.save();
}

function issueTicket(deps: InteractionDeps, uid: string, accountId: string): string {
  const payload = `${uid}.${accountId}.${deps.now() + TICKET_TTL_MS}`;
  return `${payload}.${createHmac('sha256', deps.ticketKey).update(payload).digest('base64url')}`;
}

function checkTicket(deps: InteractionDeps, uid: string, ticket: string): string | undefined {
  const parts = ticket.split('.');
  if (parts.length !== 4) return undefined;
  const [ticketUid, accountId, expires, mac] = parts as [string, string, string, string];
  const expected = createHmac('sha256', deps.ticketKey).update(`${ticketUid}.${accountId}.${expires}`).digest();
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  if (ticketUid !== uid || Number(expires) < deps.now()) return undefined;
  return accountId;
}
