// IF1 (EDS – S-CSCF) on the SBI, `/if1/v1/...` (see if1.openapi.yaml beside this file).
import type { ProvisioningStore } from '../bss/provisioning-store.ts';
import { checkApiKey } from '../sbi/api-key-auth.ts';
import { readJsonBody } from '../sbi/json-body.ts';
import { streamEvents } from '../sbi/ndjson-stream.ts';
import { problem, sendJson, sendProblem } from '../sbi/problem.ts';
import type { SbiRequest, SbiRouter } from '../sbi/sbi-router.ts';
import type { AuthenticateRequest, Eds } from './eds.ts';
import { IF1_ERRORS, if1Problem, type If1Error } from './if1-errors.ts';
import type { RegistrationOperation, RegistrationStore } from './registration-store.ts';
import { mmtelServiceProfile } from './service-profile.ts';

export function addIf1Routes(router: SbiRouter, deps: { eds: Eds; store: ProvisioningStore; registrations: RegistrationStore; apiKey: string; domain: string }): void {
  const { eds, store, registrations } = deps;
  const guarded = (handler: (r: SbiRequest) => Promise<void> | void) => async (r: SbiRequest) => {
    const refused = checkApiKey(r.req, deps.apiKey);
    if (refused) return sendProblem(r.res, refused);
    await handler(r);
  };

  router
    .add(
      'POST',
      '/if1/v1/authenticate',
      guarded(async ({ req, res }) => {
        const body = await readJsonBody(req);
        if (!body.ok) return sendProblem(res, body.error);
        const request = authenticateRequest(body.value);
        if ('code' in request) return sendProblem(res, if1Problem(request));
        const result = await eds.authenticate(request);
        if (!result.ok) return sendProblem(res, if1Problem(result.error));
        sendJson(res, 200, result.value);
      }),
    )
    .add(
      'POST',
      '/if1/v1/authentications',
      guarded(async ({ req, res }) => {
        const body = await readJsonBody(req, MAX_BATCH_BYTES);
        if (!body.ok) return sendProblem(res, body.error);
        const list = (body.value as { requests?: unknown } | null)?.requests;
        if (!Array.isArray(list) || list.length === 0 || list.length > MAX_BATCH) {
          return sendProblem(res, if1Problem({ code: 'invalid_request', detail: `Send { "requests": [...] } with 1 to ${MAX_BATCH} authenticate requests.` }));
        }
        // Each request is answered on its own: one bad or refused request does not fail the others.
        const results = await Promise.all(
          list.map(async (item: unknown) => {
            const request = authenticateRequest(item);
            const result = 'code' in request ? { ok: false as const, error: request } : await eds.authenticate(request);
            return result.ok ? { status: 200, authentication: result.value } : { status: IF1_ERRORS[result.error.code].status, problem: if1Problem(result.error) };
          }),
        );
        sendJson(res, 200, { results });
      }),
    )
    .add(
      'GET',
      '/if1/v1/subscribers/:impu',
      guarded(({ res, params }) => {
        const s = store.subscriber(params['impu']!);
        if (!s) return sendProblem(res, problem(404, 'subscriber_unknown', 'Unknown subscriber', `No subscriber ${params['impu']} is provisioned.`));
        // The HA1 leaves only in this answer body; it is never logged.
        sendJson(res, 200, {
          impu: s.impu,
          e164: s.e164,
          username: s.digestUsername,
          realm: s.digestRealm,
          algorithm: 'SHA-256',
          ha1Sha256: s.ha1Sha256,
          implicitRegistrationSet: [s.impu, `tel:${s.e164}`],
          serviceProfile: mmtelServiceProfile(deps.domain, 'subscriber'),
        });
      }),
    )
    .add('GET', '/if1/v1/registrations', guarded(({ res }) => sendJson(res, 200, { registrations: registrations.list() })))
    .add(
      'POST',
      '/if1/v1/registrations',
      guarded(async ({ req, res }) => {
        const body = await readJsonBody(req, MAX_BATCH_BYTES);
        if (!body.ok) return sendProblem(res, body.error);
        const operations = registrationOperations(body.value);
        if (operations === undefined) {
          return sendProblem(res, problem(400, 'invalid_request', 'Invalid request', `Send { "operations": [{ "op": "save", "impu": "...", "data": {...} } | { "op": "delete", "impu": "..." }] } with at most ${MAX_BATCH} operations.`));
        }
        const changed = registrations.apply(operations);
        sendJson(res, 200, { results: operations.map((op, i) => ({ impu: op.impu, changed: changed[i] ?? false })) });
      }),
    )
    .add(
      'GET',
      '/if1/v1/registrations/:impu',
      guarded(({ res, params }) => {
        const r = registrations.get(params['impu']!);
        if (!r) return sendProblem(res, problem(404, 'not_registered', 'Not registered', `No registration is stored for ${params['impu']}.`));
        sendJson(res, 200, r);
      }),
    )
    .add(
      'PUT',
      '/if1/v1/registrations/:impu',
      guarded(async ({ req, res, params }) => {
        const body = await readJsonBody(req);
        if (!body.ok) return sendProblem(res, body.error);
        if (typeof body.value !== 'object' || body.value === null || Array.isArray(body.value)) {
          return sendProblem(res, problem(400, 'invalid_request', 'Invalid request', 'Send the registration state as a JSON object (optional "expiresAt" in ms since the epoch).'));
        }
        sendJson(res, 200, registrations.save(params['impu']!, body.value as Record<string, unknown>));
      }),
    )
    .add(
      'DELETE',
      '/if1/v1/registrations/:impu',
      guarded(({ res, params }) => {
        if (!registrations.delete(params['impu']!)) return sendProblem(res, problem(404, 'not_registered', 'Not registered', `No registration is stored for ${params['impu']}.`));
        res.writeHead(204).end();
      }),
    )
    .add('GET', '/if1/v1/events', guarded(({ res }) => streamEvents(res, eds.if1Events)));
}

