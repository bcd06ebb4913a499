import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const appDir = join(import.meta.dirname, '../..');

function bareImports(code: string): string[] {
  const found = new Set<string>();
  const patterns = [/^\s*(?:import|export)\b[^;\n]*?\bfrom\s*["']([^"']+)["']/gm, /^\s*import\s*["']([^"']+)["']/gm, /\bimport\(\s*["']([^"']+)["']\s*\)/g, /\brequire\(\s*["']([^"']+)["']\s*\)/g];
  for (const pattern of patterns) for (const m of code.matchAll(pattern)) if (!/^[./]/.test(m[1]!)) found.add(m[1]!);
  return [...found].sort();
}

describe('main and preload are bundled for packaging (npm run build:main -w apps/softphone)', () => {
  let output = '';
  beforeAll(() => {
    output = execFileSync(process.execPath, [join(appDir, 'scripts/build-main.mjs')], { encoding: 'utf8' });
  });

  it('the sandboxed preload is one CommonJS file that requires nothing but electron', () => {
    expect(output).toContain('dist/preload/preload.cjs');
    const preload = readFileSync(join(appDir, 'dist/preload/preload.cjs'), 'utf8');
    expect(bareImports(preload)).toEqual(['electron']);
    expect(preload).toContain('exposeInMainWorld');
    expect(preload).toContain('session:sign-in');
  });

  it('the main bundle inlines workspace and npm packages, leaving only electron and Node built-ins', () => {
    const main = readFileSync(join(appDir, 'dist/main/main.mjs'), 'utf8');
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    expect(bareImports(main).filter((m) => m !== 'electron' && !builtins.has(m))).toEqual([]);
    expect(main).toContain('registerSchemesAsPrivileged');
    expect(main).not.toContain('@eims/phone');
  });

  it('the bundled main starts (under a recording stand-in for Electron) and opens the hardened window on app://', () => {
    const userData = mkdtempSync(join(tmpdir(), 'softphone-bundle-'));
    try {
      const register = pathToFileURL(join(import.meta.dirname, 'fixtures/electron-stub-register.mjs')).href;
      const out = execFileSync(process.execPath, ['--import', register, join(appDir, 'dist/main/main.mjs')], { encoding: 'utf8', env: { ...process.env, STUB_USER_DATA: userData }, timeout: 20_000 });
      const line = out.split('\n').find((l) => l.startsWith('STUB '));
      const record = JSON.parse(line!.slice(5)) as { privileged: string[]; protocolClients: string[]; ipc: string[]; protocols: string[]; permissionHandlers: number; windows: { sandbox: boolean; contextIsolation: boolean; nodeIntegration: boolean; preload: string; url: string }[] };
      expect(record.privileged).toEqual(['app']);
      expect(record.protocolClients).toEqual(['sip', 'tel']);
      expect(record.ipc).toContain('session:sign-in');
      expect(record.protocols).toEqual(['app']);
      expect(record.permissionHandlers).toBe(2);
      expect(record.windows).toEqual([{ sandbox: true, contextIsolation: true, nodeIntegration: false, preload: join(appDir, 'dist/preload/preload.cjs'), url: 'app://softphone/index.html' }]);
      expect(existsSync(record.windows[0]!.preload)).toBe(true);
    } finally {
      rmSync(userData, { recursive: true, force: true });
    }
  });
});
