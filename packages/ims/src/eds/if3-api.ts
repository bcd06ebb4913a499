// IF3 (EDS – IBCF) on the SBI, `/if3/v1/...` (see if3.openapi.json beside this file): admission of
// an enterprise PBX to the SIP trunk from its certificate chain (6.X.2.1 steps 2-4), the list of
// connected trunks (for `ims trunk status`), and refusals the IBCF reports for the audit log.
import type { ProvisioningStore } from '../bss/provisioning-store.ts';
import { checkApiKey } from '../sbi/api-key-auth.ts';
import { readJsonBody } from '../sbi/json-body.ts';
import { problem, sendJson, sendProblem } from '../sbi/problem.ts';
import type { SbiRequest, SbiRouter } from '../sbi/sbi-router.ts';
import type { EdsAuditLog } from './eds-audit-log.ts';
import { checkPbxCertificate, type PbxAdmission } from './if3-pbx-check.ts';

/** A PBX connection the IBCF holds, as the EDS admitted it. */
export interface ConnectedTrunk extends PbxAdmission {
  /** The IBCF's name for the connection (its SIP flow id). */
  connection: string;
  remoteAddress: string;
  since: string;
}

export interface If3Deps {
  store: ProvisioningStore;
  audit: EdsAuditLog;
  apiKey: string;
  now: () => number;
}

/** Connected trunks, by connection; kept in memory (they live as long as the IBCF's TLS connections). */
export type TrunkTable = Map<string, ConnectedTrunk>;

export function addIf3Routes(router: SbiRouter, deps: If3Deps): TrunkTable {
  const trunks: TrunkTable = new Map();
  const guarded = (handler: (r: SbiRequest) => Promise<void> | void) => async (r: SbiRequest) => {
    const refused = checkApiKey(r.req, deps.apiKey);
    if (refused) return sendProblem(r.res, refused);
    await handler(r);
  };
  const body = async (r: SbiRequest): Promise<Record<string, unknown> | undefined> => {
    const read = await readJsonBody(r.req);
    if (!read.ok) {
      sendProblem(r.res, read.error);
      return undefined;
    }
    if (typeof read.value !== 'object' || read.value === null || Array.isArray(read.value)) {
      sendProblem(r.res, problem(400, 'invalid_request', 'Invalid request', 'The body must be a JSON object.'));
      return undefined;
    }
    return read.value as Record<string, unknown>;
  };

  router
    .add(
      'POST',
      '/if3/v1/pbx-admissions',
      guarded(async (r) => {
        const o = await body(r);
        if (o === undefined) return;
        const connection = text(o['connection']);
        const remoteAddress = text(o['remoteAddress']);
        const chain = typeof o['certificateChainPem'] === 'string' ? o['certificateChainPem'] : '';
        if (connection === undefined || remoteAddress === undefined) {
          return sendProblem(r.res, problem(400, 'invalid_request', 'Invalid request', 'connection and remoteAddress are required strings.'));
        }
        const checked = checkPbxCertificate(chain, deps.store.listEnterprises(), deps.now());
        if (!checked.ok) {
          const refusal = checked.error;
          deps.audit.append({ kind: 'trunk_refused', enterpriseId: refusal.enterpriseId, impu: null, e164: null, detail: `PBX from ${remoteAddress} refused (${refusal.reason}): ${refusal.detail}` });
          return sendProblem(r.res, problem(403, refusal.reason, 'PBX not admitted', refusal.detail, { enterpriseId: refusal.enterpriseId, subject: refusal.subject }));
        }
        const trunk: ConnectedTrunk = { ...checked.value, connection, remoteAddress, since: new Date(deps.now()).toISOString() };
        trunks.set(connection, trunk);
        sendJson(r.res, 201, { trunk });
      }),
    )
    .add('GET', '/if3/v1/pbx-admissions', guarded(({ res }) => sendJson(res, 200, { trunks: [...trunks.values()] })))
    .add(
      'DELETE',
      '/if3/v1/pbx-admissions/:connection',
      guarded(({ res, params }) => {
        trunks.delete(params['connection']!);
        res.writeHead(204).end();
      }),
    )
    .add(
      'POST',
      '/if3/v1/refusals',
      guarded(async (r) => {
        const o = await body(r);
        if (o === undefined) return;
        const reason = text(o['reason']);
        if (reason === undefined) return sendProblem(r.res, problem(400, 'invalid_request', 'Invalid request', 'reason is a required string.'));
        const enterpriseId = text(o['enterpriseId']) ?? null;
        const impu = text(o['impu']) ?? null;
        deps.audit.append({ kind: 'trunk_refused', enterpriseId, impu, e164: null, detail: `trunk request refused (${reason}): ${text(o['detail']) ?? ''}`.trim() });
        r.res.writeHead(204).end();
      }),
    );
  return trunks;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' && value.length <= 2048 ? value : undefined;
}
