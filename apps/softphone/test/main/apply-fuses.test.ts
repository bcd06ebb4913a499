import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

interface ApplyFuses {
  softphoneFuses: Record<string, unknown>;
  packagedExecutable(context: { appOutDir: string; electronPlatformName: string; packager: { appInfo: { productFilename: string }; executableName?: string } }): string;
  default(context: { appOutDir: string; electronPlatformName: string; arch: number; packager: { appInfo: { productFilename: string }; executableName?: string } }): Promise<void>;
  readFuses(executable: string): Promise<Record<string, string>>;
}

const script = join(import.meta.dirname, '../../scripts/apply-fuses.mjs');
const load = () => import(pathToFileURL(script).href) as Promise<ApplyFuses>;

// Electron's fuse wire: a sentinel, the wire version, its length, then one byte per fuse
// ('0' disabled, '1' enabled). A stand-in binary carries the wire of a stock Electron build.
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
function fakeElectron(wire = '10110010'): Buffer {
  return Buffer.concat([Buffer.from('\x7fELF...machine code...'), Buffer.from(SENTINEL), Buffer.from([1, wire.length]), Buffer.from(wire), Buffer.from('...more code')]);
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('Electron fuses of the release build (Electron security checklist #19)', () => {
  it('the afterPack hook flips every fuse as decided, in the packed executable', async () => {
    const { default: afterPack, readFuses } = await load();
    const dir = mkdtempSync(join(tmpdir(), 'fuses-'));
    dirs.push(dir);
    const exe = join(dir, 'enterprise-softphone');
    writeFileSync(exe, fakeElectron());
    await afterPack({ appOutDir: dir, electronPlatformName: 'linux', arch: 1, packager: { appInfo: { productFilename: 'Enterprise Softphone' }, executableName: 'enterprise-softphone' } });
    expect(await readFuses(exe)).toEqual({
      RunAsNode: 'disabled',
      EnableCookieEncryption: 'enabled',
      EnableNodeOptionsEnvironmentVariable: 'disabled',
      EnableNodeCliInspectArguments: 'disabled',
      EnableEmbeddedAsarIntegrityValidation: 'enabled',
      OnlyLoadAppFromAsar: 'enabled',
      LoadBrowserProcessSpecificV8Snapshot: 'disabled',
      GrantFileProtocolExtraPrivileges: 'disabled',
    });
    // Only the fuse bytes changed.
    const before = fakeElectron();
    const after = readFileSync(exe);
    expect(after.length).toBe(before.length);
    const wireAt = before.indexOf(SENTINEL) + SENTINEL.length + 2;
    expect(Buffer.concat([after.subarray(0, wireAt), after.subarray(wireAt + 8)])).toEqual(Buffer.concat([before.subarray(0, wireAt), before.subarray(wireAt + 8)]));
  });

  it('a binary with a fuse nobody decided about fails the build (strictlyRequireAllFuses)', async () => {
    const { softphoneFuses } = await load();
    expect(softphoneFuses['strictlyRequireAllFuses']).toBe(true);
    const { default: afterPack } = await load();
    const dir = mkdtempSync(join(tmpdir(), 'fuses-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'softphone'), fakeElectron('101100101'));
    await expect(afterPack({ appOutDir: dir, electronPlatformName: 'linux', arch: 1, packager: { appInfo: { productFilename: 'x' }, executableName: 'softphone' } })).rejects.toThrow(/strictlyRequireAllFuses/);
  });

  it('finds the executable electron-builder packed on each platform', async () => {
    const { packagedExecutable } = await load();
    const packager = { appInfo: { productFilename: 'Enterprise Softphone' }, executableName: 'enterprise-softphone' };
    expect(packagedExecutable({ appOutDir: '/out', electronPlatformName: 'linux', packager })).toBe('/out/enterprise-softphone');
    expect(packagedExecutable({ appOutDir: '/out', electronPlatformName: 'win32', packager })).toBe('/out/Enterprise Softphone.exe');
    expect(packagedExecutable({ appOutDir: '/out', electronPlatformName: 'darwin', packager })).toBe('/out/Enterprise Softphone.app');
  });
});
