import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrivateKey, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCertificateAuthority, loadCertificateAuthority } from '@eims/pki';
import {
  StirErrorCode,
  base64url,
  buildIdentityHeader,
  canonicalJson,
  computeRcdi,
  createStiCa,
  createX5uFetcher,
  issueStiCertificate,
  signJws,
  signPassport,
  verifyIdentity,
  type PassportClaims,
  type Rcd,
  type SignPassportInput,
  type VerifyIdentityOptions,
} from '../../src/index.ts';
import { startStiWorld, type StiWorld } from '../support/sti-repository.ts';

const ALICE = '+12025550101';
const BOB = '+12025550102';
// `now` is an input of the verifier; the certificates are made for the real clock, so start from it.
const NOW = Math.floor(Date.now() / 1000) * 1000;
const IAT = Math.floor(NOW / 1000);

let w: StiWorld;
beforeAll(async () => {
  w = await startStiWorld();
});
afterAll(async () => {
  await w.repo.close();
});

function sign(over: Partial<SignPassportInput> = {}): string {
  const jws = signPassport({ orig: ALICE, dest: BOB, attest: 'A', origid: randomUUID(), iat: IAT, x5u: w.x5u, key: w.key, ...over });
  return buildIdentityHeader(jws, { info: over.x5u ?? w.x5u });
}

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

function options(over: Partial<VerifyIdentityOptions> = {}): VerifyIdentityOptions {
  return { from: `sip:${ALICE}@ims.example;user=phone`, to: `tel:${BOB}`, now: NOW, trustAnchors: w.anchors, fetcher: createX5uFetcher(), ...over };
}

async function failure(header: string, over: Partial<VerifyIdentityOptions> = {}) {
  const r = await verifyIdentity(header, options(over));
  if (r.ok) throw new Error('expected the verification to fail');
  return r.error;
}

describe('verifyIdentity: round trip', () => {
  it('a SHAKEN PASSporT we sign verifies, with attestation, origid and the certificate SPC (RFC 8588, RFC 8226)', async () => {
    const origid = randomUUID();
    const r = await verifyIdentity(sign({ origid }), options());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.verstat).toBe('TN-Validation-Passed');
    expect(r.value.attest).toBe('A');
    expect(r.value.origid).toBe(origid);
    expect(r.value.orig).toEqual({ tn: '12025550101' });
    expect(r.value.certificate.tnAuthList).toEqual([{ spc: '709J' }]);
    expect(r.value.rcd).toBeUndefined();
  });

  it('Rich Call Data with name, jCard (org, department, title, photo data URI) and icon round-trips with rcdi (RFC 9795 §5, §6)', async () => {
    const icon = Buffer.from('89504e470d0a1a0a-fake-png-bytes', 'utf8');
    const iconUrl = w.repo.url('/rcd/acme-logo-256x256.png');
    const rcd: Rcd = {
      nam: 'Alice Avery (Acme Corp)',
      icn: iconUrl,
      jcd: ['vcard', [
        ['version', {}, 'text', '4.0'],
        ['fn', {}, 'text', 'Alice Avery'],
        ['org', {}, 'text', ['Acme Corp', 'Sales']],
        ['title', {}, 'text', 'Sales Director'],
        ['photo', {}, 'uri', 'data:image/png;base64,iVBORw0KGgo='],
      ]],
    };
    const rcdi = computeRcdi(rcd, new Map([[iconUrl, icon]]));
    expect(Object.keys(rcdi).sort()).toEqual(['/icn', '/jcd']);
    const header = sign({ rcd, rcdi, crn: 'Quarterly review' });
    const r = await verifyIdentity(header, options());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.rcd).toEqual(rcd);
    expect(r.value.crn).toBe('Quarterly review');
    expect(r.value.rcdIntegrity?.verified).toEqual(['/jcd']);
    expect(r.value.rcdIntegrity?.pending).toEqual([{ pointer: '/icn', uri: iconUrl, digest: rcdi['/icn'] }]);
    // With the icon fetched, its digest is checked too.
    const withIcon = await verifyIdentity(header, options({ rcdResources: new Map([[iconUrl, icon]]) }));
    expect(withIcon.ok && withIcon.value.rcdIntegrity?.verified.sort()).toEqual(['/icn', '/jcd']);
  });

  it('a caller given as tel URI, SIP URI with user=phone or bare number matches the canonical orig (RFC 8224 §8.3)', async () => {
    const header = sign();
    for (const from of ['tel:+1-202-555-0101', 'sip:+12025550101@ims.example;user=phone', '+1 (202) 555-0101']) {
      expect((await verifyIdentity(header, options({ from }))).ok).toBe(true);
    }
  });
});

