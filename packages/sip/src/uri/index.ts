export type { SipUri, TelUri, AbsoluteUri, Uri } from './uri-types.ts';
export { isSipUri, isTelUri } from './uri-types.ts';
export { parseUri, parseSipUri, parseHostPort } from './parse-uri.ts';
export { formatUri } from './format-uri.ts';
export { uriEquals } from './uri-equals.ts';
export { unescapeUriComponent, escapeUriComponent, hasValidEscapes } from './escape.ts';
