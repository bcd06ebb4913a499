// Interop with Kamailio's secsipid module (Debian kamailio-secsipid-modules): a Kamailio on
// 127.0.0.1 answers 200 when secsipid_check_identity() accepts the request's Identity header
// (fetching the chain from info, CertVerify=5: validity + our STI-CA root) and 438 otherwise.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { buildIdentityHeader, computeRcdi, createStiCa, issueStiCertificate, signPassport } from '../../src/index.ts';
import { startStiWorld, type StiWorld } from '../support/sti-repository.ts';
import { startKamailioVerifier, type KamailioVerifier } from './kamailio-verifier.ts';

const ALICE = '12025550101';
const BOB = '12025550102';

let w: StiWorld;
let kamailio: KamailioVerifier | undefined;

beforeAll(async () => {
  w = await startStiWorld();
  kamailio = await startKamailioVerifier(w.ca.root.certPem);
}, 30_000);

afterAll(async () => {
  await kamailio?.stop();
  await w?.repo.close();
});

const send = (identity: string | undefined): Promise<number | undefined> => kamailio!.send(identity, { orig: ALICE, dest: BOB });
const log = (): string => kamailio?.log() ?? '';

function header(over: { key?: string; rcd?: { nam: string }; iat?: number } = {}): string {
  const jws = signPassport({ orig: `+${ALICE}`, dest: `+${BOB}`, attest: 'A', origid: randomUUID(), iat: over.iat ?? Math.floor(Date.now() / 1000), x5u: w.x5u, key: over.key ?? w.key, ...(over.rcd ? { rcd: over.rcd } : {}) });
  return buildIdentityHeader(jws, { info: w.x5u });
}

describe('Kamailio secsipid verifies the Identity headers we sign', () => {
  it('accepts our SHAKEN header: 200', async () => {
    expect(await send(header()), log()).toBe(200);
  });

  it('accepts our header with Rich Call Data claims (RFC 9795 §13 claims-only): 200', async () => {
    const rcd = { nam: 'Alice Avery (Acme Corp)' };
    expect(computeRcdi(rcd)).toEqual({});
    expect(await send(header({ rcd })), log()).toBe(200);
  });

  it('negative control: a header signed with a key that is not the certificate’s gets 438', async () => {
    const stranger = await issueStiCertificate(w.ca, { spc: '709J' });
    expect(await send(header({ key: stranger.keyPem }))).toBe(438);
  });

  it('negative control: an expired iat (beyond expire=300) gets 438', async () => {
    expect(await send(header({ iat: Math.floor(Date.now() / 1000) - 600 }))).toBe(438);
  });

  it('negative control: a chain from another STI-CA gets 438 (CertVerify is on)', async () => {
    const other = await createStiCa({ name: 'Other STI-CA' });
    const rogue = await issueStiCertificate(other, { spc: '709J' });
    w.repo.set('/sti/rogue.pem', { body: rogue.chainPem });
    const x5u = w.repo.url('/sti/rogue.pem');
    const jws = signPassport({ orig: `+${ALICE}`, dest: `+${BOB}`, attest: 'A', origid: randomUUID(), iat: Math.floor(Date.now() / 1000), x5u, key: rogue.keyPem });
    expect(await send(buildIdentityHeader(jws, { info: x5u }))).toBe(438);
  });
});
