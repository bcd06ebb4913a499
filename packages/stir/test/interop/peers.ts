// The Debian peers of the STIR interop tests, and how to run them. Missing tools make the tests
// fail (not skip) with the command that installs them.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const INSTALL = 'apt-get install -y kamailio kamailio-secsipid-modules secsipidx';

/**
 * Absolute path of a tool on PATH (or /usr/sbin), or an error naming who needs it and the Debian
 * packages to install (by default the STIR interop peers).
 */
export function requireTool(name: string, need: { tests: string; install: string } = { tests: 'the STIR interop tests', install: INSTALL }): string {
  const r = spawnSync('sh', ['-c', `command -v ${name} || ls /usr/sbin/${name} 2>/dev/null`], { encoding: 'utf8' });
  const path = r.stdout.trim().split('\n')[0];
  if (!path) throw new Error(`${name} is not installed; ${need.tests} need it: ${need.install}`);
  return path;
}

/** The Kamailio secsipid module, which the Debian package kamailio-secsipid-modules provides. */
export function requireSecsipidModule(): string {
  const r = spawnSync('sh', ['-c', 'ls /usr/lib/*/kamailio/modules/secsipid.so /usr/lib/kamailio/modules/secsipid.so 2>/dev/null'], { encoding: 'utf8' });
  const path = r.stdout.trim().split('\n')[0];
  if (!path) throw new Error(`Kamailio's secsipid.so is missing: ${INSTALL}`);
  return path;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writeTemp(dir: string, name: string, content: string): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

/** Runs a command and returns its exit code, stdout and stderr (never throws on a non-zero exit). */
export function run(cmd: string, args: readonly string[], timeoutMs = 15_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
