// Typed IF3 client for the IBCF: PBX admission from its certificate chain, trunk bookkeeping, and
// refusal reports for the EDS audit log.
import { ImsError, IMS_ERROR_CODES } from '../errors.ts';
import { SbiClient, type SbiClientOptions } from '../sbi/sbi-client.ts';
import type { ConnectedTrunk } from './if3-api.ts';
import type { PbxRefusalReason } from './if3-pbx-check.ts';

export type PbxAdmissionAnswer = { ok: true; value: ConnectedTrunk } | { ok: false; error: { reason: PbxRefusalReason; detail: string } };

/**
 * @example
 * const if3 = new If3Client({ sbiUrl, caCertPem, apiKey });
 * const answer = await if3.admit({ connection: flow.id, remoteAddress: '127.0.0.1:40112', certificateChainPem });
 * if (answer.ok) console.log(answer.value.enterprise.domain); // acme.example
 */
export class If3Client {
  readonly sbi: SbiClient;

  constructor(options: SbiClientOptions | SbiClient) {
    this.sbi = options instanceof SbiClient ? options : new SbiClient(options);
  }

  /** Asks whether the PBX behind `connection` may use the trunk; a refusal is written to the audit log by the EDS. */
  async admit(request: { connection: string; remoteAddress: string; certificateChainPem: string }): Promise<PbxAdmissionAnswer> {
    const answer = await this.sbi.call<{ trunk: ConnectedTrunk }>('POST', '/if3/v1/pbx-admissions', request);
    if (answer.ok) return { ok: true, value: answer.value.trunk };
    if (answer.status === 403) return { ok: false, error: { reason: answer.problem.code as PbxRefusalReason, detail: answer.problem.detail } };
    throw new ImsError(IMS_ERROR_CODES.sbiProblem, `${answer.problem.code}: ${answer.problem.detail}`, { status: answer.status, cause: answer.problem });
  }

  /** The connection closed: the trunk is no longer listed. */
  async disconnected(connection: string): Promise<void> {
    await this.sbi.expect<undefined>('DELETE', `/if3/v1/pbx-admissions/${encodeURIComponent(connection)}`);
  }

  async trunks(): Promise<ConnectedTrunk[]> {
    return (await this.sbi.expect<{ trunks: ConnectedTrunk[] }>('GET', '/if3/v1/pbx-admissions')).trunks;
  }

  /** A request on an admitted trunk was refused (e.g. a 3PID of another domain): for the audit log. */
  async reportRefusal(report: { enterpriseId: string; impu: string | null; reason: string; detail: string }): Promise<void> {
    await this.sbi.expect<undefined>('POST', '/if3/v1/refusals', { ...report, impu: report.impu ?? undefined });
  }

  close(): void {
    this.sbi.close();
  }
}
