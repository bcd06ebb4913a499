// `npm run bench -- ims-call`: full calls per second through the emulator (INVITE, 180, 200, ACK,
// BYE over TCP on loopback): SIPp callers (alice, carol) send INVITE with `Authorization: Bearer`
// (the S-CSCF checks the token through IF1 on every INVITE; cached at the EDS), through P-CSCF,
// S-CSCF, MMTel AS (originating and terminating), to bob, a registered SIPp UAS. No failures
// allowed. Run with STIR/SHAKEN on (IMS_STIR unset, the default) and off (IMS_STIR=off).
// Knobs: BENCH_CALLS per run (default 5000), BENCH_CONCURRENCY (SIPp -l, default 100),
// BENCH_CPU_PROF=<dir> for the emulator's CPU profile (STIR on run).
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { median, report } from '../../../test/support/bench.ts';
import { SCENARIOS, freeTcpPort, injectionFile, runSipp, startBenchWorld, type Emulator } from './ims-bench-world.ts';

const RUNS = 3;
const COUNT = Number(process.env['BENCH_CALLS'] ?? 5000);
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 100);

const world = await startBenchWorld();
const uasPort = await freeTcpPort();
// bob's phone: a SIPp UAS listening on his Contact address for the whole benchmark.
const uas = spawn('sipp', ['-sf', join(SCENARIOS, 'callee-uas.xml'), '-t', 't1', '-i', '127.0.0.1', '-p', String(uasPort), '-nostdin'], { stdio: ['ignore', 'ignore', 'pipe'] });
let uasErr = '';
uas.stderr!.on('data', (d: Buffer) => (uasErr = (uasErr + d.toString()).slice(-4000)));
try {
  await new Promise((r) => setTimeout(r, 300));
  if (uas.exitCode !== null) throw new Error(`SIPp UAS did not start: ${uasErr}`);
  const [alice, carol, bob] = await Promise.all(['alice', 'carol', 'bob'].map((u) => world.token(u)));
  const callers = injectionFile(world.dir, 'callers.csv', [
    ['alice', alice!, 'bob'],
    ['carol', carol!, 'bob'],
  ]);
  const bobInf = injectionFile(world.dir, 'bob.csv', [['bob', bob!]]);
  const registerAtUas = join(world.dir, 'register-bob.xml');
  writeFileSync(registerAtUas, readFileSync(join(SCENARIOS, 'register-bearer.xml'), 'utf8').replaceAll('[local_ip]:[local_port];transport=tcp', `127.0.0.1:${uasPort};transport=tcp`));

  const measure = async (label: string, env: Record<string, string>, cpuProfDir?: string): Promise<{ rate: number; failures: number }> => {
    const emulator: Emulator = await world.startEmulator({ env, ...(cpuProfDir === undefined ? {} : { cpuProfDir }) });
    try {
      const target = `${emulator.tcp.host}:${emulator.tcp.port}`;
      const reg = await runSipp([target, '-t', 't1', '-sf', registerAtUas, '-inf', bobInf, '-i', '127.0.0.1', '-p', '0', '-m', '1', '-timeout', '20s', '-timeout_error']);
      if (reg.successful !== 1) throw new Error(`bob did not register:\n${reg.output}\n${emulator.log()}`);
      const calls = (count: number, rate = 50_000) =>
        runSipp([target, '-t', 't1', '-sf', join(SCENARIOS, 'call-bearer.xml'), '-inf', callers, '-i', '127.0.0.1', '-p', '0', '-r', String(rate), '-l', String(CONCURRENCY), '-m', String(count), '-timeout', '120s', '-timeout_error']);
      const warm = await calls(300, 100);
      if (warm.successful !== 300) throw new Error(`warm-up calls failed (${warm.successful}/300):\n${warm.output}\n${emulator.log()}\n${uasErr}`);
      const rates: number[] = [];
      let failures = 0;
      for (let run = 0; run < RUNS; run++) {
        const r = await calls(COUNT);
        failures += COUNT - r.successful;
        rates.push((r.successful * 1000) / r.elapsedMs);
        console.log(`${label} run ${run + 1}: ${r.successful} calls in ${(r.elapsedMs / 1000).toFixed(2)} s = ${rates.at(-1)!.toFixed(0)}/s, ${r.failed} failed`);
        if (r.successful !== COUNT) console.log(r.output.slice(-2000));
      }
      return { rate: median(rates), failures };
    } finally {
      await emulator.stop();
    }
  };

  const off = await measure('ims-call (STIR off)', { IMS_STIR: 'off' });
  // IMS_STIR empty = unset: the emulator's default (on).
  const on = await measure('ims-call (STIR on)', { IMS_STIR: '' }, process.env['BENCH_CPU_PROF']);
  console.log(`ims-call: median ${on.rate.toFixed(0)} calls/s with STIR on, ${off.rate.toFixed(0)} calls/s with STIR off, ratio on/off ${(on.rate / off.rate).toFixed(2)} (${RUNS} runs of ${COUNT}, SIPp -l ${CONCURRENCY}, TCP, token checked through IF1 on every INVITE); failures ${on.failures + off.failures}; target 500/s. Reference (not measured here): Kamailio as a stateful proxy, about 3,000 calls/s (interop.md).`);
  report({ name: 'ims-call (STIR on)', unit: 'calls/s', value: on.rate, baseline: { name: 'ims-call (STIR off)', value: off.rate } });
  report({ name: 'ims-call (STIR off)', unit: 'calls/s', value: off.rate });
  report({ name: 'ims-call failures', unit: 'count', value: on.failures + off.failures });
  if (on.failures + off.failures > 0) process.exitCode = 1;
} finally {
  uas.kill('SIGTERM');
  await world.close();
}
