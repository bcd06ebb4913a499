// RFC 8898 §4/§6: every token failure is a 401 re-challenge with error="invalid_token" (a missing
// token gets the plain challenge); 403 only where re-authentication cannot help. The S-CSCF's
// answers agree with the EDS's IF1 catalogue.
import { describe, expect, it } from 'vitest';
import { IF1_ERRORS } from '../../src/eds/if1-errors.ts';
import { IF1_FAILURE_CODES } from '../../src/scscf/if1-port.ts';
import { TOKEN_FAILURE_POLICY } from '../../src/scscf/token-failure-policy.ts';

describe('token failure policy (RFC 8898 §4)', () => {
  it('every IF1 code has an answer, and the EDS catalogue has no code the S-CSCF does not know', () => {
    expect(Object.keys(TOKEN_FAILURE_POLICY).sort()).toEqual([...IF1_FAILURE_CODES].sort());
    for (const code of Object.keys(IF1_ERRORS)) expect(IF1_FAILURE_CODES as readonly string[]).toContain(code);
  });
  it('the SIP answer follows the IF1 status: 401 → 401 invalid_token (missing: no error), 403 → 403, 503 → 503', () => {
    for (const code of IF1_FAILURE_CODES) {
      const answer = TOKEN_FAILURE_POLICY[code];
      const sbi = IF1_ERRORS[code].status;
      if (sbi === 401) {
        expect(answer.status).toBe(401);
        expect(answer.error).toBe(code === 'token_missing' ? undefined : 'invalid_token');
      } else if (sbi === 403) expect(answer.status).toBe(403);
      else if (sbi === 503) expect(answer.status).toBe(503);
      else expect(answer.status).toBe(401);
    }
  });
});
