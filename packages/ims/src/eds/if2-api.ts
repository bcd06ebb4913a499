// IF2 (EDS – MMTel AS) on the SBI, `/if2/v1/...` (see if2.openapi.yaml beside this file): user
// and profile data for the AS, and a subscription to changes.
import { inRange } from '../bss/number-range.ts';
import type { ProvisioningStore } from '../bss/provisioning-store.ts';
import { checkApiKey } from '../sbi/api-key-auth.ts';
import { streamEvents } from '../sbi/ndjson-stream.ts';
import { problem, sendJson, sendProblem } from '../sbi/problem.ts';
import type { SbiRequest, SbiRouter } from '../sbi/sbi-router.ts';
import type { Eds } from './eds.ts';

/** What the MMTel AS gets for a served user (6.X.2.2 step 12; 6.X.2.1 steps 12-18). */
export interface If2User {
  kind: 'employee' | 'subscriber';
  impu: string;
  e164: string | null;
  implicitRegistrationSet: string[];
  displayName: string | null;
  title: string | null;
  department: string | null;
  organization: string | null;
  photoUrl: string | null;
  enterprise: { id: string; name: string; domain: string } | null;
  /** Attestation hint for SHAKEN: "A" when the number is allocated to the served customer. */
  attestation: { numberAllocated: boolean; level: 'A' | 'B' };
}

export function addIf2Routes(router: SbiRouter, deps: { eds: Eds; store: ProvisioningStore; apiKey: string }): void {
  const { eds, store } = deps;
  const guarded = (handler: (r: SbiRequest) => Promise<void> | void) => async (r: SbiRequest) => {
    const refused = checkApiKey(r.req, deps.apiKey);
    if (refused) return sendProblem(r.res, refused);
    await handler(r);
  };

  router
    .add(
      'GET',
      '/if2/v1/users/:id',
      guarded(({ res, params }) => {
        const id = params['id']!;
        const found = eds.employee(id);
        if (found) {
          const { employee, enterprise } = found;
          const allocated = employee.e164 !== null && enterprise.numberRanges.some((r) => inRange(employee.e164!, r));
          const user: If2User = {
            kind: 'employee',
            impu: employee.thirdPartyId,
            e164: employee.e164,
            implicitRegistrationSet: employee.e164 ? [employee.thirdPartyId, `tel:${employee.e164}`] : [employee.thirdPartyId],
            displayName: employee.displayName,
            title: employee.title,
            department: employee.department,
            organization: employee.organization,
            photoUrl: employee.photoUrl,
            enterprise: { id: enterprise.id, name: enterprise.name, domain: enterprise.domain },
            attestation: { numberAllocated: allocated, level: allocated ? 'A' : 'B' },
          };
          return sendJson(res, 200, { user });
        }
        const s = store.subscriber(id);
        if (s) {
          const user: If2User = {
            kind: 'subscriber',
            impu: s.impu,
            e164: s.e164,
            implicitRegistrationSet: [s.impu, `tel:${s.e164}`],
            displayName: null,
            title: null,
            department: null,
            organization: null,
            photoUrl: null,
            enterprise: null,
            attestation: { numberAllocated: true, level: 'A' },
          };
          return sendJson(res, 200, { user });
        }
        sendProblem(res, problem(404, 'user_unknown', 'Unknown user', `The EDS holds no data for ${id}: not a subscriber, and no employee with that identity has authenticated (employee data is cached from the IdP only while a token is valid).`));
      }),
    )
    .add('GET', '/if2/v1/events', guarded(({ res }) => streamEvents(res, eds.if2Events)));
}
