// Security Event Tokens (RFC 8417, OpenID SSF/CAEP/RISC 1.0) pushed to receivers (RFC 8935):
// the transmitter as the IdP uses it. Events go to a durable outbox first, then out at once.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Database } from '@eims/store';
import { SignJWT } from 'jose';
import type { Employee } from '../directory/employee.ts';
import { assertNever } from '../errors.ts';
import { DeliveryWorker } from './delivery-worker.ts';
import { createSecurityEventOutbox, type OutboxRow, type OutboxStatus } from './security-event-outbox.ts';
import {
  SECURITY_EVENT_TYPE,
  SET_TYP,
  buildSetClaims,
  subjectOf,
  type SecurityEventOccurrence,
  type SetClaims,
} from './security-event-token.ts';
import { SET_SIGNING_ALG, loadOrCreateSigningKey } from './signing-key.ts';

/** A receiver of pushed SETs: its push endpoint and the `aud` it expects. */
export interface SecurityEventReceiver {
  url: string;
  audience: string;
}

export interface SecurityEventsDeps {
  db: Database;
  /** The IdP issuer; the SETs' `iss`. Assumed to have no path (the metadata sits at the root). */
  issuer: string;
  /** Where the ES256 signing key is kept (private JWK, created on first start, mode 0600). */
  keysFile: string;
  receivers: SecurityEventReceiver[];
  /** Domain of the employees' 3PID (`sip:<username>@<sipDomain>`), added to `sub_id` as a `uri` alias. */
  sipDomain?: string;
  log?: (msg: string) => void;
  now?: () => number;
  /** Back-off between attempts (default 500 ms doubling up to 60 s). */
  retry?: { initialMs: number; maxMs: number };
  /** Per-attempt timeout in milliseconds (default 5000). */
  attemptTimeoutMs?: number;
  /** How long `hold()` keeps events back if `release()` never comes (a crash); default 10 s. */
  holdMs?: number;
}

export type AccountEvent = 'disabled' | 'deleted';

/** Events stored but held back; `release()` sends them at once. */
export interface HeldSecurityEvents {
  release(): void;
}

export type SessionRevocationInitiator = 'admin' | 'user' | 'policy' | 'system';

