// Draws the tray and badge icons at run time: a filled, anti-aliased dot on a transparent square,
// encoded as PNG (RFC 2083: signature, IHDR, one IDAT of deflated scanlines, IEND). Generated
// instead of shipped so every status colour and size comes from one place.
import { deflateSync } from 'node:zlib';

export type Rgba = readonly [number, number, number, number];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** Encodes straight (non-premultiplied) RGBA pixels, row by row, as a PNG file. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || rgba.length !== width * height * 4) {
    throw new TypeError('encodePng: the pixel buffer does not match the size');
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: RGBA
  // compression, filter and interlace methods: 0
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter type None
    raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** A `size`×`size` PNG with a dot of `color` filling `fill` (0..1) of the square, white-rimmed. */
export function statusIconPng(size: number, color: Rgba, fill = 0.8): Buffer {
  const px = new Uint8Array(size * size * 4);
  const c = (size - 1) / 2;
  const r = (size * fill) / 2;
  const rim = Math.max(1, size / 16);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x - c, y - c);
      const coverage = Math.min(1, Math.max(0, r - d + 0.5)); // 1-pixel anti-aliased edge
      if (coverage === 0) continue;
      const inner = d <= r - rim;
      const i = (y * size + x) * 4;
      px[i] = inner ? color[0] : 0xff;
      px[i + 1] = inner ? color[1] : 0xff;
      px[i + 2] = inner ? color[2] : 0xff;
      px[i + 3] = Math.round(color[3] * coverage);
    }
  }
  return encodePng(size, size, px);
}
