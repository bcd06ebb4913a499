import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodePng, statusIconPng } from '../../src/main/status-icon-png.ts';

// A minimal PNG reader for what the encoder writes (RFC 2083): checks each chunk's CRC-32 with
// an independent bitwise implementation and returns the unfiltered RGBA pixels.
function crc32(bytes: Buffer): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function decode(png: Buffer): { width: number; height: number; pixels: Buffer } {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.subarray(offset + 4, offset + 8).toString('latin1');
    const data = png.subarray(offset + 8, offset + 8 + length);
    expect(png.readUInt32BE(offset + 8 + length), `CRC of ${type}`).toBe(crc32(png.subarray(offset + 4, offset + 8 + length)));
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([data[8], data[9], data[10], data[11], data[12]]).toEqual([8, 6, 0, 0, 0]);
    }
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const pixels = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width * 4 + 1)]).toBe(0); // filter None
    raw.copy(pixels, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1));
  }
  return { width, height, pixels };
}

describe('status icons are valid PNG files drawn at run time (RFC 2083)', () => {
  it('encodes pixels losslessly with correct chunk CRCs', () => {
    const rgba = Uint8Array.from([255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 0, 1, 2, 3, 4]);
    const { width, height, pixels } = decode(encodePng(2, 2, rgba));
    expect([width, height]).toEqual([2, 2]);
    expect([...pixels]).toEqual([...rgba]);
  });

  it('refuses a pixel buffer that does not match the size', () => {
    expect(() => encodePng(2, 2, new Uint8Array(15))).toThrow(TypeError);
  });

  it('the status dot has the status colour in the middle and transparent corners', () => {
    const { width, pixels } = decode(statusIconPng(32, [0x1e, 0x8e, 0x3e, 0xff]));
    expect(width).toBe(32);
    const at = (x: number, y: number) => [...pixels.subarray((y * 32 + x) * 4, (y * 32 + x) * 4 + 4)];
    expect(at(16, 16)).toEqual([0x1e, 0x8e, 0x3e, 0xff]);
    expect(at(0, 0)[3]).toBe(0);
    expect(at(31, 31)[3]).toBe(0);
  });
});