const MAX_BATCH = 1000;
/** A group commit or batch of authentications: up to MAX_BATCH items of a few KiB each. */
const MAX_BATCH_BYTES = 4 * 1024 * 1024;

/** The operations of a group commit, or undefined when the body is not one. */
function registrationOperations(value: unknown): RegistrationOperation[] | undefined {
  if (typeof value !== 'object' || value === null || !Array.isArray((value as { operations?: unknown }).operations)) return undefined;
  const list = (value as { operations: unknown[] }).operations;
  if (list.length > MAX_BATCH) return undefined;
  const out: RegistrationOperation[] = [];
  for (const item of list) {
    if (typeof item !== 'object' || item === null) return undefined;
    const o = item as Record<string, unknown>;
    const impu = o['impu'];
    if (typeof impu !== 'string' || impu === '') return undefined;
    if (o['op'] === 'delete') out.push({ op: 'delete', impu });
    else if (o['op'] === 'save' && typeof o['data'] === 'object' && o['data'] !== null && !Array.isArray(o['data'])) out.push({ op: 'save', impu, data: o['data'] as Record<string, unknown> });
    else return undefined;
  }
  return out;
}

/** An authenticate request as IF1 takes it, or the invalid_request error saying what to send. */
function authenticateRequest(value: unknown): AuthenticateRequest | If1Error {
  const o = value as Record<string, unknown> | null;
  if (typeof o !== 'object' || o === null || typeof o['impu'] !== 'string' || (o['purpose'] !== 'register' && o['purpose'] !== 'call')) {
    return { code: 'invalid_request', detail: 'Send { "impu": "sip:...", "token": "...", "purpose": "register" | "call", "scscf"?: "..." }.' };
  }
  const token = o['token'];
  if (token !== undefined && token !== null && typeof token !== 'string') return { code: 'invalid_request', detail: '"token" must be a string.' };
  return { impu: o['impu'], token: typeof token === 'string' ? token : undefined, purpose: o['purpose'], scscf: typeof o['scscf'] === 'string' ? o['scscf'] : undefined };
}
