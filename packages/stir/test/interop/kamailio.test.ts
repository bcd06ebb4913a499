// Interop with Kamailio's secsipid module (Debian kamailio-secsipid-modules): a Kamailio on
// 127.0.0.1 answers 200 when secsipid_check_identity() accepts the request's Identity header
// (fetching the chain from info, CertVerify=5: validity + our STI-CA root) and 438 otherwise.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseMessage } from '@eims/sip';
import { buildIdentityHeader, computeRcdi, createStiCa, issueStiCertificate, signPassport } from '../../src/index.ts';
import { startStiWorld, type StiWorld } from '../support/sti-repository.ts';
import { requireSecsipidModule, requireTool, tempDir, writeTemp } from './peers.ts';

const ALICE = '12025550101';
const BOB = '12025550102';

let w: StiWorld;
let kamailio: ChildProcess | undefined;
let log = '';
let port = 0;
let sock: Socket;
let dir = '';

async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
  const p = s.address().port;
  await new Promise<void>((resolve) => s.close(resolve));
  return p;
}

beforeAll(async () => {
  const bin = requireTool('kamailio');
  const modules = dirname(requireSecsipidModule());
  w = await startStiWorld();
  dir = tempDir('stir-kamailio-');
  const root = writeTemp(dir, 'root.pem', w.ca.root.certPem);
  port = await freeUdpPort();
  const cfg = writeTemp(dir, 'kamailio.cfg', [
    '#!KAMAILIO',
    'debug=2',
    'log_stderror=yes',
    'children=1',
    'auto_aliases=no',
    `listen=udp:127.0.0.1:${port}`,
    `mpath="${modules}/"`,
    'loadmodule "sl.so"',
    'loadmodule "secsipid.so"',
    'modparam("secsipid", "expire", 300)',
    `modparam("secsipid", "cache_dir", "${dir}")`,
    'modparam("secsipid", "libopt", "CertVerify=5")',
    `modparam("secsipid", "libopt", "CertCAFile=${root}")`,
    'request_route {',
    '  if (secsipid_check_identity("")) { sl_send_reply("200", "Identity OK"); exit; }',
    '  sl_send_reply("438", "Invalid Identity Header");',
    '  exit;',
    '}',
    '',
  ].join('\n'));
  kamailio = spawn(bin, ['-f', cfg, '-DD', '-E', '-w', dir, '-m', '64', '-M', '8'], { stdio: ['ignore', 'pipe', 'pipe'] });
  kamailio.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  kamailio.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  sock = createSocket('udp4');
  await new Promise<void>((resolve) => sock.bind(0, '127.0.0.1', resolve));
  // Ready when it answers: OPTIONS without Identity gets its 438.
  for (let i = 0; i < 50; i++) {
    if ((await send(undefined, 200)) !== undefined) return;
    if (kamailio.exitCode !== null) break;
  }
  throw new Error(`Kamailio did not start:\n${log}`);
}, 30_000);

afterAll(async () => {
  sock?.close();
  if (kamailio && kamailio.exitCode === null) {
    const exited = new Promise((resolve) => kamailio!.once('exit', resolve));
    kamailio.kill('SIGTERM');
    await exited;
  }
  await w?.repo.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Sends an INVITE with the given Identity value; resolves with the response status (undefined on timeout). */
function send(identity: string | undefined, timeoutMs = 3000): Promise<number | undefined> {
  const branch = `z9hG4bK-${randomUUID()}`;
  const local = sock.address();
  const lines = [
    `INVITE sip:+${BOB}@127.0.0.1:${port};user=phone SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:${local.port};branch=${branch};rport`,
    'Max-Forwards: 70',
    `From: <sip:+${ALICE}@ims.example;user=phone>;tag=${randomUUID().slice(0, 8)}`,
    `To: <sip:+${BOB}@ims.example;user=phone>`,
    `Call-ID: ${randomUUID()}@127.0.0.1`,
    'CSeq: 1 INVITE',
    `Contact: <sip:alice@127.0.0.1:${local.port}>`,
    ...(identity ? [`Identity: ${identity}`] : []),
    'Content-Length: 0',
    '',
    '',
  ];
  return new Promise((resolve) => {
    const onMessage = (buf: Buffer): void => {
      const m = parseMessage(buf);
      if (!m.ok || m.value.type !== 'response' || !buf.toString().includes(branch)) return;
      clearTimeout(timer);
      sock.off('message', onMessage);
      resolve(m.value.status);
    };
    const timer = setTimeout(() => {
      sock.off('message', onMessage);
      resolve(undefined);
    }, timeoutMs);
    sock.on('message', onMessage);
    sock.send(lines.join('\r\n'), port, '127.0.0.1');
  });
}

function header(over: { key?: string; rcd?: { nam: string }; iat?: number } = {}): string {
  const jws = signPassport({ orig: `+${ALICE}`, dest: `+${BOB}`, attest: 'A', origid: randomUUID(), iat: over.iat ?? Math.floor(Date.now() / 1000), x5u: w.x5u, key: over.key ?? w.key, ...(over.rcd ? { rcd: over.rcd } : {}) });
  return buildIdentityHeader(jws, { info: w.x5u });
}

describe('Kamailio secsipid verifies the Identity headers we sign', () => {
  it('accepts our SHAKEN header: 200', async () => {
    expect(await send(header()), log).toBe(200);
  });

  it('accepts our header with Rich Call Data claims (RFC 9795 §13 claims-only): 200', async () => {
    const rcd = { nam: 'Alice Avery (Acme Corp)' };
    expect(computeRcdi(rcd)).toEqual({});
    expect(await send(header({ rcd })), log).toBe(200);
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
