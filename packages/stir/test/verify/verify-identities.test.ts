import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { StirErrorCode, buildIdentityHeader, createX5uFetcher, signPassport, stirErrorInfo, verifyIdentities, type StirErrorCode as Code, type VerifyIdentityOptions } from '../../src/index.ts';
import { startStiWorld, type StiWorld } from '../support/sti-repository.ts';

let w: StiWorld;
beforeAll(async () => {
  w = await startStiWorld();
});
afterAll(async () => {
  await w.repo.close();
});

const now = Date.now();
const opts = (): VerifyIdentityOptions => ({ from: '+12025550101', to: '+12025550102', now, trustAnchors: w.anchors, fetcher: createX5uFetcher() });
const header = (x5u = w.x5u, iat = Math.floor(now / 1000)): string =>
  buildIdentityHeader(signPassport({ orig: '+12025550101', dest: '+12025550102', attest: 'A', origid: randomUUID(), iat, x5u, key: w.key }), { info: x5u });

describe('several Identity headers (RFC 8224 §6.2)', () => {
  it('none is 428 Use Identity Header', async () => {
    const r = await verifyIdentities([], opts());
    expect(!r.ok && [r.error.code, r.error.status]).toEqual([StirErrorCode.MISSING_IDENTITY, 428]);
  });

  it('one valid header among bad ones verifies the request', async () => {
    const r = await verifyIdentities([header(w.repo.url('/sti/gone.pem')), header()], opts());
    expect(r.ok).toBe(true);
  });

  it('only unsupported PASSporT types is 428', async () => {
    const r = await verifyIdentities([header().replace('ppt=shaken', 'ppt=div')], opts());
    expect(!r.ok && r.error.status).toBe(428);
  });

  it('436 only when the credentials of every header are unobtainable; otherwise the other failure', async () => {
    const gone = header(w.repo.url('/sti/gone.pem'));
    const all436 = await verifyIdentities([gone, gone], opts());
    expect(!all436.ok && all436.error.status).toBe(436);
    const mixed = await verifyIdentities([gone, header(w.x5u, Math.floor(now / 1000) - 300)], opts());
    expect(!mixed.ok && mixed.error.code).toBe(StirErrorCode.STALE_IAT);
  });
});

describe('error catalogue', () => {
  it('maps every code to 403, 428, 436, 437 or 438, with a verstat', () => {
    const expected: Record<Code, number> = {
      ERR_STIR_MISSING_IDENTITY: 428, ERR_STIR_MALFORMED: 438, ERR_STIR_COMPACT_FORM: 438, ERR_STIR_UNSUPPORTED_ALG: 437,
      ERR_STIR_UNSUPPORTED_PPT: 428, ERR_STIR_HEADER_MISMATCH: 438, ERR_STIR_X5U_INFO_MISMATCH: 438, ERR_STIR_STALE_IAT: 403,
      ERR_STIR_FUTURE_IAT: 403, ERR_STIR_ORIG_MISMATCH: 438, ERR_STIR_DEST_MISMATCH: 438, ERR_STIR_X5U_UNREACHABLE: 436,
      ERR_STIR_BAD_CREDENTIAL: 436, ERR_STIR_UNTRUSTED_CERT: 437, ERR_STIR_NO_TN_AUTH_LIST: 437, ERR_STIR_TN_NOT_AUTHORIZED: 438,
      ERR_STIR_BAD_SIGNATURE: 438, ERR_STIR_RCD_INTEGRITY: 438,
    };
    for (const code of Object.values(StirErrorCode)) {
      expect([code, stirErrorInfo(code).status]).toEqual([code, expected[code]]);
      expect(stirErrorInfo(code).verstat).toBe(code === 'ERR_STIR_MISSING_IDENTITY' || code === 'ERR_STIR_UNSUPPORTED_PPT' ? 'No-TN-Validation' : 'TN-Validation-Failed');
    }
  });
});
