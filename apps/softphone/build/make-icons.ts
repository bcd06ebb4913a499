// Generates the app icon electron-builder turns into .icns/.ico/.png sets (build/icon.png,
// 1024 px) and the Linux hicolor sizes, drawn with the same PNG encoder as the tray icons.
// Run: npx tsx apps/softphone/build/make-icons.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodePng } from '../src/main/status-icon-png.ts';

const here = dirname(fileURLToPath(import.meta.url));

/** A blue rounded square with a white handset-like arc and a green "registered" dot. */
function appIcon(size: number): Buffer {
  const px = new Uint8Array(size * size * 4);
  const s = size / 1024;
  const put = (x: number, y: number, rgb: readonly number[], a: number) => {
    const i = (y * size + x) * 4;
    const under = px[i + 3]! / 255;
    const out = a + under * (1 - a);
    if (out === 0) return;
    for (let k = 0; k < 3; k++) px[i + k] = Math.round((rgb[k]! * a + px[i + k]! * under * (1 - a)) / out);
    px[i + 3] = Math.round(out * 255);
  };
  const edge = (d: number) => Math.min(1, Math.max(0, 0.5 - d)); // d: signed distance in pixels
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const cx = x + 0.5;
      const cy = y + 0.5;
      // Rounded square, 64 px margin, 180 px corner radius (at 1024).
      const half = (1024 / 2 - 64) * s;
      const r = 180 * s;
      const qx = Math.abs(cx - size / 2) - (half - r);
      const qy = Math.abs(cy - size / 2) - (half - r);
      const dBox = Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
      put(x, y, [0x15, 0x65, 0xc0], edge(dBox));
      // Handset: a thick arc (ring segment) in the lower-left three quarters.
      const dx = cx - size / 2;
      const dy = cy - size / 2;
      const ring = Math.abs(Math.hypot(dx, dy) - 250 * s) - 60 * s;
      const angle = Math.atan2(dy, dx);
      if (angle > -Math.PI / 4 && angle < (3 * Math.PI) / 4) put(x, y, [0xff, 0xff, 0xff], edge(ring));
      // Status dot, top right.
      const dot = Math.hypot(cx - 700 * s, cy - 320 * s) - 110 * s;
      put(x, y, [0x2e, 0xcc, 0x71], edge(dot));
    }
  }
  return encodePng(size, size, px);
}

writeFileSync(join(here, 'icon.png'), appIcon(1024));
for (const size of [16, 32, 48, 64, 128, 256, 512]) {
  const dir = join(here, 'icons');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${size}x${size}.png`), appIcon(size));
}
console.log('Wrote build/icon.png and build/icons/*.png');
