// `npm run bench -- idp`: refresh-token grants per second (each grant rotates the refresh token, so
// many parallel chains) and RFC 7662 introspections per second over mutual TLS with keep-alive.
// The IdP runs as its own process (as `npm start` runs it) with SQLite persistence on.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent as HttpsAgent } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { asyncOpsPerSecond, median, report } from '../../test/support/bench.ts';
import { introspect, refresh, signInTokens } from '../test/support/oauth-client.ts';

const RUNS = 3;
const RUN_MS = 3000;
const CONCURRENCY = 32;
const PASSWORD = 'Acme-demo-1';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function startIdpProcess(dataDir: string, port: number, mtlsPort: number): Promise<ChildProcess> {
  const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', main], {
    env: { ...process.env, DATA_DIR: dataDir, IDP_PORT: String(port), IDP_MTLS_PORT: String(mtlsPort), DEMO_PASSWORD: PASSWORD },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('is running')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`IdP exited (${code})`)));
  });
  return child;
}

const dataDir = mkdtempSync(join(tmpdir(), 'idp-bench-'));
const port = await freePort();
const mtlsPort = await freePort();
const issuer = `http://localhost:${port}`;
const child = await startIdpProcess(dataDir, port, mtlsPort);
try {
  const tls = join(dataDir, 'idp', 'tls');
  const ca = readFileSync(join(tls, 'ca.crt'), 'utf8');
  const cert = readFileSync(join(tls, 'eds-client.crt'), 'utf8');
  const key = readFileSync(join(tls, 'eds-client.key'), 'utf8');
  const introspectionUrl = `https://localhost:${mtlsPort}/token/introspection`;

  console.log(`IdP on ${issuer} (own process, SQLite WAL persistence); ${CONCURRENCY} concurrent clients, ${RUNS} runs of ${RUN_MS} ms.`);
  const users = ['alice', 'bob', 'carol'];
  const chains: string[] = [];
  const accessTokens: string[] = [];
  for (let i = 0; i < CONCURRENCY; i++) {
    const tokens = await signInTokens(issuer, users[i % users.length]!, PASSWORD);
    chains.push(tokens.refresh_token!);
    accessTokens.push(tokens.access_token);
  }

  // Refresh-token grants: every request takes an idle chain and follows its rotation. Run 0 is a
  // warm-up (JIT, SQLite page cache) and is not counted.
  const refreshRuns: number[] = [];
  for (let run = -1; run < RUNS; run++) {
    // A pool of idle chains: a chain is never used by two requests at once (that would be reuse).
    const idle = chains.map((_, i) => i);
    const rate = await asyncOpsPerSecond(
      async () => {
        const slot = idle.pop()!;
        const answer = await refresh(issuer, chains[slot]!);
        if (answer.status !== 200) throw new Error(`refresh failed: ${JSON.stringify(answer.body)}`);
        chains[slot] = String(answer.body['refresh_token']);
        accessTokens[slot] = String(answer.body['access_token']);
        idle.push(slot);
      },
      RUN_MS,
      CONCURRENCY,
    );
    if (run < 0) continue;
    refreshRuns.push(rate);
    console.log(`  refresh run ${run + 1}: ${rate.toFixed(0)} grants/s`);
  }

  const agent = new HttpsAgent({ keepAlive: true, maxSockets: CONCURRENCY, ca, cert, key });
  const introspectRuns: number[] = [];
  for (let run = -1; run < RUNS; run++) {
    let n = 0;
    const rate = await asyncOpsPerSecond(
      async () => {
        const answer = await introspect(introspectionUrl, accessTokens[n++ % CONCURRENCY]!, { ca, cert, key, agent });
        if (answer.body['active'] !== true) throw new Error(`introspection not active: ${JSON.stringify(answer.body)}`);
      },
      RUN_MS,
      CONCURRENCY,
    );
    if (run < 0) continue;
    introspectRuns.push(rate);
    console.log(`  introspection run ${run + 1}: ${rate.toFixed(0)} introspections/s`);
  }
  agent.destroy();

  console.log('Baseline: 120 refresh-token grants/s per vCPU is the planning figure published in Keycloak\'s sizing guide, not measured here.');
  report({
    name: 'idp refresh-token grants (rotation, SQLite persistence)',
    unit: 'grants/s',
    value: median(refreshRuns),
    baseline: { name: 'Keycloak sizing guide, refresh grants per vCPU', value: 120 },
  });
  report({ name: 'idp introspections over mutual TLS (keep-alive)', unit: 'introspections/s', value: median(introspectRuns) });
} finally {
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  rmSync(dataDir, { recursive: true, force: true });
}
