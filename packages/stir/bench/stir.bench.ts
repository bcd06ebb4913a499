// PASSporT signing and verification throughput (x5u cache warm), and Identity checks over HTTP:
// our verifier behind node:http beside secsipidx's HTTP check service (`POST /v1/check`, same
// certificate-verification mode, file cache) on the same headers in the same run.
// Then calls per second through the emulator with STIR on and off (the ims-call benchmark).
// Prints BENCH lines (test/support/bench.ts). The load client shares the 2 CPUs with the servers.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { createServer, request, Agent, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asyncOpsPerSecond, median, opsPerSecond, report } from '../../../test/support/bench.ts';
import { buildIdentityHeader, createX5uFetcher, signPassport, verifyIdentity, type VerifyIdentityOptions } from '../src/index.ts';
import { requireTool } from '../test/interop/peers.ts';
import { startStiWorld } from '../test/support/sti-repository.ts';

const RUNS = 5;
const MS = 1000;
const HTTP_MS = 2000;
const CONCURRENCY = 16;

const w = await startStiWorld();
const fetcher = createX5uFetcher();
const ALICE = '+12025550101';
const BOB = '+12025550102';
const sign = (): string =>
  buildIdentityHeader(signPassport({ orig: ALICE, dest: BOB, attest: 'A', origid: randomUUID(), iat: Math.floor(Date.now() / 1000), x5u: w.x5u, rcd: { nam: 'Alice Avery (Acme Corp)' }, key: w.key }), { info: w.x5u });
const headers = Array.from({ length: 500 }, sign);
const options = (): VerifyIdentityOptions => ({ from: ALICE, to: BOB, now: Date.now(), trustAnchors: w.anchors, fetcher });
const first = await verifyIdentity(headers[0]!, options());
if (!first.ok) throw first.error;

// 1. In process.
let k = 0;
const signs = median(Array.from({ length: RUNS }, () => opsPerSecond(sign, MS)));
const verifies: number[] = [];
for (let i = 0; i < RUNS; i++) {
  verifies.push(
    await asyncOpsPerSecond(async () => {
      const r = await verifyIdentity(headers[k++ % headers.length]!, options());
      if (!r.ok) throw r.error;
    }, MS, 1),
  );
}
const verify = median(verifies);
console.log(`signPassport + Identity header: ${Math.round(signs)}/s; verifyIdentity (x5u cached, chain verdict cached): ${Math.round(verify)}/s (medians of ${RUNS})`);
report({ name: 'stir sign (ES256 PASSporT + Identity header)', unit: 'ops/s', value: signs });
report({ name: 'stir verify (in process, x5u cache)', unit: 'ops/s', value: verify });

// 2. Over HTTP, ours and secsipidx's, same client, same headers.
const ours = createServer((req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (c: string) => (body += c));
  req.on('end', () => {
    void verifyIdentity(body.trim(), options()).then((r) => res.writeHead(r.ok ? 200 : 500, { 'content-type': 'text/plain' }).end(r.ok ? 'OK' : 'FAILED'));
  });
});
await new Promise<void>((resolve) => ours.listen(0, '127.0.0.1', resolve));
const oursUrl = `http://127.0.0.1:${(ours.address() as AddressInfo).port}/v1/check`;

const secsipidx = requireTool('secsipidx');
const dir = mkdtempSync(join(tmpdir(), 'stir-bench-'));
mkdirSync(join(dir, 'cache'));
writeFileSync(join(dir, 'root.pem'), w.ca.root.certPem);
const sxPort = await freePort();
const sx = spawn(secsipidx, ['-H', `127.0.0.1:${sxPort}`, '-expire', '300', '-cert-verify', '5', '-ca-file', join(dir, 'root.pem'), '-cache-dir', join(dir, 'cache'), '-cache-expire', '3600', '-timeout', '3'], { stdio: 'ignore' });
const sxUrl = `http://127.0.0.1:${sxPort}/v1/check`;
const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

try {
  await waitFor(sxUrl);
  for (const url of [oursUrl, sxUrl]) {
    const s = await post(url, headers[0]!);
    if (s !== 200) throw new Error(`${url} refused a valid header (HTTP ${s})`);
  }
  const load = (url: string) => async (): Promise<void> => {
    const s = await post(url, headers[k++ % headers.length]!);
    if (s !== 200) throw new Error(`${url} answered ${s}`);
  };
  await asyncOpsPerSecond(load(oursUrl), 500, CONCURRENCY); // warm-up
  await asyncOpsPerSecond(load(sxUrl), 500, CONCURRENCY);
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    a.push(await asyncOpsPerSecond(load(oursUrl), HTTP_MS, CONCURRENCY));
    b.push(await asyncOpsPerSecond(load(sxUrl), HTTP_MS, CONCURRENCY));
  }
  const mine = median(a);
  const base = median(b);
  console.log(`Identity checks over HTTP (${CONCURRENCY} keep-alive connections): ours ${Math.round(mine)}/s, secsipidx ${Math.round(base)}/s, ratio ${(mine / base).toFixed(2)}`);
  report({ name: 'stir verify over HTTP', unit: 'checks/s', value: mine, baseline: { name: 'secsipidx -H /v1/check (cert-verify 5, cache-dir)', value: base } });
} finally {
  sx.kill('SIGTERM');
  agent.destroy();
  ours.close();
  await w.repo.close();
  rmSync(dir, { recursive: true, force: true });
}

// 3. Calls per second through the emulator with signing and verification on versus off: the
// emulator's ims-call benchmark (its own process; @eims/stir does not depend on the emulator),
// with fewer calls per run unless BENCH_CALLS says otherwise. It prints both rates and the ratio.
const calls = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../../ims/bench/ims-call.bench.ts', import.meta.url))], {
  stdio: 'inherit',
  env: { ...process.env, BENCH_CALLS: process.env['BENCH_CALLS'] ?? '2000' },
});
if (calls.status !== 0) {
  console.error(`stir: the calls-per-second part (ims-call) failed (exit ${calls.status ?? calls.signal})`);
  process.exitCode = 1;
}

function post(url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) } }, (res: IncomingMessage) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      await post(url, 'x');
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`${url} did not come up`);
}
