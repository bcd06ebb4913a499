// Small readers for the few header facts the transaction layer needs (tags, CSeq number, top Via),
// tolerant of odd spacing; full grammars live in ../headers/.

/**
 * A parameter of a name-addr/addr-spec header value (From, To), after the URI part.
 * @example headerParam('"A" <sip:a@x;foo=1>;tag=99', 'tag') === '99'
 */
export function headerParam(value: string, name: string): string | undefined {
  // Parameters of the URI itself sit inside <...>; header parameters follow the last '>'.
  const close = value.lastIndexOf('>');
  const end = value.length;
  let semi = value.indexOf(';', close >= 0 ? close + 1 : 0);
  if (semi < 0) return undefined;
  const wanted = name.toLowerCase();
  // Walks the ';'-separated parameters in place (no split arrays: this runs for every message).
  while (semi >= 0) {
    const start = semi + 1;
    const next = value.indexOf(';', start);
    const stop = next < 0 ? end : next;
    let eq = value.indexOf('=', start);
    if (eq < 0 || eq > stop) eq = -1;
    const key = value.slice(start, eq < 0 ? stop : eq).trim();
    if (key.toLowerCase() === wanted) return eq < 0 ? '' : value.slice(eq + 1, stop).trim();
    semi = next;
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
