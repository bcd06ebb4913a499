// Adapts the EDS's typed IF1 client (`src/eds/if1-client.ts`) to what the S-CSCF asks for
// (`src/scscf/if1-port.ts`). The Bearer challenge parameters of a domain (RFC 8898 §4: realm,
// scope, authz_server = the enterprise's IdP issuer) are not on IF1 yet: they come from
// `enterpriseIssuer`, a lookup the caller provides (the BSS provisioning store today).
import type { AuthenticateRequest } from '../eds/eds.ts';
import type { If1Client } from '../eds/if1-client.ts';
import { RegistrationWriter } from '../eds/registration-writer.ts';
import { Batcher } from '../sbi/batcher.ts';
import type { BearerChallengeParams, If1AuthResult, If1Event, If1FailureCode, If1Port, StoredRegistration, SubscriberCredentials } from '../scscf/if1-port.ts';
import { IF1_FAILURE_CODES } from '../scscf/if1-port.ts';

export interface EdsIf1PortOptions {
  readonly client: If1Client;
  /** The IdP issuer of the enterprise owning `domain`, or undefined when none is provisioned. */
  readonly enterpriseIssuer: (domain: string) => string | undefined;
  /** IMS home domain: the realm of the challenges. */
  readonly realm: string;
  /** Scope the IMS resource needs (the IdP's `sip` scope). */
  readonly scope?: string;
  readonly onError?: (error: Error) => void;
}

/**
 * @example const if1 = edsIf1Port({ client: new If1Client({ sbiUrl, caCertPem, apiKey }), enterpriseIssuer: (d) => store.enterpriseByDomain(d)?.idpIssuer, realm: domain });
 */
export function edsIf1Port(options: EdsIf1PortOptions): If1Port & { close(): void } {
  const { client } = options;
  const subscriptions: { close(): void }[] = [];
  // Registration writes of concurrent REGISTERs share one IF1 exchange and one commit.
  const writer = new RegistrationWriter((operations) => client.applyRegistrations(operations));
  // Likewise their token checks: one IF1 exchange carries the authentications of a busy moment.
  const authentications = new Batcher((requests: readonly AuthenticateRequest[]) => client.authenticateMany(requests), { maxBatch: 200 });
  return {
    async authenticate(request): Promise<If1AuthResult> {
      const answer = await authentications.add(request);
      if (answer.ok) {
        const a = answer.value;
        return {
          ok: true,
          value: {
            implicitSet: a.implicitRegistrationSet,
            e164: a.employee.e164,
            displayName: a.employee.displayName ?? '',
            enterprise: a.enterprise.id,
            expiresAt: Date.parse(a.expiresAt),
          },
        };
      }
      const code = (IF1_FAILURE_CODES as readonly string[]).includes(answer.problem.code) ? (answer.problem.code as If1FailureCode) : 'idp_unavailable';
      return { ok: false, code, message: answer.problem.detail };
    },
    async subscriber(impu): Promise<SubscriberCredentials | undefined> {
      const s = await client.subscriber(impu);
      if (s === undefined) return undefined;
      return { impu: s.impu, realm: s.realm, ha1Sha256: s.ha1Sha256, username: s.username, e164: s.e164 };
    },
    bearerChallenge(domain): Promise<BearerChallengeParams | undefined> {
      const issuer = options.enterpriseIssuer(domain);
      return Promise.resolve(issuer === undefined ? undefined : { realm: options.realm, scope: options.scope ?? 'sip', authzServer: issuer });
    },
    saveRegistration(r: StoredRegistration): Promise<void> {
      return writer.save(r.aor, { registration: r.json, expiresAt: r.expiresAt });
    },
    deleteRegistration(aor): Promise<void> {
      return writer.delete(aor);
    },
    async listRegistrations(): Promise<StoredRegistration[]> {
      const out: StoredRegistration[] = [];
      for (const s of await client.listRegistrations()) {
        const json = s.data['registration'];
        const expiresAt = s.data['expiresAt'];
        if (typeof json === 'string') out.push({ aor: s.impu, json, expiresAt: typeof expiresAt === 'number' ? expiresAt : 0 });
      }
      return out;
    },
    events(onEvent: (event: If1Event) => void): () => void {
      const sub = client.events(onEvent, options.onError === undefined ? {} : { onError: options.onError });
      subscriptions.push(sub);
      return () => sub.close();
    },
    close(): void {
      for (const s of subscriptions) s.close();
    },
  };
}
