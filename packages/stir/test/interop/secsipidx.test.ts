// Interop with secsipidx (Debian), an independent STIR/SHAKEN implementation (Go, asipto):
// it must accept the Identity headers we sign with certificate verification on, and our verifier
// must accept the headers it signs with our key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { buildIdentityHeader, computeRcdi, createStiCa, createX5uFetcher, issueStiCertificate, signPassport, verifyIdentity } from '../../src/index.ts';
import { startStiWorld, type StiWorld } from '../support/sti-repository.ts';
import { requireTool, run, tempDir, writeTemp } from './peers.ts';

const ALICE = '+12025550101';
const BOB = '+12025550102';

let w: StiWorld;
let secsipidx: string;
let dir: string;
let rootFile: string;
beforeAll(async () => {
  secsipidx = requireTool('secsipidx');
  w = await startStiWorld();
  dir = tempDir('stir-secsipidx-');
  rootFile = writeTemp(dir, 'root.pem', w.ca.root.certPem);
});
afterAll(async () => {
  await w?.repo.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function ourHeader(over: { rcd?: Parameters<typeof signPassport>[0]['rcd']; rcdi?: Record<string, string>; x5u?: string; key?: Parameters<typeof signPassport>[0]['key'] } = {}): string {
  const x5u = over.x5u ?? w.x5u;
  const jws = signPassport({ orig: ALICE, dest: BOB, attest: 'A', origid: randomUUID(), iat: Math.floor(Date.now() / 1000), x5u, key: over.key ?? w.key, ...(over.rcd ? { rcd: over.rcd } : {}), ...(over.rcdi ? { rcdi: over.rcdi } : {}) });
  return buildIdentityHeader(jws, { info: x5u });
}

async function secsipidxCheck(header: string, caFile = rootFile): Promise<{ code: number; stdout: string; stderr: string }> {
  const file = writeTemp(dir, `identity-${randomUUID()}.txt`, header);
  return run(secsipidx, ['-check', '-fidentity', file, '-fpubkey', w.x5u, '-expire', '300', '-cert-verify', '5', '-ca-file', caFile]);
}

describe('secsipidx accepts what we sign (certificate verification on: time + our STI-CA root)', () => {
  it('a SHAKEN Identity header we build verifies with secsipidx -check, fetching the chain from x5u', async () => {
    const r = await secsipidxCheck(ourHeader());
    expect(r.stdout.trim(), r.stderr).toBe('ok');
  });

  it('with Rich Call Data in claims-only mode (rcd, rcdi in the shaken PASSporT, RFC 9795 §13) it still verifies', async () => {
    const rcd = { nam: 'Alice Avery (Acme Corp)', jcd: ['vcard', [['fn', {}, 'text', 'Alice Avery'], ['title', {}, 'text', 'Sales Director']]] };
    const r = await secsipidxCheck(ourHeader({ rcd, rcdi: computeRcdi(rcd) }));
    expect(r.stdout.trim(), r.stderr).toBe('ok');
  });

  it('negative control: secsipidx refuses the same header when the trust anchor is another STI-CA', async () => {
    const other = await createStiCa({ name: 'Other STI-CA' });
    const r = await secsipidxCheck(ourHeader(), writeTemp(dir, 'other-root.pem', other.root.certPem));
    expect(r.stdout.trim()).not.toBe('ok');
  });

  it('negative control: secsipidx refuses a header signed by a key that is not the certificate’s', async () => {
    const stranger = await issueStiCertificate(w.ca, { spc: '709J' });
    const r = await secsipidxCheck(ourHeader({ key: stranger.keyPem }));
    expect(r.stdout.trim()).not.toBe('ok');
  });
});

describe('we accept what secsipidx signs', () => {
  it('secsipidx -sign-full with our carrier key produces a header our verifier accepts', async () => {
    const keyFile = writeTemp(dir, 'carrier-key.pem', w.carrier.keyPem);
    const r = await run(secsipidx, ['-sign-full', '-orig-tn', '12025550101', '-dest-tn', '12025550102', '-attest', 'B', '-x5u', w.x5u, '-k', keyFile]);
    expect(r.code, r.stderr).toBe(0);
    const header = r.stdout.trim();
    expect(header).toContain(`;info=<${w.x5u}>`);
    const v = await verifyIdentity(header, { from: `tel:${ALICE}`, to: `tel:${BOB}`, now: Date.now(), trustAnchors: w.anchors, fetcher: createX5uFetcher() });
    expect(v.ok ? v.value.attest : v.error.message).toBe('B');
  });

  it('negative control: the secsipidx header fails our verifier when the call is from another number', async () => {
    const keyFile = writeTemp(dir, 'carrier-key2.pem', w.carrier.keyPem);
    const r = await run(secsipidx, ['-sign-full', '-orig-tn', '12025550101', '-dest-tn', '12025550102', '-attest', 'A', '-x5u', w.x5u, '-k', keyFile]);
    const v = await verifyIdentity(r.stdout.trim(), { from: 'tel:+12025550199', to: `tel:${BOB}`, now: Date.now(), trustAnchors: w.anchors, fetcher: createX5uFetcher() });
    expect(!v.ok && v.error.code).toBe('ERR_STIR_ORIG_MISMATCH');
  });
});
