// Small readers for the few header facts the transaction layer needs (tags, CSeq number, top Via),
// tolerant of odd spacing; full grammars live in ../headers/.

/**
 * A parameter of a name-addr/addr-spec header value (From, To), after the URI part.
 * @example headerParam('"A" <sip:a@x;foo=1>;tag=99', 'tag') === '99'
 */
export function headerParam(value: string, name: string): string | undefined {
  // Parameters of the URI itself sit inside <...>; header parameters follow the last '>'.
  const close = value.lastIndexOf('>');
  const tail = close >= 0 ? value.slice(close + 1) : value.slice(Math.max(0, value.indexOf(';')));
  for (const part of tail.split(';').slice(1)) {
    const eq = part.indexOf('=');
    const key = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
    if (key === name.toLowerCase()) return eq < 0 ? '' : part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The sequence number of a CSeq value, or undefined. */
export function cseqNumber(value: string | undefined): string | undefined {
  const match = value === undefined ? null : /^\s*(\d+)\s+(\S+)\s*$/.exec(value);
  return match?.[1];
}

/** The method of a CSeq value, or undefined. */
export function cseqMethod(value: string | undefined): string | undefined {
  const match = value === undefined ? null : /^\s*(\d+)\s+(\S+)\s*$/.exec(value);
  return match?.[2];
}
