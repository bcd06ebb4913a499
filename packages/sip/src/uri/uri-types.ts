// URI value types: SIP/SIPS (RFC 3261 §19.1), tel (RFC 3966) and any other absolute URI.

/** A `sip:` or `sips:` URI. `user` and `password` are kept as written (still %-escaped). */
export interface SipUri {
  scheme: 'sip' | 'sips';
  user?: string;
  password?: string;
  /** As written; IPv6 references keep their brackets. */
  host: string;
  port?: number;
  /** URI parameters, names lower-cased, `null` for a parameter without value (`;lr`). */
  params: Map<string, string | null>;
  /** URI headers (`?name=value&...`), names and values as written. */
  headers: Map<string, string>;
}

/** A `tel:` URI (RFC 3966). */
export interface TelUri {
  scheme: 'tel';
  /** The number as written, including `+` and visual separators. */
  number: string;
  /** Global (`+` E.164) or local (needs `phone-context`). */
  global: boolean;
  /** Parameters, names lower-cased (`verstat`, `phone-context`, `ext` ...). */
  params: Map<string, string | null>;
}

/** Any other scheme, kept so that a UAS can answer 416 (RFC 3261 §8.2.2.1). */
export interface AbsoluteUri {
  scheme: string;
  /** Everything after the first `:`. */
  value: string;
}

export type Uri = SipUri | TelUri | AbsoluteUri;

export function isSipUri(u: Uri): u is SipUri {
  return u.scheme === 'sip' || u.scheme === 'sips';
}

export function isTelUri(u: Uri): u is TelUri {
  return u.scheme === 'tel';
}
