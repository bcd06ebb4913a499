// The BSS provisioning API on the SBI (`/bss/v1/...`, see openapi.yaml beside this file):
// enterprises and subscribers, operator API key required.
import { assertNever } from '../errors.ts';
import type { SbiRouter, SbiRequest } from '../sbi/sbi-router.ts';
import { checkApiKey } from '../sbi/api-key-auth.ts';
import { readJsonBody } from '../sbi/json-body.ts';
import { problem, sendJson, sendProblem, type Problem } from '../sbi/problem.ts';
import { enterpriseView, subscriberView } from './enterprise.ts';
import type { InputError } from './provisioning-input.ts';
import { validateEnterpriseInput, validateSubscriberInput } from './provisioning-input.ts';
import type { ConflictError, ProvisioningStore } from './provisioning-store.ts';

export function addBssRoutes(router: SbiRouter, deps: { store: ProvisioningStore; apiKey: string }): void {
  const { store } = deps;
  const guarded = (handler: (r: SbiRequest) => Promise<void> | void) => async (r: SbiRequest) => {
    const refused = checkApiKey(r.req, deps.apiKey);
    if (refused) return sendProblem(r.res, refused, refused.status === 401 ? { 'www-authenticate': 'Bearer realm="bss"' } : {});
    await handler(r);
  };

  router
    .add('GET', '/bss/v1/enterprises', guarded(({ res }) => sendJson(res, 200, { enterprises: store.listEnterprises().map(enterpriseView) })))
    .add(
      'POST',
      '/bss/v1/enterprises',
      guarded(async ({ req, res }) => {
        const body = await readJsonBody(req);
        if (!body.ok) return sendProblem(res, body.error);
        const input = validateEnterpriseInput(body.value);
        if (!input.ok) return sendProblem(res, inputProblem(input.error));
        const added = store.addEnterprise(input.value);
        if (!added.ok) return sendProblem(res, conflictProblem(added.error));
        sendJson(res, 201, { enterprise: enterpriseView(added.value) }, { location: `/bss/v1/enterprises/${added.value.id}` });
      }),
    )
    .add(
      'GET',
      '/bss/v1/enterprises/:id',
      guarded(({ res, params }) => {
        const e = store.enterprise(params['id']!) ?? store.enterpriseByDomain(params['id']!);
        if (!e) return sendProblem(res, notFound('enterprise', params['id']!));
        sendJson(res, 200, { enterprise: enterpriseView(e) });
      }),
    )
    .add(
      'PUT',
      '/bss/v1/enterprises/:id',
      guarded(async ({ req, res, params }) => {
        const body = await readJsonBody(req);
        if (!body.ok) return sendProblem(res, body.error);
        const input = validateEnterpriseInput(body.value);
        if (!input.ok) return sendProblem(res, inputProblem(input.error));
        const replaced = store.replaceEnterprise(params['id']!, input.value);
        if (!replaced.ok) return sendProblem(res, conflictProblem(replaced.error));
        sendJson(res, 200, { enterprise: enterpriseView(replaced.value) });
      }),
    )
    .add(
      'DELETE',
      '/bss/v1/enterprises/:id',
      guarded(({ res, params }) => {
        const e = store.enterprise(params['id']!) ?? store.enterpriseByDomain(params['id']!);
        if (!e || !store.removeEnterprise(e.id)) return sendProblem(res, notFound('enterprise', params['id']!));
        res.writeHead(204).end();
      }),
    )
    .add('GET', '/bss/v1/subscribers', guarded(({ res }) => sendJson(res, 200, { subscribers: store.listSubscribers().map(subscriberView) })))
    .add(
      'POST',
      '/bss/v1/subscribers',
      guarded(async ({ req, res }) => {
        const body = await readJsonBody(req);
        if (!body.ok) return sendProblem(res, body.error);
        const input = validateSubscriberInput(body.value);
        if (!input.ok) return sendProblem(res, inputProblem(input.error));
        const added = store.addSubscriber(input.value);
        if (!added.ok) return sendProblem(res, conflictProblem(added.error));
        sendJson(res, 201, { subscriber: subscriberView(added.value) }, { location: `/bss/v1/subscribers/${encodeURIComponent(added.value.impu)}` });
      }),
    )
    .add(
      'GET',
      '/bss/v1/subscribers/:impu',
      guarded(({ res, params }) => {
        const s = store.subscriber(params['impu']!);
        if (!s) return sendProblem(res, notFound('subscriber', params['impu']!));
        sendJson(res, 200, { subscriber: subscriberView(s) });
      }),
    )
    .add(
      'PUT',
      '/bss/v1/subscribers/:impu',
      guarded(async ({ req, res, params }) => {
        const body = await readJsonBody(req);
        if (!body.ok) return sendProblem(res, body.error);
        const input = validateSubscriberInput(body.value);
        if (!input.ok) return sendProblem(res, inputProblem(input.error));
        const replaced = store.replaceSubscriber(params['impu']!, input.value);
        if (!replaced.ok) return sendProblem(res, conflictProblem(replaced.error));
        sendJson(res, 200, { subscriber: subscriberView(replaced.value) });
      }),
    )
    .add(
      'DELETE',
      '/bss/v1/subscribers/:impu',
      guarded(({ res, params }) => {
        if (!store.removeSubscriber(params['impu']!)) return sendProblem(res, notFound('subscriber', params['impu']!));
        res.writeHead(204).end();
      }),
    );
}

function inputProblem(error: InputError): Problem {
  return problem(400, error.code, 'Invalid provisioning data', error.message, { field: error.field });
}

function conflictProblem(error: ConflictError): Problem {
  switch (error.code) {
    case 'not_found':
      return problem(404, error.code, 'Not found', error.message);
    case 'impu_mismatch':
      return problem(400, error.code, 'Invalid provisioning data', error.message, { field: 'impu' });
    case 'number_conflict':
    case 'duplicate_domain':
    case 'duplicate_subscriber':
      return problem(409, error.code, 'Conflict', error.message);
    default:
      return assertNever(error.code);
  }
}

function notFound(kind: string, id: string): Problem {
  return problem(404, 'not_found', 'Not found', `No ${kind} "${id}" is provisioned.`);
}