describe('verifyIdentity: each failure has its code, SIP status and verstat (RFC 8224 §6.2.2)', () => {
  it('iat older than 60 s is stale: 403 Stale Date', async () => {
    const e = await failure(sign({ iat: IAT - 61 }));
    expect([e.code, e.status, e.reason, e.verstat]).toEqual([StirErrorCode.STALE_IAT, 403, 'Stale Date', 'TN-Validation-Failed']);
    expect((await verifyIdentity(sign({ iat: IAT - 60 }), options())).ok).toBe(true);
  });

  it('iat more than the tolerance in the future is refused: 403', async () => {
    const e = await failure(sign({ iat: IAT + 61 }));
    expect([e.code, e.status]).toEqual([StirErrorCode.FUTURE_IAT, 403]);
    expect((await verifyIdentity(sign({ iat: IAT + 5 }), options())).ok).toBe(true);
  });

  it('orig other than the calling number: 438', async () => {
    const e = await failure(sign({ orig: '+12025550199' }));
    expect([e.code, e.status, e.reason]).toEqual([StirErrorCode.ORIG_MISMATCH, 438, 'Invalid Identity Header']);
  });

  it('dest not naming the called number: 438', async () => {
    const e = await failure(sign({ dest: '+12025550199' }));
    expect([e.code, e.status]).toEqual([StirErrorCode.DEST_MISMATCH, 438]);
  });

  it('an altered signature: 438', async () => {
    const header = sign();
    const [jws, rest] = [header.slice(0, header.indexOf(';')), header.slice(header.indexOf(';'))];
    const sig = jws.slice(jws.lastIndexOf('.') + 1);
    const flipped = (sig[5] === 'A' ? 'B' : 'A') + '';
    const altered = `${jws.slice(0, jws.lastIndexOf('.') + 1)}${sig.slice(0, 5)}${flipped}${sig.slice(6)}${rest}`;
    const e = await failure(altered);
    expect([e.code, e.status]).toEqual([StirErrorCode.BAD_SIGNATURE, 438]);
  });

  it('rcd altered in the token under the original signature is caught by the signature (RFC 8225 §6)', async () => {
    const header = sign({ rcd: { nam: 'Alice Avery' } });
    const [h, p, s] = header.slice(0, header.indexOf(';')).split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as PassportClaims;
    claims.rcd = { nam: 'Bank Security Team' };
    const forged = `${h}.${base64url(canonicalJson(claims as never))}.${s}${header.slice(header.indexOf(';'))}`;
    expect((await failure(forged)).code).toBe(StirErrorCode.BAD_SIGNATURE);
  });

  it('icon content altered at its URL under an intact signature is caught by rcdi: identity passes, card dropped (RFC 9795 §8)', async () => {
    const iconUrl = w.repo.url('/rcd/logo.png');
    const rcd: Rcd = { nam: 'Alice Avery', icn: iconUrl };
    const header = sign({ rcd, rcdi: computeRcdi(rcd, new Map([[iconUrl, Buffer.from('original')]])) });
    const r = await verifyIdentity(header, options({ rcdResources: new Map([[iconUrl, Buffer.from('swapped')]]) }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.rcd).toBeUndefined();
    expect(r.value.rcdError?.code).toBe(StirErrorCode.RCD_INTEGRITY);
  });

  it('a signed jCard that does not match its signed rcdi digest is not delivered (RFC 9795 §6.1.3)', async () => {
    const rcd: Rcd = { nam: 'Alice', jcd: ['vcard', [['fn', {}, 'text', 'Alice']]] };
    const rcdi = computeRcdi({ ...rcd, jcd: ['vcard', [['fn', {}, 'text', 'Mallory']]] });
    const r = await verifyIdentity(sign({ rcd, rcdi }), options());
    expect(r.ok && r.value.rcdError?.code).toBe(StirErrorCode.RCD_INTEGRITY);
    expect(r.ok && r.value.rcd).toBeUndefined();
  });

  it('an icon URL without rcdi is refused as RCD (RFC 9795 §4 mode 2)', async () => {
    const r = await verifyIdentity(sign({ rcd: { nam: 'Alice', icn: w.repo.url('/rcd/logo.png') } }), options());
    expect(r.ok && r.value.rcdError?.code).toBe(StirErrorCode.RCD_INTEGRITY);
  });

  it('a certificate from another CA is untrusted: 437', async () => {
    const other = await createStiCa({ name: 'Rogue STI-CA' });
    const rogue = await issueStiCertificate(other, { spc: '709J' });
    w.repo.set('/sti/rogue.pem', { body: rogue.chainPem });
    const x5u = w.repo.url('/sti/rogue.pem');
    const e = await failure(sign({ x5u, key: createPrivateKey(rogue.keyPem) }));
    expect([e.code, e.status, e.reason]).toEqual([StirErrorCode.UNTRUSTED_CERT, 437, 'Unsupported Credential']);
  });

  it('a certificate of the STI-CA without TNAuthList: 437 (RFC 8226 §9)', async () => {
    const inter = await loadCertificateAuthority(w.ca.intermediate.certPem, w.ca.intermediate.keyPem);
    const plain = await inter.issueClient('CN=Not an STI certificate');
    w.repo.set('/sti/plain.pem', { body: `${plain.certPem}${w.ca.intermediate.certPem}` });
    const x5u = w.repo.url('/sti/plain.pem');
    const e = await failure(sign({ x5u, key: createPrivateKey(plain.keyPem) }));
    expect([e.code, e.status]).toEqual([StirErrorCode.NO_TN_AUTH_LIST, 437]);
  });

  it('an expired certificate is untrusted: 437', async () => {
    const later = NOW + 400 * 24 * 3600 * 1000;
    const e = await failure(sign({ iat: Math.floor(later / 1000) }), { now: later });
    expect(e.code).toBe(StirErrorCode.UNTRUSTED_CERT);
  });

  it('x5u that cannot be fetched: 436 Bad Identity Info', async () => {
    const x5u = w.repo.url('/sti/missing.pem');
    const e = await failure(sign({ x5u }));
    expect([e.code, e.status, e.reason]).toEqual([StirErrorCode.X5U_UNREACHABLE, 436, 'Bad Identity Info']);
    const closed = `http://127.0.0.1:${await closedPort()}/sti/carrier.pem`;
    expect((await failure(sign({ x5u: closed }))).code).toBe(StirErrorCode.X5U_UNREACHABLE);
  });

  it('x5u different from the info parameter: 438 (RFC 8224 §4.1)', async () => {
    const jws = signPassport({ orig: ALICE, dest: BOB, attest: 'A', origid: randomUUID(), iat: IAT, x5u: w.repo.url('/sti/other.pem'), key: w.key });
    const e = await failure(buildIdentityHeader(jws, { info: w.x5u }));
    expect([e.code, e.status]).toEqual([StirErrorCode.X5U_INFO_MISMATCH, 438]);
  });

  it('an SPC outside the accepted set does not authorise the signer: 438', async () => {
    const e = await failure(sign(), { acceptedSpcs: new Set(['123A']) });
    expect([e.code, e.status]).toEqual([StirErrorCode.TN_NOT_AUTHORIZED, 438]);
    expect((await verifyIdentity(sign(), options({ acceptedSpcs: new Set(['709J']) }))).ok).toBe(true);
  });

  it('a delegate certificate authorises only the numbers of its TN range (RFC 8226 §9, RFC 9060)', async () => {
    const delegate = await issueStiCertificate(w.ca, { tnAuthList: [{ range: { start: '12025550100', count: 100 } }] });
    w.repo.set('/sti/delegate.pem', { body: delegate.chainPem });
    const x5u = w.repo.url('/sti/delegate.pem');
    const key = createPrivateKey(delegate.keyPem);
    expect((await verifyIdentity(sign({ x5u, key }), options())).ok).toBe(true);
    const e = await failure(sign({ x5u, key, orig: '+12025550200' }), { from: '+12025550200' });
    expect(e.code).toBe(StirErrorCode.TN_NOT_AUTHORIZED);
  });

  it('alg other than ES256 is an unsupported credential: 437', async () => {
    const e = await failure(sign().replace(';alg=ES256', ';alg=RS256'));
    expect([e.code, e.status]).toEqual([StirErrorCode.UNSUPPORTED_ALG, 437]);
  });

  it('an unknown ppt is not used: 428 Use Supported PASSporT Format (RFC 8224 §6.2 step 1)', async () => {
    const e = await failure(sign().replace(';ppt=shaken', ';ppt=div'));
    expect([e.code, e.status]).toEqual([StirErrorCode.UNSUPPORTED_PPT, 428]);
  });

  it('a PASSporT ppt that differs from the Identity ppt: 438', async () => {
    const e = await failure(sign().replace(';ppt=shaken', ';ppt=rcd'));
    expect([e.code, e.status]).toEqual([StirErrorCode.HEADER_MISMATCH, 438]);
  });

  it('compact form is refused for SHAKEN (RFC 8588 §6)', async () => {
    const header = sign();
    const sig = header.slice(header.lastIndexOf('.', header.indexOf(';')) + 1);
    expect((await failure(`..${sig}`)).code).toBe(StirErrorCode.COMPACT_FORM);
  });

  it('iat as a JSON string (the RFC 8588 example erratum) is malformed: 438', async () => {
    const claims = { attest: 'A', dest: { tn: ['12025550102'] }, iat: String(IAT), orig: { tn: '12025550101' }, origid: randomUUID() } as unknown as PassportClaims;
    const jws = signJws({ alg: 'ES256', ppt: 'shaken', typ: 'passport', x5u: w.x5u }, claims, w.key);
    expect((await failure(buildIdentityHeader(jws, { info: w.x5u }))).code).toBe(StirErrorCode.MALFORMED);
  });

  it('a header that is not an Identity value is malformed: 438', async () => {
    expect((await failure('not a passport')).code).toBe(StirErrorCode.MALFORMED);
  });

  it('a self-signed TLS CA is no STI trust anchor for our chain', async () => {
    const tlsCa = await createCertificateAuthority('CN=Some TLS CA');
    const { createTrustAnchors } = await import('../../src/index.ts');
    const e = await failure(sign(), { trustAnchors: createTrustAnchors(tlsCa.certPem) });
    expect(e.code).toBe(StirErrorCode.UNTRUSTED_CERT);
  });
});
