// The baseline of `ims-register`: Kamailio (Debian) as a plain registrar over TCP, in-memory
// location, the Bearer header only checked by a regex; it adds the P-Associated-URI header the
// benchmark scenario checks, so both sides run the very same SIPp scenario.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeTcpPort, type Endpoint } from './ims-bench-world.ts';

const BIN = '/usr/sbin/kamailio';
const MODULES = '/usr/lib/x86_64-linux-gnu/kamailio/modules';

export function hasKamailio(): boolean {
  return existsSync(BIN) && existsSync(join(MODULES, 'registrar.so')) && spawnSync(BIN, ['-v']).status === 0;
}

export async function startKamailioRegistrar(): Promise<{ tcp: Endpoint; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'kamailio-registrar-'));
  const port = await freeTcpPort();
  const cfg = join(dir, 'kamailio.cfg');
  writeFileSync(cfg, [
    '#!KAMAILIO',
    'debug=1',
    'log_stderror=yes',
    'children=2',
    'tcp_children=2',
    'auto_aliases=no',
    'disable_tcp=no',
    `listen=tcp:127.0.0.1:${port}`,
    `mpath="${MODULES}/"`,
    'loadmodule "sl.so"',
    'loadmodule "tm.so"',
    'loadmodule "pv.so"',
    'loadmodule "textops.so"',
    'loadmodule "usrloc.so"',
    'loadmodule "registrar.so"',
    'modparam("usrloc", "db_mode", 0)',
    'request_route {',
    '  if (!is_method("REGISTER")) { sl_send_reply("405", "Method Not Allowed"); exit; }',
    '  if (!search("^Authorization: Bearer [A-Za-z0-9_.-]+")) { sl_send_reply("401", "Unauthorized"); exit; }',
    '  append_to_reply("P-Associated-URI: <sip:$tU@$td>, <tel:+12025550101>\\r\\n");',
    '  if (!save("location")) sl_reply_error();',
    '  exit;',
    '}',
    '',
  ].join('\n'));
  let output = '';
  const child: ChildProcess = spawn(BIN, ['-f', cfg, '-DD', '-E', '-w', dir, '-m', '256', '-M', '32'], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 50; i++) {
    if (await accepts(port)) return { tcp: { host: '127.0.0.1', port }, stop };
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`Kamailio did not start:\n${output}`);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port }, () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}
