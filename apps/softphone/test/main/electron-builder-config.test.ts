import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const appDir = join(import.meta.dirname, '../..');
const config = parse(readFileSync(join(appDir, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;
const section = (name: string) => config[name] as Record<string, unknown>;

describe('electron-builder.yml produces the installers of issue 5', () => {
  it('targets AppImage and deb on Linux, NSIS on Windows and dmg on macOS', () => {
    expect(section('linux')['target']).toEqual(['AppImage', 'deb']);
    expect(section('win')['target']).toEqual(['nsis']);
    expect(section('mac')['target']).toEqual(['dmg']);
  });

  it('registers the sip: and tel: protocol handlers (click-to-call)', () => {
    const schemes = (config['protocols'] as { schemes: string[] }[]).flatMap((p) => p.schemes);
    expect(schemes.sort()).toEqual(['sip', 'tel']);
  });

  it('packages only the main/preload bundles and the renderer, with main pointing at the bundle', () => {
    expect(config['files']).toEqual(expect.arrayContaining(['dist/main/**', 'dist/preload/**', 'dist/renderer/**']));
    expect(config['files']).not.toContain('src/**');
    expect(section('extraMetadata')['main']).toBe('dist/main/main.mjs');
    expect(config['asar']).toBe(true);
  });

  it('flips the fuses after packing with a hook that exists', () => {
    expect(config['afterPack']).toBe('scripts/apply-fuses.mjs');
    expect(existsSync(join(appDir, String(config['afterPack'])))).toBe(true);
  });

  it('its icons and macOS microphone entitlement exist, and macOS asks for the microphone with a reason', () => {
    expect(existsSync(join(appDir, 'build/icon.png'))).toBe(true);
    expect(existsSync(join(appDir, String(section('linux')['icon']), '256x256.png'))).toBe(true);
    const entitlements = readFileSync(join(appDir, String(section('mac')['entitlements'])), 'utf8');
    expect(entitlements).toContain('com.apple.security.device.audio-input');
    expect((section('mac')['extendInfo'] as Record<string, string>)['NSMicrophoneUsageDescription']).toMatch(/microphone/);
  });
});
