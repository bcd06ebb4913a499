// The EDS's Security Event Token receiver: RFC 8935 push delivery of SETs (RFC 8417) profiled by
// OpenID SSF/CAEP/RISC 1.0. A SET is acted on only once its signature verifies with the keys the
// issuing enterprise's IdP publishes, so plain HTTP transport does not weaken it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { compactVerify, decodeJwt, decodeProtectedHeader, type JWTPayload } from 'jose';
import { migrate, type Database } from '@eims/store';
import { parseSipUri } from '../bss/provisioning-input.ts';
import type { ProvisioningStore } from '../bss/provisioning-store.ts';
import type { EdsAuditLog } from './eds-audit-log.ts';
import type { Eds } from './eds.ts';
import type { IssuerKeys } from './issuer-keys.ts';

export const SET_RECEIVER_PATH = '/eds/ssf/events';

export const SET_EVENT = {
  sessionRevoked: 'https://schemas.openid.net/secevent/caep/event-type/session-revoked',
  accountDisabled: 'https://schemas.openid.net/secevent/risc/event-type/account-disabled',
  accountPurged: 'https://schemas.openid.net/secevent/risc/event-type/account-purged',
} as const;

/** RFC 8935 §2.4 error codes. */
type SetErr = 'invalid_request' | 'invalid_key' | 'invalid_issuer' | 'invalid_audience';

const MAX_SET_BYTES = 64 * 1024;

export interface SetReceiverDeps {
  db: Database;
  store: ProvisioningStore;
  keys: IssuerKeys;
  eds: Eds;
  audit: EdsAuditLog;
  /** Audiences accepted for enterprises provisioned without `setAudience` (the receiver's URLs). */
  defaultAudiences: () => string[];
  now: () => number;
  log: (message: string) => void;
}

