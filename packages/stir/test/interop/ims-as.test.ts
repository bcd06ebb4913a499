// Interop of what the emulator's originating MMTel AS puts on the wire: alice calls bob through the
// real emulator (IMS_STIR=on), the Identity header bob receives is handed to two independent
// verifiers from Debian — secsipidx -check and Kamailio's secsipid module — each with certificate
// verification on (validity + the emulator's STI-CA root), fetching the chain from the x5u URL
// the emulator serves on its console listener.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { Inviter, UserAgent } from 'sip.js';
import { createStiCa } from '../../src/index.ts';
import { startPhone, type Phone } from '../../../ims/test/stories/sipjs-phone.ts';
import { DOMAIN, startStirStack, type StirStack } from '../../../ims/test/stir/stir-stack.ts';
import { startKamailioVerifier, type KamailioVerifier } from './kamailio-verifier.ts';
import { requireTool, run, tempDir, writeTemp } from './peers.ts';

let stack: StirStack;
let alice: Phone;
let bob: Phone;
let identity = '';
let dir = '';
let rootFile = '';
let kamailio: KamailioVerifier | undefined;

beforeAll(async () => {
  requireTool('secsipidx');
  stack = await startStirStack();
  alice = await startPhone('sip:alice@acme.example', stack.core.listeners.ws);
  bob = await startPhone('sip:bob@acme.example', stack.core.listeners.ws);
  const token = await stack.token('alice');
  expect(await alice.register(token)).toBe(200);
  expect(await bob.register(await stack.token('bob'))).toBe(200);
  // alice calls bob's number: the AS signs orig 12025550101, dest 12025550102, with her card.
  const inviter = new Inviter(alice.ua, UserAgent.makeURI(`sip:+12025550102@${DOMAIN};user=phone`)!, { extraHeaders: [`Authorization: Bearer ${token}`] });
  const final = new Promise<number>((resolve) => {
    inviter.invite({ requestDelegate: { onReject: (r) => resolve(r.message.statusCode ?? 0), onAccept: (r) => resolve(r.message.statusCode ?? 0) } }).catch(() => resolve(0));
  });
  const invitation = await bob.waitForInvitation();
  identity = invitation.request.getHeaders('Identity')[0] ?? '';
  await invitation.reject({ statusCode: 486 });
  expect(await final).toBe(486);
  dir = tempDir('stir-ims-as-');
  rootFile = writeTemp(dir, 'root.pem', stack.ims.sti.rootCertPem);
  kamailio = await startKamailioVerifier(stack.ims.sti.rootCertPem);
}, 60_000);
afterAll(async () => {
  await kamailio?.stop();
  await alice?.stop();
  await bob?.stop();
  await stack?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function secsipidxCheck(header: string, caFile = rootFile): Promise<{ code: number; stdout: string; stderr: string }> {
  const file = writeTemp(dir, `identity-${randomUUID()}.txt`, header);
  return run(requireTool('secsipidx'), ['-check', '-fidentity', file, '-fpubkey', stack.ims.sti.x5u, '-expire', '300', '-cert-verify', '5', '-ca-file', caFile]);
}

describe('the Identity header our originating AS produces, checked by independent verifiers', () => {
  it('is a SHAKEN header with Rich Call Data naming the emulator\'s x5u', () => {
    expect(identity).toMatch(new RegExp(`;info=<${stack.ims.sti.x5u.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}>;alg=ES256;ppt=shaken$`));
  });

  it('secsipidx -check accepts it (chain fetched from x5u, verified to the emulator\'s STI-CA root)', async () => {
    const r = await secsipidxCheck(identity);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  it('negative control: secsipidx refuses it when the trust anchor is another STI-CA', async () => {
    const other = await createStiCa({ name: 'Other STI-CA' });
    const r = await secsipidxCheck(identity, writeTemp(dir, 'other-root.pem', other.root.certPem));
    expect(r.code).not.toBe(0);
  });

  it('Kamailio secsipid_check_identity() accepts it: 200', async () => {
    expect(await kamailio!.send(identity, { orig: '12025550101', dest: '12025550102' }), kamailio!.log()).toBe(200);
  });

  it('negative control: Kamailio refuses it with one signature byte changed: 438', async () => {
    const jws = identity.split(';')[0]!;
    const last = jws.at(-2) === 'A' ? 'B' : 'A';
    const broken = identity.replace(jws, `${jws.slice(0, -2)}${last}${jws.at(-1)!}`);
    expect(await kamailio!.send(broken, { orig: '12025550101', dest: '12025550102' })).toBe(438);
  });
});
