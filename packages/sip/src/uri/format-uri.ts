// Writes URIs back in their wire form; formatUri(parseUri(x)) is equivalent to x.
import { assertNever } from '../result.ts';
import { isSipUri, isTelUri, type Uri } from './uri-types.ts';

function params(p: ReadonlyMap<string, string | null>): string {
  let out = '';
  for (const [k, v] of p) out += v === null ? `;${k}` : `;${k}=${v}`;
  return out;
}

/**
 * Formats a URI.
 * @example formatUri({ scheme: 'sip', user: 'alice', host: 'acme.example', params: new Map([['lr', null]]), headers: new Map() }) === 'sip:alice@acme.example;lr'
 */
export function formatUri(u: Uri): string {
  if (isSipUri(u)) {
    let s = `${u.scheme}:`;
    if (u.user !== undefined) s += u.password !== undefined ? `${u.user}:${u.password}@` : `${u.user}@`;
    s += u.host;
    if (u.port !== undefined) s += `:${u.port}`;
    s += params(u.params);
    if (u.headers.size > 0) s += `?${[...u.headers].map(([k, v]) => `${k}=${v}`).join('&')}`;
    return s;
  }
  if (isTelUri(u)) return `tel:${u.number}${params(u.params)}`;
  if ('value' in u) return `${u.scheme}:${u.value}`;
  return assertNever(u);
}
