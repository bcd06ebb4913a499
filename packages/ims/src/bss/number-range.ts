// E.164 numbers and allocated ranges: syntax, membership and overlap.

/** ITU-T E.164: `+`, a non-zero country code digit, at most 15 digits in all. */
export const E164 = /^\+[1-9]\d{6,14}$/;

export function isE164(value: string): boolean {
  return E164.test(value);
}

function digits(e164: string): bigint {
  return BigInt(e164.slice(1));
}

export function inRange(e164: string, range: { from: string; to: string }): boolean {
  if (e164.length !== range.from.length) return false;
  const n = digits(e164);
  return n >= digits(range.from) && n <= digits(range.to);
}

export function rangesOverlap(a: { from: string; to: string }, b: { from: string; to: string }): boolean {
  if (a.from.length !== b.from.length) return false;
  return digits(a.from) <= digits(b.to) && digits(b.from) <= digits(a.to);
}

/** Parses `+12025550100-+12025550199` or a single number (a range of one). */
export function parseRange(text: string): { from: string; to: string } | undefined {
  const m = /^\s*(\+\d+)\s*(?:-\s*(\+\d+)\s*)?$/.exec(text);
  if (!m) return undefined;
  return { from: m[1]!, to: m[2] ?? m[1]! };
}
