// `npm run bench -- ims-register`: REGISTERs with bearer tokens per second through the emulator
// (P-CSCF TCP listener → S-CSCF → IF1 over the HTTP/2 SBI → EDS cache; registration saved at the
// EDS before the 200 OK), driven by SIPp over TCP on loopback, with no failures allowed; baseline:
// Kamailio as a plain registrar with the same SIPp scenario, measured in the same run.
// Knobs (environment): BENCH_REGISTERS per run (default 20000), BENCH_CONCURRENCY (SIPp -l,
// default 200), BENCH_CPU_PROF=<dir> to write the emulator's CPU profile there.
import { join } from 'node:path';
import { median, report } from '../../../test/support/bench.ts';
import { SCENARIOS, injectionFile, runSipp, startBenchWorld, type Endpoint } from './ims-bench-world.ts';
import { hasKamailio, startKamailioRegistrar } from './kamailio-registrar.ts';

const RUNS = 3;
const COUNT = Number(process.env['BENCH_REGISTERS'] ?? 20_000);
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 200);
const USERS = ['alice', 'bob', 'carol'] as const;

const world = await startBenchWorld();
try {
  const rows = await Promise.all(USERS.map(async (u) => [u, await world.token(u)] as const));
  const inf = injectionFile(world.dir, 'users.csv', rows);
  const scenario = join(SCENARIOS, 'register-bearer.xml');
  const sipp = (target: Endpoint, count: number, rate = 50_000) =>
    runSipp([`${target.host}:${target.port}`, '-t', 't1', '-sf', scenario, '-inf', inf, '-i', '127.0.0.1', '-p', '0', '-r', String(rate), '-l', String(CONCURRENCY), '-m', String(count), '-timeout', '90s', '-timeout_error']);

  const cpuProfDir = process.env['BENCH_CPU_PROF'];
  const emulator = await world.startEmulator(cpuProfDir === undefined ? {} : { cpuProfDir });
  // Warm-up: each token is introspected once and cached at the EDS; JIT warms up.
  const warm = await sipp(emulator.tcp, 600, 300);
  if (warm.failed > 0 || warm.successful !== 600) throw new Error(`warm-up failed:\n${warm.output}\n${emulator.log()}`);
  const rates: number[] = [];
  let failures = 0;
  for (let run = 0; run < RUNS; run++) {
    const r = await sipp(emulator.tcp, COUNT);
    failures += r.failed + (COUNT - r.successful - r.failed);
    rates.push((r.successful * 1000) / r.elapsedMs);
    console.log(`run ${run + 1}: ${r.successful} REGISTER 200 OK in ${(r.elapsedMs / 1000).toFixed(2)} s = ${rates.at(-1)!.toFixed(0)}/s, ${r.failed} failed`);
    if (r.failed > 0) console.log(r.output.slice(-2000));
  }
  await emulator.stop();

  let baseline: number | undefined;
  if (hasKamailio()) {
    const kamailio = await startKamailioRegistrar();
    try {
      await sipp(kamailio.tcp, 600, 300);
      const k: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        const r = await sipp(kamailio.tcp, COUNT * 2);
        k.push((r.successful * 1000) / r.elapsedMs);
        console.log(`kamailio run ${run + 1}: ${r.successful} in ${(r.elapsedMs / 1000).toFixed(2)} s = ${k.at(-1)!.toFixed(0)}/s, ${r.failed} failed`);
      }
      baseline = median(k);
    } finally {
      await kamailio.stop();
    }
  } else {
    console.log('Kamailio not installed: no baseline measured (reference: about 43,000 REGISTER/s over TCP on this machine, interop.md).');
  }
  console.log(`ims-register: median ${median(rates).toFixed(0)} REGISTER/s over ${RUNS} runs of ${COUNT} (SIPp -l ${CONCURRENCY}, TCP, 3 employees, cached tokens); failures: ${failures}; target 5,000/s`);
  report({ name: 'ims-register', unit: 'REGISTER/s', value: median(rates), ...(baseline === undefined ? {} : { baseline: { name: 'kamailio-registrar-tcp', value: baseline } }) });
  report({ name: 'ims-register failures', unit: 'count', value: failures });
  if (failures > 0) process.exitCode = 1;
} finally {
  await world.close();
}
