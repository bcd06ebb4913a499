import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findElectron } from '../../scripts/find-electron.mjs';

const dir = mkdtempSync(join(tmpdir(), 'find-electron-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('findElectron (npm start opens the desktop app with it; the Electron spec skips without it)', () => {
  it('takes ELECTRON_PATH when that file exists', () => {
    const binary = join(dir, 'electron');
    writeFileSync(binary, '');
    expect(findElectron({ ELECTRON_PATH: binary })).toEqual({ path: binary });
  });

  it('says which ELECTRON_PATH is missing', () => {
    const result = findElectron({ ELECTRON_PATH: join(dir, 'nope') });
    expect(result).toEqual({ reason: `ELECTRON_PATH=${join(dir, 'nope')} does not exist` });
  });

  it('without ELECTRON_PATH, reports the installed package\'s binary or why there is none', () => {
    const result = findElectron({});
    if ('path' in result) expect(result.path).toMatch(/electron/i);
    else expect(result.reason).toMatch(/dist is missing .*allowScripts|is missing|not installed/);
  });
});
