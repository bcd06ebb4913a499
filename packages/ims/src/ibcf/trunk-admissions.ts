// Which PBX connections of the trunk are admitted (IF3, 6.X.2.1 steps 2-4): one IF3 question per
// connection, asked on its first request and remembered while the connection lives. Requests that
// arrive meanwhile wait for the same answer.
import type { X509Certificate } from 'node:crypto';
import type { Flow } from '@eims/sip';
import type { ConnectedTrunk } from '../eds/if3-api.ts';
import type { PbxAdmissionAnswer } from '../eds/if3-client.ts';

/** What the IBCF needs of IF3 (the `If3Client`, or a fake in unit tests). */
export interface TrunkIf3Port {
  admit(request: { connection: string; remoteAddress: string; certificateChainPem: string }): Promise<PbxAdmissionAnswer>;
  disconnected(connection: string): Promise<void>;
  reportRefusal(report: { enterpriseId: string; impu: string | null; reason: string; detail: string }): Promise<void>;
}

export type Admission = { ok: true; trunk: ConnectedTrunk } | { ok: false; reason: string; detail: string };

export class TrunkAdmissions {
  readonly #if3: TrunkIf3Port;
  readonly #pending = new Map<string, Promise<Admission>>();
  readonly #admitted = new Map<string, ConnectedTrunk>();
  readonly #log: (line: string) => void;

  constructor(if3: TrunkIf3Port, log: (line: string) => void) {
    this.#if3 = if3;
    this.#log = log;
  }

  /** The admission of a connection, asking IF3 once. */
  admit(flow: Flow): Promise<Admission> {
    let answer = this.#pending.get(flow.id);
    if (answer === undefined) {
      answer = this.#ask(flow);
      this.#pending.set(flow.id, answer);
    }
    return answer;
  }

  /** The admitted trunk on a connection, if it is admitted already (synchronous: ACKs). */
  admitted(flowId: string): ConnectedTrunk | undefined {
    return this.#admitted.get(flowId);
  }

  /** The admitted connections of an enterprise, most recent first. */
  connectionsOf(enterpriseDomain: string): string[] {
    return [...this.#admitted.values()].filter((t) => t.enterprise.domain === enterpriseDomain).reverse().map((t) => t.connection);
  }

  list(): ConnectedTrunk[] {
    return [...this.#admitted.values()];
  }

  closed(flowId: string): void {
    this.#pending.delete(flowId);
    if (this.#admitted.delete(flowId)) {
      this.#if3.disconnected(flowId).catch((e: unknown) => this.#log(`IF3: trunk ${flowId} not removed: ${String(e)}`));
    }
  }

  async #ask(flow: Flow): Promise<Admission> {
    const remoteAddress = `${flow.remote.host}:${flow.remote.port}`;
    try {
      const answer = await this.#if3.admit({ connection: flow.id, remoteAddress, certificateChainPem: chainPem(flow.peerCertificate) });
      if (!answer.ok) {
        this.#log(`PBX from ${remoteAddress} refused: ${answer.error.reason} (${answer.error.detail})`);
        return { ok: false, reason: answer.error.reason, detail: answer.error.detail };
      }
      this.#admitted.set(flow.id, answer.value);
      this.#log(`PBX of ${answer.value.enterprise.domain} admitted from ${remoteAddress} (${answer.value.subject})`);
      return { ok: true, trunk: answer.value };
    } catch (error) {
      // The EDS could not be asked: not an admission, and asked again on the next request.
      this.#pending.delete(flow.id);
      this.#log(`IF3 admission of ${remoteAddress} failed: ${String(error)}`);
      return { ok: false, reason: 'eds_unavailable', detail: 'The EDS could not be asked (IF3).' };
    }
  }
}

/** The presented certificate and the issuers the TLS stack knows, leaf first, as PEM. */
function chainPem(leaf: X509Certificate | undefined): string {
  const pems: string[] = [];
  let cert = leaf;
  while (cert !== undefined && pems.length < 8) {
    pems.push(cert.toString());
    const issuer: X509Certificate | undefined = cert.issuerCertificate;
    if (issuer === undefined || issuer.fingerprint256 === cert.fingerprint256) break;
    cert = issuer;
  }
  return pems.join('\n');
}
