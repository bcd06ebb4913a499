// Decodes and checks an employee photo sent by an admin: a data URI or `{ contentType, data }`
// in base64. Only raster formats browsers render without scripts (no SVG), checked by magic bytes.
import { invalid, type AdminResult } from './admin-problem.ts';
import { assertNever } from '../errors.ts';

/** Largest photo accepted, decoded; fits a 64 KiB request once base64-encoded. */
export const MAX_PHOTO_BYTES = 40 * 1024;
export const PHOTO_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];

export interface Photo {
  contentType: PhotoType;
  data: Uint8Array;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const DATA_URI = /^data:([a-z0-9.+/-]+);base64,(.*)$/is;

export function parsePhoto(value: unknown, field = 'photo'): AdminResult<Photo | null> {
  if (value === null) return { ok: true, value: null };
  let contentType: unknown;
  let data: unknown;
  if (typeof value === 'string') {
    const m = DATA_URI.exec(value);
    if (m === null) return invalid(field, 'A photo must be a base64 data URI ("data:image/png;base64,...") or { "contentType", "data" }.');
    contentType = m[1]?.toLowerCase();
    data = m[2];
  } else if (typeof value === 'object' && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    const extra = Object.keys(o).filter((k) => k !== 'contentType' && k !== 'data');
    if (extra.length > 0) return invalid(`${field}.${extra[0] ?? ''}`, `Unknown photo field "${extra[0] ?? ''}"; a photo has only "contentType" and "data".`);
    contentType = typeof o['contentType'] === 'string' ? o['contentType'].toLowerCase() : o['contentType'];
    data = o['data'];
  } else {
    return invalid(field, 'A photo must be a base64 data URI, { "contentType", "data" }, or null to remove it.');
  }
  if (typeof contentType !== 'string' || !(PHOTO_TYPES as readonly string[]).includes(contentType)) {
    return invalid(field, `Photo type ${typeof contentType === 'string' ? `"${contentType}" ` : ''}is not accepted; use ${PHOTO_TYPES.join(', ')}.`);
  }
  if (typeof data !== 'string' || data.length === 0) return invalid(field, 'The photo data is missing; send the image bytes in base64.');
  const compact = data.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) return invalid(field, 'The photo data is not valid base64.');
  const bytes = new Uint8Array(Buffer.from(compact, 'base64'));
  if (bytes.length > MAX_PHOTO_BYTES) {
    return invalid(field, `The photo is ${bytes.length} bytes; the limit is ${MAX_PHOTO_BYTES} bytes (a 256×256 JPEG fits).`);
  }
  const type = contentType as PhotoType;
  if (!hasSignature(bytes, type)) return invalid(field, `The photo bytes are not a ${type} image.`);
  return { ok: true, value: { contentType: type, data: bytes } };
}

function hasSignature(b: Uint8Array, type: PhotoType): boolean {
  const starts = (sig: number[], at = 0): boolean => sig.every((v, i) => b[at + i] === v);
  switch (type) {
    case 'image/png':
      return starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    case 'image/jpeg':
      return starts([0xff, 0xd8, 0xff]);
    case 'image/webp':
      return starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8);
    default:
      return assertNever(type);
  }
}
