// What the SIPp benchmarks of the emulator share: the real IdP (in this process: it only issues the
// tokens and answers the first introspection of each, the EDS caches them), the emulator in a
// child process on free loopback ports with a temporary data folder, and SIPp runs over TCP.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startIdp } from '@eims/idp';
import { signInTokens } from '../../../idp/test/support/oauth-client.ts';

export const PASSWORD = 'Acme-demo-1';

export interface Endpoint {
  readonly host: string;
  readonly port: number;
}

export interface Emulator {
  readonly tcp: Endpoint;
  /** Stops it with SIGTERM (a clean exit, so that a CPU profile gets written). */
  stop(): Promise<void>;
  /** Everything it printed on stderr. */
  log(): string;
}

export interface BenchWorld {
  readonly dir: string;
  token(username: string): Promise<string>;
  startEmulator(options?: { env?: Record<string, string>; cpuProfDir?: string }): Promise<Emulator>;
  close(): Promise<void>;
}

export async function startBenchWorld(): Promise<BenchWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'ims-sipp-bench-'));
  const idpDir = join(dir, 'idp');
  const idp = await startIdp({ dataDir: idpDir, port: 0, mtlsPort: 0, accessTokenTtl: 3600, log: () => undefined });
  const emulators: Emulator[] = [];
  let n = 0;
  return {
    dir,
    async token(username) {
      return (await signInTokens(idp.issuer, username, PASSWORD)).access_token;
    },
    async startEmulator(options = {}) {
      const imsDir = join(dir, `ims-${n++}`);
      mkdirSync(imsDir, { recursive: true });
      const args = ['--import', 'tsx', ...(options.cpuProfDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', options.cpuProfDir]), join(import.meta.dirname, 'bench-emulator.ts')];
      const child = spawn(process.execPath, args, {
        env: {
          ...process.env,
          ...options.env,
          BENCH_IMS_DATA_DIR: imsDir,
          BENCH_IDP_DATA_DIR: idpDir,
          BENCH_IDP_ISSUER: idp.issuer,
          BENCH_IDP_INTROSPECTION: idp.introspectionUrl,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr!.on('data', (d: Buffer) => {
        stderr = (stderr + d.toString()).slice(-20_000);
      });
      const tcp = await new Promise<Endpoint>((resolve, reject) => {
        let found: Endpoint | undefined;
        const lines = createInterface({ input: child.stdout! });
        lines.on('line', (line) => {
          if (line.startsWith('LISTENERS ')) found = (JSON.parse(line.slice('LISTENERS '.length)) as { tcp: Endpoint }).tcp;
          if (line === 'READY' && found !== undefined) resolve(found);
        });
        child.once('exit', (code) => reject(new Error(`emulator exited (${String(code)}) before READY:\n${stderr}`)));
      });
      const emulator: Emulator = {
        tcp,
        log: () => stderr,
        stop: () => stopChild(child),
      };
      emulators.push(emulator);
      return emulator;
    },
    async close() {
      for (const e of emulators) await e.stop();
      await idp.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

export async function freeTcpPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}

export interface SippOutcome {
  readonly exitCode: number;
  readonly successful: number;
  readonly failed: number;
  readonly elapsedMs: number;
  readonly output: string;
}

/**
 * Runs SIPp to completion (bounded by `-m` and a wall-clock timeout) and reads its final counters.
 * `elapsedMs` is measured around the run here, from the first message to the last answer.
 */
export function runSipp(args: readonly string[], options: { timeoutMs?: number; cwd?: string } = {}): Promise<SippOutcome> {
  const cwd = options.cwd ?? mkdtempSync(join(tmpdir(), 'sipp-run-'));
  const start = performance.now();
  return new Promise((resolve) => {
    execFile('sipp', [...args, '-nostdin', '-trace_stat', '-stf', join(cwd, 'stat.csv'), '-trace_err', '-error_file', join(cwd, 'err.log')], { cwd, encoding: 'utf8', timeout: options.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const elapsedMs = performance.now() - start;
      const exitCode = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      const stats = readStats(join(cwd, 'stat.csv'));
      const errors = existsSync(join(cwd, 'err.log')) ? readFileSync(join(cwd, 'err.log'), 'utf8').slice(0, 4000) : '';
      rmSync(cwd, { recursive: true, force: true });
      resolve({ exitCode, successful: stats.successful, failed: stats.failed, elapsedMs, output: `${stdout.slice(-3000)}${stderr.slice(-3000)}${errors}` });
    });
  });
}

/** The cumulative successful / failed call counters of the last line of SIPp's `-trace_stat` CSV. */
function readStats(file: string): { successful: number; failed: number } {
  if (!existsSync(file)) return { successful: 0, failed: 0 };
  const text = readFileSync(file, 'utf8');
  const lines = text.trim().split('\n');
  const header = (lines[0] ?? '').split(';');
  const last = (lines.at(-1) ?? '').split(';');
  const at = (name: string): number => Number(last[header.indexOf(name)] ?? '0') || 0;
  return { successful: at('SuccessfulCall(C)'), failed: at('FailedCall(C)') };
}

/** Writes a SIPp injection file (`SEQUENTIAL`, then one `;`-separated line per row). */
export function injectionFile(dir: string, name: string, rows: readonly (readonly string[])[]): string {
  const file = join(dir, name);
  writeFileSync(file, `SEQUENTIAL\n${rows.map((r) => r.join(';')).join('\n')}\n`);
  return file;
}

export const SCENARIOS = join(import.meta.dirname, 'sipp');

/** The newest `.cpuprofile` in a folder, if any. */
export function newestProfile(dir: string): string | undefined {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  return files.length === 0 ? undefined : join(dir, files.sort().at(-1)!);
}