export interface SecurityEvents {
  /** Serves `GET /.well-known/ssf-configuration` and `GET /ssf/jwks.json`; true when handled. */
  handler(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** Queues RISC `account-disabled` for every receiver. */
  employeeDisabled(e: Employee): void;
  /** Queues RISC `account-disabled` then RISC `account-purged` for every receiver. */
  employeeDeleted(e: Employee): void;
  /** Queues CAEP `session-revoked` for every receiver. */
  sessionsRevoked(e: Employee, initiator: SessionRevocationInitiator): void;
  /**
   * Stores the events of a disable or delete inside the caller's SQLite transaction (so the
   * change and its events commit together), holding delivery until `release()`: call it once the
   * employee's tokens are revoked. If the process dies before that, the events still go out after
   * the hold time (on the next start).
   */
  hold(event: AccountEvent, e: Employee): HeldSecurityEvents;
  /** Starts delivering, resuming what a previous process left pending. */
  start(): void;
  /** Stops the worker after the attempts in flight are recorded. */
  close(): Promise<void>;
  /** The outbox, most recent first (for operators and tests). */
  deliveries(options?: { status?: OutboxStatus; limit?: number }): OutboxRow[];
}

export const SSF_CONFIGURATION_PATH = '/.well-known/ssf-configuration';
export const SSF_JWKS_PATH = '/ssf/jwks.json';
/** RFC 8935 push, as SSF 1.0 §7.1 names it. */
export const PUSH_DELIVERY_METHOD = 'urn:ietf:rfc:8935';

/**
 * Creates the transmitter. Loads (or creates) the signing key synchronously, so a broken keys
 * file fails the IdP start with a clear error.
 * @example
 * const events = createSecurityEvents({ db, issuer, keysFile: join(dataDir, 'ssf-signing-key.json'),
 *   receivers: [{ url: 'https://eds.example/ssf/push', audience: 'https://eds.example/ssf' }] });
 * events.start();
 * events.employeeDisabled(directory.setStatus(id, 'disabled'));
 */
export function createSecurityEvents(deps: SecurityEventsDeps): SecurityEvents {
  const now = deps.now ?? Date.now;
  const log = deps.log ?? (() => undefined);
  const key = loadOrCreateSigningKey(deps.keysFile);
  const outbox = createSecurityEventOutbox(deps.db);
  const issuer = deps.issuer.replace(/\/+$/, '');

  const sign = (claims: SetClaims): Promise<string> =>
    // SSF 1.0 §4.1.1 / RFC 8417 §2.3: explicit typ `secevent+jwt` so a SET is never taken for another JWT.
    new SignJWT({ ...claims }).setProtectedHeader({ alg: SET_SIGNING_ALG, typ: SET_TYP, kid: key.kid }).sign(key.privateKey);

  const worker = new DeliveryWorker({
    outbox,
    sign,
    now,
    retry: deps.retry ?? { initialMs: 500, maxMs: 60_000 },
    attemptTimeoutMs: deps.attemptTimeoutMs ?? 5000,
    log,
  });

  const holdMs = deps.holdMs ?? 10_000;

  const store = (e: Employee, occurrences: SecurityEventOccurrence[], delayMs?: number): number[] => {
    const at = now();
    const ids: number[] = [];
    const subject = subjectOf(e, deps.issuer, deps.sipDomain);
    // One transaction: either every receiver's row is stored or none (and the caller's
    // surrounding transaction, if any, includes them).
    deps.db.transaction(() => {
      for (const occurrence of occurrences) {
        for (const r of deps.receivers) {
          const claims = buildSetClaims({ issuer: deps.issuer, audience: r.audience, jti: randomUUID(), now: at, subject, occurrence });
          ids.push(outbox.enqueue({ receiverUrl: r.url, claims, eventType: occurrence.type, subject: e.id, now: at, ...(delayMs === undefined ? {} : { dueAt: at + delayMs }) }));
        }
      }
    })();
    log(`security events ${occurrences.map((o) => o.type.slice(o.type.lastIndexOf('/') + 1)).join(', ')} queued for ${e.username} to ${deps.receivers.length} receiver(s)`);
    return ids;
  };
  const enqueueAll = (e: Employee, occurrences: SecurityEventOccurrence[]): void => {
    store(e, occurrences);
    worker.kick();
  };
  const occurrencesOf = (event: AccountEvent): SecurityEventOccurrence[] => {
    switch (event) {
      case 'disabled':
        return [{ type: SECURITY_EVENT_TYPE.accountDisabled }];
      case 'deleted':
        // Receivers that only know account-disabled still cut the employee off; account-purged
        // then tells them they may forget the account.
        return [{ type: SECURITY_EVENT_TYPE.accountDisabled }, { type: SECURITY_EVENT_TYPE.accountPurged }];
      default:
        return assertNever(event);
    }
  };

  const metadata = {
    spec_version: '1_0',
    issuer: deps.issuer,
    jwks_uri: `${issuer}${SSF_JWKS_PATH}`,
    delivery_methods_supported: [PUSH_DELIVERY_METHOD],
    default_subjects: 'ALL',
  };

  return {
    handler(req, res) {
      const path = (req.url ?? '/').split('?')[0];
      if (path !== SSF_CONFIGURATION_PATH && path !== SSF_JWKS_PATH) return Promise.resolve(false);
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'ERR_IDP_METHOD', message: `Use GET for ${path}.` } }));
        return Promise.resolve(true);
      }
      const body = JSON.stringify(path === SSF_JWKS_PATH ? { keys: [key.publicJwk] } : metadata);
      res.writeHead(200, {
        'content-type': path === SSF_JWKS_PATH ? 'application/jwk-set+json' : 'application/json',
        'cache-control': 'public, max-age=300',
        'content-length': Buffer.byteLength(body),
      });
      res.end(req.method === 'HEAD' ? undefined : body);
      return Promise.resolve(true);
    },
    employeeDisabled(e) {
      enqueueAll(e, occurrencesOf('disabled'));
    },
    employeeDeleted(e) {
      enqueueAll(e, occurrencesOf('deleted'));
    },
    hold(event, e) {
      const ids = store(e, occurrencesOf(event), holdMs);
      return {
        release() {
          outbox.release(ids, now());
          worker.kick();
        },
      };
    },
    sessionsRevoked(e, initiator) {
      enqueueAll(e, [{ type: SECURITY_EVENT_TYPE.sessionRevoked, initiator }]);
    },
    start() {
      worker.start();
    },
    close() {
      return worker.close();
    },
    deliveries(options) {
      return outbox.list(options);
    },
  };
}
