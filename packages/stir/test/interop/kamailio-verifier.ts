// A Kamailio with the secsipid module (Debian kamailio-secsipid-modules) as an independent STIR
// verifier on 127.0.0.1/UDP: it answers 200 when secsipid_check_identity() accepts the INVITE's
// Identity header (fetching the chain from info; CertVerify=5: validity + the given STI-CA root)
// and 438 otherwise.
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseMessage } from '@eims/sip';
import { requireSecsipidModule, requireTool, tempDir, writeTemp } from './peers.ts';

export interface KamailioVerifier {
  /** Sends an INVITE (From `+orig`, To `+dest`) with the Identity value; resolves with the status (undefined on timeout). */
  send(identity: string | undefined, options?: { timeoutMs?: number; orig?: string; dest?: string }): Promise<number | undefined>;
  /** Kamailio's output so far (for assertion messages). */
  log(): string;
  stop(): Promise<void>;
}

async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
  const p = s.address().port;
  await new Promise<void>((resolve) => s.close(resolve));
  return p;
}

/** Starts Kamailio trusting `rootPem`; rejects with its log when it does not come up. */
export async function startKamailioVerifier(rootPem: string): Promise<KamailioVerifier> {
  const bin = requireTool('kamailio');
  const modules = dirname(requireSecsipidModule());
  const dir = tempDir('stir-kamailio-');
  const root = writeTemp(dir, 'root.pem', rootPem);
  const port = await freeUdpPort();
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
  let output = '';
  const kamailio: ChildProcess = spawn(bin, ['-f', cfg, '-DD', '-E', '-w', dir, '-m', '64', '-M', '8'], { stdio: ['ignore', 'pipe', 'pipe'] });
  kamailio.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  kamailio.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const sock: Socket = createSocket('udp4');
  await new Promise<void>((resolve) => sock.bind(0, '127.0.0.1', resolve));

  const send: KamailioVerifier['send'] = (identity, options = {}) => {
    const branch = `z9hG4bK-${randomUUID()}`;
    const local = sock.address();
    const orig = options.orig ?? '12025550101';
    const dest = options.dest ?? '12025550102';
    const lines = [
      `INVITE sip:+${dest}@127.0.0.1:${port};user=phone SIP/2.0`,
      `Via: SIP/2.0/UDP 127.0.0.1:${local.port};branch=${branch};rport`,
      'Max-Forwards: 70',
      `From: <sip:+${orig}@ims.example;user=phone>;tag=${randomUUID().slice(0, 8)}`,
      `To: <sip:+${dest}@ims.example;user=phone>`,
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
      }, options.timeoutMs ?? 3000);
      sock.on('message', onMessage);
      sock.send(lines.join('\r\n'), port, '127.0.0.1');
    });
  };

  const stop = async (): Promise<void> => {
    sock.close();
    if (kamailio.exitCode === null) {
      const exited = new Promise((resolve) => kamailio.once('exit', resolve));
      kamailio.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };

  // Ready when it answers: an INVITE without Identity gets its 438.
  for (let i = 0; i < 50; i++) {
    if ((await send(undefined, { timeoutMs: 200 })) !== undefined) return { send, log: () => output, stop };
    if (kamailio.exitCode !== null) break;
  }
  await stop();
  throw new Error(`Kamailio did not start:\n${output}`);
}