export function createSetReceiver(deps: SetReceiverDeps): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  migrate(deps.db, 'eds-set-jti-1', 'CREATE TABLE eds_set_jti (iss TEXT NOT NULL, jti TEXT NOT NULL, received_at INTEGER NOT NULL, PRIMARY KEY (iss, jti))');
  const remember = deps.db.prepare('INSERT OR IGNORE INTO eds_set_jti (iss, jti, received_at) VALUES (?, ?, ?)');

  return async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://console.invalid').pathname;
    if (path !== SET_RECEIVER_PATH) return false;
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST', 'content-type': 'application/json' }).end(JSON.stringify({ err: 'invalid_request', description: 'POST a SET (RFC 8935).' }));
      return true;
    }
    const refuse = (status: number, err: SetErr, description: string): true => {
      deps.log(`SET refused: ${err}: ${description}`);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ err, description }));
      return true;
    };
    // RFC 8935 §2: the SET is the body, of type application/secevent+jwt.
    if (!/^application\/secevent\+jwt\s*(?:;|$)/i.test(req.headers['content-type'] ?? '')) return refuse(400, 'invalid_request', 'The body must be application/secevent+jwt.');
    const body = await readText(req);
    if (body === undefined) return refuse(400, 'invalid_request', `The SET is larger than ${MAX_SET_BYTES} bytes.`);
    let claims: JWTPayload;
    try {
      // RFC 8417 §2.3 / SSF 1.0: explicit typing "secevent+jwt".
      if (decodeProtectedHeader(body).typ !== 'secevent+jwt') return refuse(400, 'invalid_request', 'The SET header "typ" must be "secevent+jwt".');
      claims = decodeJwt(body);
    } catch (cause) {
      return refuse(400, 'invalid_request', `The body is not a JWT (${(cause as Error).message}).`);
    }
    const issuer = typeof claims.iss === 'string' ? claims.iss : '';
    const enterprises = deps.store.enterprisesByIssuer(issuer);
    const enterprise = enterprises[0];
    if (!enterprise) return refuse(400, 'invalid_issuer', `${JSON.stringify(claims.iss)} is not the IdP of a provisioned enterprise.`);
    let keys;
    try {
      keys = await deps.keys.keys(issuer, 'ssf');
    } catch (cause) {
      // A transient failure: the transmitter retries on 5xx (RFC 8935 §2.4 leaves it to HTTP).
      deps.log(`SET from ${issuer} not checked: ${(cause as Error).message}`);
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' }).end(JSON.stringify({ err: 'temporarily_unavailable', description: 'The IdP keys cannot be fetched now.' }));
      return true;
    }
    try {
      await compactVerify(body, keys, { algorithms: ['ES256', 'ES384', 'RS256', 'PS256', 'EdDSA'] });
    } catch (cause) {
      return refuse(400, 'invalid_key', `The SET signature does not verify with the keys of ${issuer} (${(cause as Error).message}).`);
    }
    const accepted = enterprise.setAudience !== null ? [enterprise.setAudience] : deps.defaultAudiences();
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!audiences.some((a) => typeof a === 'string' && accepted.includes(a))) return refuse(400, 'invalid_audience', `The SET is for ${JSON.stringify(claims.aud)}, not for this EDS (${accepted.join(', ')}).`);
    // SSF 1.0: SETs carry neither "sub" nor "exp"; the subject is "sub_id".
    if (claims.sub !== undefined || claims.exp !== undefined) return refuse(400, 'invalid_request', 'An SSF SET must not carry "sub" or "exp".');
    if (typeof claims.jti !== 'string' || claims.jti === '') return refuse(400, 'invalid_request', 'The SET has no "jti".');
    const events = claims['events'];
    if (typeof events !== 'object' || events === null || Array.isArray(events)) return refuse(400, 'invalid_request', 'The SET has no "events" object.');

    // RFC 8417 §2.2: "jti" identifies the SET; a retried one is acknowledged again but not re-applied.
    if (remember.run(issuer, claims.jti, deps.now()).changes === 0) {
      res.writeHead(202).end();
      return true;
    }
    const subject = subjectOf(claims['sub_id'], issuer, enterprise.domain);
    for (const type of Object.keys(events)) {
      const reason = type === SET_EVENT.sessionRevoked ? 'deactivated' : type === SET_EVENT.accountDisabled || type === SET_EVENT.accountPurged ? 'rejected' : undefined;
      if (reason === undefined) continue; // other event types (verification, ...) need no action
      const impus = deps.eds.revokeEmployee(subject, reason, type === SET_EVENT.accountPurged);
      const detail = `${type.slice(type.lastIndexOf('/') + 1)} from ${issuer} for ${subject.thirdPartyId ?? subject.sub ?? 'an unknown subject'}: de-registered ${impus.join(', ') || 'nobody'}`;
      deps.audit.append({ kind: 'security_event', enterpriseId: enterprise.id, impu: subject.thirdPartyId, e164: null, detail });
      deps.log(`EDS: ${detail}`);
    }
    res.writeHead(202).end();
    return true;
  };
}

/** Reads the RFC 9493 subject: `iss_sub`, a SIP `uri` in the enterprise's own domain, or `aliases` of them. */
function subjectOf(raw: unknown, issuer: string, domain: string): { issuer: string; sub: string | null; thirdPartyId: string | null } {
  const subject = { issuer, sub: null as string | null, thirdPartyId: null as string | null };
  const members = isRecord(raw) && raw['format'] === 'aliases' && Array.isArray(raw['identifiers']) ? (raw['identifiers'] as unknown[]) : [raw];
  for (const m of members) {
    if (!isRecord(m)) continue;
    if (m['format'] === 'iss_sub' && m['iss'] === issuer && typeof m['sub'] === 'string') subject.sub = m['sub'];
    if (m['format'] === 'uri' && typeof m['uri'] === 'string') {
      const uri = parseSipUri(m['uri']);
      // An enterprise's IdP speaks only for its own domain's 3PIDs.
      if (uri && uri.domain === domain) subject.thirdPartyId = `sip:${uri.user}@${uri.domain}`;
    }
  }
  return subject;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function readText(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).byteLength;
    if (size > MAX_SET_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8').trim();
}
