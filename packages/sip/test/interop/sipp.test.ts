// SIPp (Debian sip-tester 3.6) as an independent judge of our stack: it sends OPTIONS and REGISTER
// over UDP and TCP to a UAS built on @eims/sip and checks the 200 responses with regular expressions.
import { execFile, spawn, spawnSync } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestCertificates } from '../transport/test-certificates.ts';
import type { TestCertificates } from '../transport/test-certificates.ts';
import { startTestUas } from './test-uas.ts';
import type { TestUas } from './test-uas.ts';

const here = dirname(fileURLToPath(import.meta.url));
const calls = 5;

function requireSipp(): void {
  const probe = spawnSync('sipp', ['-v'], { encoding: 'utf8' });
  if (probe.error !== undefined) {
    throw new Error(`SIPp is not installed (${probe.error.message}). Install it with: sudo apt-get install -y sip-tester`);
  }
}

/** A port free for both UDP and TCP on 127.0.0.1, for SIPp's own socket. */
async function freePort(): Promise<number> {
  for (;;) {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise((resolve) => server.close(resolve));
    const udp = dgram.createSocket('udp4');
    const free = await new Promise<boolean>((resolve) => {
      udp.once('error', () => resolve(false));
      udp.bind(port, '127.0.0.1', () => resolve(true));
    });
    udp.close();
    if (free) return port;
  }
}

interface SippRun {
  code: number;
  stdout: string;
  stats: Record<string, string>;
}

async function runSipp(scenario: string, transport: 'u1' | 't1', target: number): Promise<SippRun> {
  const dir = mkdtempSync(join(tmpdir(), 'eims-sipp-'));
  try {
    const localPort = await freePort();
    const args = ['-sf', join(here, scenario), '-t', transport, '-m', String(calls), '-nostdin', '-timeout', '20s', '-i', '127.0.0.1', '-p', String(localPort), `127.0.0.1:${target}`, '-trace_stat', '-stf', join(dir, 'stat.csv'), '-trace_err', '-error_file', join(dir, 'errors.log')];
    const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile('timeout', ['30', 'sipp', ...args], { cwd: dir, maxBuffer: 4 * 1024 * 1024 }, (error, out) => {
        resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout: out });
      });
    });
    const lines = readFileSync(join(dir, 'stat.csv'), 'utf8').trim().split('\n');
    const header = (lines[0] ?? '').split(';');
    const values = (lines.at(-1) ?? '').split(';');
    const stats = Object.fromEntries(header.map((name, i) => [name, values[i] ?? '']));
    const errors = (() => {
      try {
        return readFileSync(join(dir, 'errors.log'), 'utf8');
      } catch (error) {
        return `no error log (${String(error)})`;
      }
    })();
    return { code, stdout: `${stdout}\n--- errors ---\n${errors}`, stats };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let uas: TestUas;
let certs: TestCertificates;
beforeAll(async () => {
  requireSipp();
  certs = makeTestCertificates();
  uas = await startTestUas({
    tls: { server: { key: certs.serverKey, cert: certs.serverCert, ca: certs.caPem, requestCert: true, rejectUnauthorized: true } },
  });
});
afterAll(async () => {
  await uas?.close();
  certs?.cleanup();
});

describe('interop with SIPp (sip-tester)', () => {
  for (const [scenario, method] of [['options.xml', 'OPTIONS'], ['register.xml', 'REGISTER']] as const) {
    for (const transport of ['u1', 't1'] as const) {
      it(`SIPp sends ${calls} ${method} over ${transport === 'u1' ? 'UDP' : 'TCP'} and accepts every 200 (RFC 3261 §11, §10.3)`, async () => {
        const before = uas.counts.get(method) ?? 0;
        const run = await runSipp(scenario, transport, transport === 'u1' ? uas.udpPort : uas.tcpPort);
        expect(run.code, run.stdout).toBe(0);
        expect(run.stats['SuccessfulCall(C)'], run.stdout).toBe(String(calls));
        expect(run.stats['FailedCall(C)']).toBe('0');
        expect((uas.counts.get(method) ?? 0) - before).toBe(calls);
      });
    }
  }

  it('SIPp sends OPTIONS over mutual TLS (socat with a client certificate in front, as SIPp has no TLS here)', async () => {
    const probe = spawnSync('socat', ['-V'], { encoding: 'utf8' });
    if (probe.error !== undefined) throw new Error(`socat is not installed (${probe.error.message}). Install it with: sudo apt-get install -y socat`);
    const relayPort = await freePort();
    const p = certs.paths;
    const socat = spawn('socat', [`TCP-LISTEN:${relayPort},bind=127.0.0.1,fork,reuseaddr`, `OPENSSL:127.0.0.1:${uas.tlsPort},verify=1,cafile=${p.ca},cert=${p.clientCert},key=${p.clientKey}`], { stdio: 'ignore' });
    try {
      await waitForListener(relayPort);
      const before = uas.counts.get('OPTIONS') ?? 0;
      const run = await runSipp('options.xml', 't1', relayPort);
      expect(run.code, run.stdout).toBe(0);
      expect(run.stats['SuccessfulCall(C)'], run.stdout).toBe(String(calls));
      expect((uas.counts.get('OPTIONS') ?? 0) - before).toBe(calls);
      expect(uas.peerSubjects.at(-1)).toContain('CN=pbx.acme.example');
    } finally {
      socat.kill();
    }
  });
});

async function waitForListener(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`nothing listens on ${port}`);
}

