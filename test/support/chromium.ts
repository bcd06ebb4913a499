// Where Debian's Chromium lives and the flags that make it work on this machine (DESIGN.md).
import { existsSync } from 'node:fs';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** The Chromium executable: `CHROMIUM_PATH` when set, else Debian's `/usr/bin/chromium`. */
export function chromiumPath(): string {
  return process.env['CHROMIUM_PATH'] ?? DEFAULT_CHROMIUM;
}

export const chromiumArgs: string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Throws an error that names the install command when no Chromium is found. */
export function assertChromium(path: string = chromiumPath()): void {
  if (!existsSync(path)) {
    throw new Error(
      `No Chromium at ${path}. Install Debian's Chromium with \`sudo apt-get install -y chromium\`, ` +
        'or point CHROMIUM_PATH at a Chromium executable.',
    );
  }
}
