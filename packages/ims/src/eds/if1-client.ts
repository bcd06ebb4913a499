// Typed IF1 client for the S-CSCF (and I-CSCF): authenticate 3PID + token, digest data of plain
// subscribers, registration state for restoration, and network-initiated de-registrations.
import { ImsError, IMS_ERROR_CODES } from '../errors.ts';
import type { Problem } from '../sbi/problem.ts';
import { SbiClient, type EventSubscription, type SbiAnswer, type SbiClientOptions, type SubscribeOptions } from '../sbi/sbi-client.ts';
import type { Authentication, AuthenticateRequest } from './eds.ts';
import type { If1Event } from './eds-events.ts';
import type { RegistrationOperation, StoredRegistration } from './registration-store.ts';
import type { ServiceProfile } from './service-profile.ts';

export interface If1Subscriber {
  impu: string;
  e164: string;
  username: string;
  realm: string;
  algorithm: 'SHA-256';
  /** SHA-256(username:realm:password), hex (RFC 7616). Keep it out of logs. */
  ha1Sha256: string;
  implicitRegistrationSet: string[];
  serviceProfile: ServiceProfile;
}

/**
 * @example
 * const if1 = new If1Client({ sbiUrl: 'https://localhost:4700', caCertPem, apiKey });
 * const result = await if1.authenticate({ impu: 'sip:alice@acme.example', token, purpose: 'register', scscf: 'scscf-1' });
 * if (!result.ok) reply(result.status, result.problem.code); // 401 → Bearer challenge, 403 → refuse
 */
export class If1Client {
  readonly sbi: SbiClient;

  constructor(options: SbiClientOptions | SbiClient) {
    this.sbi = options instanceof SbiClient ? options : new SbiClient(options);
  }

  /** Problems (the token matrix codes, see IF1_ERRORS) come back as `{ ok: false }`. */
  authenticate(request: AuthenticateRequest): Promise<SbiAnswer<Authentication>> {
    return this.sbi.call<Authentication>('POST', '/if1/v1/authenticate', { impu: request.impu, token: request.token, purpose: request.purpose, ...(request.scscf ? { scscf: request.scscf } : {}) });
  }

  /**
   * Several authentications in one exchange (`POST /if1/v1/authentications`), each answered on
   * its own, in order: what the S-CSCF's concurrent REGISTERs and INVITEs share under load.
   */
  async authenticateMany(requests: readonly AuthenticateRequest[]): Promise<SbiAnswer<Authentication>[]> {
    const body = { requests: requests.map((r) => ({ impu: r.impu, token: r.token, purpose: r.purpose, ...(r.scscf ? { scscf: r.scscf } : {}) })) };
    const answer = await this.sbi.expect<{ results: ({ status: number; authentication: Authentication } | { status: number; problem: Problem })[] }>('POST', '/if1/v1/authentications', body);
    if (!Array.isArray(answer.results) || answer.results.length !== requests.length) {
      throw new ImsError(IMS_ERROR_CODES.sbiProtocol, `POST /if1/v1/authentications answered ${Array.isArray(answer.results) ? answer.results.length : 'no'} results for ${requests.length} requests.`);
    }
    return answer.results.map((r) => ('authentication' in r ? { ok: true, status: r.status, value: r.authentication } : { ok: false, status: r.status, problem: r.problem }));
  }

  /** A plain subscriber's digest data, by IMPU or `tel:+E164`; undefined when unknown. */
  async subscriber(id: string): Promise<If1Subscriber | undefined> {
    const answer = await this.sbi.call<If1Subscriber>('GET', `/if1/v1/subscribers/${encodeURIComponent(id)}`);
    if (answer.ok) return answer.value;
    if (answer.status === 404) return undefined;
    throw new ImsError(IMS_ERROR_CODES.sbiProblem, `${answer.problem.code}: ${answer.problem.detail}`, { status: answer.status, cause: answer.problem });
  }

  saveRegistration(impu: string, state: Record<string, unknown>): Promise<StoredRegistration> {
    return this.sbi.expect<StoredRegistration>('PUT', `/if1/v1/registrations/${encodeURIComponent(impu)}`, state);
  }

  /** Group commit: the saves and deletes applied in one transaction; per operation whether it changed something. */
  async applyRegistrations(operations: readonly RegistrationOperation[]): Promise<boolean[]> {
    const answer = await this.sbi.expect<{ results: { impu: string; changed: boolean }[] }>('POST', '/if1/v1/registrations', { operations });
    return answer.results.map((r) => r.changed);
  }

  /** True when a registration was stored. */
  async deleteRegistration(impu: string): Promise<boolean> {
    const answer = await this.sbi.call<undefined>('DELETE', `/if1/v1/registrations/${encodeURIComponent(impu)}`);
    return answer.ok;
  }

  async listRegistrations(): Promise<StoredRegistration[]> {
    return (await this.sbi.expect<{ registrations: StoredRegistration[] }>('GET', '/if1/v1/registrations')).registrations;
  }

  /** Network-initiated de-registrations; reconnects by itself until `close()`. */
  events(onEvent: (event: If1Event) => void, options: SubscribeOptions = {}): EventSubscription {
    return this.sbi.subscribe<If1Event>('/if1/v1/events', onEvent, options);
  }

  close(): void {
    this.sbi.close();
  }
}
