// The Enterprise Data Server: authenticates 3PID + access token for the S-CSCF (IF1) through
// the enterprise's IdP (IF4), caches employee data, answers the MMTel AS (IF2), and reacts to
// the IdP's security events. It is never the source of truth for employees.
import { compactVerify, errors as joseErrors } from 'jose';
import type { Enterprise } from '../bss/enterprise.ts';
import { inRange } from '../bss/number-range.ts';
import { parseSipUri } from '../bss/provisioning-input.ts';
import type { ProvisioningStore } from '../bss/provisioning-store.ts';
import type { Result } from '../errors.ts';
import type { EdsAuditLog } from './eds-audit-log.ts';
import { EventChannel, type DeregisterReason, type If1Event, type If2Event } from './eds-events.ts';
import { employeeFromIntrospection, type EmployeeData } from './employee.ts';
import { EmployeeCache } from './employee-cache.ts';
import type { If1Error } from './if1-errors.ts';
import type { If4Client } from './if4-client.ts';
import type { IssuerKeys } from './issuer-keys.ts';
import type { RegistrationStore } from './registration-store.ts';
import { mmtelServiceProfile, type ServiceProfile } from './service-profile.ts';
import { precheckToken } from './token-precheck.ts';

export interface AuthenticateRequest {
  impu: string;
  token: string | undefined;
  purpose: 'register' | 'call';
  /** Name of the S-CSCF asking (recorded as the assignment on register). */
  scscf?: string | undefined;
}

/** Temporary IMS user data (TR 23.700-87 6.X.2.2 step 8). */
export interface Authentication {
  impu: string;
  /** Default identity first (RFC 7315 P-Associated-URI order): the 3PID, then `tel:+E164`. */
  implicitRegistrationSet: string[];
  serviceProfile: ServiceProfile;
  employee: { displayName: string | null; title: string | null; department: string | null; organization: string | null; e164: string; photoUrl: string | null };
  enterprise: { id: string; name: string; domain: string };
  assignedScscf: string | null;
  /** When the token (and so this data) expires. */
  expiresAt: string;
  /** True when answered from the cache without asking the IdP. */
  cached: boolean;
}

export interface EdsDeps {
  store: ProvisioningStore;
  registrations: RegistrationStore;
  audit: EdsAuditLog;
  if4: If4Client;
  keys: IssuerKeys;
  resource: string;
  domain: string;
  now: () => number;
  log: (message: string) => void;
}

export class Eds {
  readonly cache: EmployeeCache;
  readonly if1Events = new EventChannel<If1Event>();
  readonly if2Events = new EventChannel<If2Event>();
  readonly #deps: EdsDeps;

  constructor(deps: EdsDeps) {
    this.#deps = deps;
    this.cache = new EmployeeCache(deps.now);
    deps.store.onChange((change) => {
      if (change.kind === 'enterprise') {
        // Its issuer or ranges may have changed: the AS hears that its employees' data
        // (attestation, enterprise name) may differ. Cached tokens are re-checked in authenticate.
        for (const impu of this.cache.employeesOf(change.id)) this.if2Events.publish({ type: 'user-changed', impu });
      }
      if (change.kind === 'subscriber') {
        const exists = deps.store.subscriber(change.impu) !== undefined;
        this.if2Events.publish({ type: exists ? 'user-changed' : 'user-removed', impu: change.impu });
      }
    });
  }

