// Persistence (issue 2, item 2): the IdP process is killed outright and started again on the same
// data folder; a refresh token issued before the crash still works, and signing keys are reused.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { jwtParts, refresh, signInTokens } from './support/oauth-client.ts';
import { DEMO_PASSWORD } from './support/test-idp.ts';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

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

function startIdpProcess(dataDir: string, port: number, mtlsPort: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
      env: { ...process.env, DATA_DIR: dataDir, IDP_PORT: String(port), IDP_MTLS_PORT: String(mtlsPort) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`IdP did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('is running')) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`IdP exited (${code}):\n${output}`));
    });
  });
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'idp-restart-'));
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const child of children) await kill(child);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('accepts a refresh token issued before the IdP process was killed (SIGKILL) and restarted', async () => {
    const port = await freePort();
    const mtlsPort = await freePort();
    const issuer = `http://localhost:${port}`;
    const first = await startIdpProcess(dataDir, port, mtlsPort);
    children.push(first);
    const tokens = await signInTokens(issuer, 'alice', DEMO_PASSWORD);
    const kidBefore = jwtParts(tokens.access_token).header['kid'];
    await kill(first);

    const second = await startIdpProcess(dataDir, port, mtlsPort);
    children.push(second);
    const after = await refresh(issuer, tokens.refresh_token!);
    expect(after.status).toBe(200);
    expect(jwtParts(String(after.body['access_token'])).header['kid']).toBe(kidBefore);
    expect(jwtParts(String(after.body['access_token'])).payload['3pid']).toBe('sip:alice@acme.example');
    await kill(second);
  });
});