  async authenticate(request: AuthenticateRequest): Promise<Result<Authentication, If1Error>> {
    const { now } = this.#deps;
    if (request.token === undefined || request.token === '') return fail('token_missing', 'The request carries no access token (RFC 8898 §4: challenge with Bearer).');
    const impu = parseSipUri(request.impu);
    if (!impu) return fail('invalid_request', `"${request.impu}" is not a 3PID like sip:alice@acme.example.`);
    const enterprise = this.#deps.store.enterpriseByDomain(impu.domain);
    if (!enterprise) return fail('enterprise_not_provisioned', `No enterprise is provisioned for the domain ${impu.domain}.`);
    // A cached entry is a token that passed every check below and has not expired (the cache
    // drops it at exp). It is decoded again only when its enterprise is not the object it was
    // checked against: the store hands out frozen enterprises and replaces them on every write.
    let entry = this.cache.get(request.token);
    if (entry !== undefined && entry.enterpriseId !== enterprise.id) entry = undefined;
    const cached = entry !== undefined;
    if (entry === undefined || entry.checkedAgainst !== enterprise) {
      const pre = precheckToken(request.token, { issuer: enterprise.idpIssuer, resource: this.#deps.resource, now: now() });
      if (!pre.ok) return pre;
      if (entry !== undefined) entry.checkedAgainst = enterprise;
      else {
        const signature = await this.#verifySignature(enterprise, request.token);
        if (!signature.ok) return signature;
        const answer = await this.#deps.if4.introspect(enterprise, request.token);
        if (!answer.ok) return fail('idp_unavailable', answer.error.message);
        if (answer.value['active'] !== true) return fail('token_inactive', 'The IdP reports the token inactive: revoked, or the employee is disabled or removed (RFC 7662 §2.2).');
        const data = employeeFromIntrospection(answer.value);
        if (!data) return fail('token_inactive', 'The IdP answered active but without iss, sub and 3pid.');
        const previous = this.cache.find((e) => e.thirdPartyId === data.thirdPartyId);
        entry = { employee: data, enterpriseId: enterprise.id, expiresAt: pre.value.expiresAt, checkedAgainst: enterprise };
        this.cache.set(request.token, entry);
        if (previous && JSON.stringify(previous.employee) !== JSON.stringify(data)) this.if2Events.publish({ type: 'user-changed', impu: data.thirdPartyId });
      }
    }
    const employee = entry.employee;

    const asked = `sip:${impu.user}@${impu.domain}`;
    if (employee.thirdPartyId !== asked) return fail('identity_mismatch', `The token belongs to ${employee.thirdPartyId}, not to ${asked}.`);
    const e164 = employee.e164;
    if (e164 === null || !enterprise.numberRanges.some((r) => inRange(e164, r))) {
      const detail = e164 === null ? `${asked} has no number at the IdP.` : `${e164} of ${asked} is outside the ranges allocated to ${enterprise.name}.`;
      this.#deps.audit.append({ kind: 'number_not_allocated', enterpriseId: enterprise.id, impu: asked, e164, detail });
      this.#deps.log(`EDS refused ${asked}: ${detail}`);
      return fail('number_not_allocated', detail);
    }
    if (request.purpose === 'register' && request.scscf) this.#deps.registrations.assign(asked, request.scscf);
    return {
      ok: true,
      value: {
        impu: asked,
        implicitRegistrationSet: [asked, `tel:${e164}`],
        serviceProfile: mmtelServiceProfile(this.#deps.domain, 'enterprise'),
        employee: { displayName: employee.displayName, title: employee.title, department: employee.department, organization: employee.organization, e164, photoUrl: employee.photoUrl },
        enterprise: { id: enterprise.id, name: enterprise.name, domain: enterprise.domain },
        assignedScscf: this.#deps.registrations.assignment(asked),
        expiresAt: new Date(entry.expiresAt).toISOString(),
        cached,
      },
    };
  }

  /**
   * Data decoupling: the IdP said the employee lost access. Drops the cache and tells the
   * S-CSCF to de-register every 3PID concerned.
   */
  revokeEmployee(subject: { issuer: string; sub: string | null; thirdPartyId: string | null }, reason: DeregisterReason, removed: boolean): string[] {
    const impus = new Set(this.cache.dropEmployee((e) => (e.issuer === subject.issuer && e.sub === subject.sub) || e.thirdPartyId === subject.thirdPartyId));
    if (subject.thirdPartyId) impus.add(subject.thirdPartyId);
    for (const impu of impus) {
      this.if1Events.publish({ type: 'deregister', impu, reason });
      if (removed || reason === 'rejected') this.if2Events.publish({ type: 'user-removed', impu });
    }
    return [...impus];
  }

  /** Cached employee data for a 3PID or `tel:+E164` (IF2). */
  employee(id: string): { employee: EmployeeData; enterprise: Enterprise } | undefined {
    const tel = /^tel:(\+\d+)$/.exec(id);
    const key = id.toLowerCase();
    const entry = this.cache.find((e) => (tel ? e.e164 === tel[1] : e.thirdPartyId === key));
    if (!entry) return undefined;
    const enterprise = this.#deps.store.enterprise(entry.enterpriseId);
    return enterprise && { employee: entry.employee, enterprise };
  }

  async #verifySignature(enterprise: Enterprise, token: string): Promise<Result<true, If1Error>> {
    let keys;
    try {
      keys = await this.#deps.keys.keys(enterprise.idpIssuer, 'access-token');
    } catch (cause) {
      return fail('idp_unavailable', `The keys of ${enterprise.idpIssuer} cannot be fetched: ${(cause as Error).message}`);
    }
    try {
      await compactVerify(token, keys, { algorithms: ['ES256', 'ES384', 'RS256', 'PS256', 'EdDSA'] });
      return { ok: true, value: true };
    } catch (cause) {
      if (cause instanceof joseErrors.JWKSTimeout || (cause instanceof Error && !(cause instanceof joseErrors.JOSEError))) {
        return fail('idp_unavailable', `The keys of ${enterprise.idpIssuer} cannot be fetched: ${cause.message}`);
      }
      return fail('token_signature_invalid', `The token's signature does not verify with the keys of ${enterprise.idpIssuer} (${(cause as Error).message}).`);
    }
  }
}

function fail(code: If1Error['code'], detail: string): { ok: false; error: If1Error } {
  return { ok: false, error: { code, detail } };
}
