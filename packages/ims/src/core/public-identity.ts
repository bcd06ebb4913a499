// Public user identities (IMPUs) as keys: a 3PID `sip:user@domain`, a subscriber IMPU, or an
// E.164 number written as `tel:+E164` or `sip:+E164@domain;user=phone` (one key for both forms,
// so that either reaches the implicit registration set, TS 23.228 §4.3.3.4).
import { isSipUri, isTelUri, parseUri, unescapeUriComponent } from '@eims/sip';

/**
 * The lookup key of a public identity, or undefined when the URI is neither sip/sips nor tel.
 * @example impuKey('sip:+12025550102@ims.example;user=phone') === 'tel:+12025550102'
 */
export function impuKey(uri: string): string | undefined {
  const parsed = parseUri(uri);
  if (!parsed.ok) return undefined;
  const u = parsed.value;
  if (isTelUri(u)) return u.global ? `tel:${digitsOf(u.number)}` : undefined;
  if (!isSipUri(u) || u.user === undefined) return undefined;
  const user = unescapeUriComponent(u.user);
  if (u.params.get('user') === 'phone' || /^\+[0-9]{6,15}$/.test(user.split(';')[0] ?? '')) {
    const number = user.split(';')[0] ?? '';
    if (number.startsWith('+')) return `tel:${digitsOf(number)}`;
  }
  return `sip:${user}@${u.host.toLowerCase()}`;
}

/** The domain of a sip/sips identity (lower case), or undefined. */
export function domainOf(uri: string): string | undefined {
  const parsed = parseUri(uri);
  if (!parsed.ok || !isSipUri(parsed.value)) return undefined;
  return parsed.value.host.toLowerCase();
}

/** `+12025550101` from `tel:+1-202-555-0101` (visual separators removed). */
function digitsOf(number: string): string {
  return `+${number.replace(/[^0-9]/g, '')}`;
}

/** `sip:+E164@domain;user=phone`, the SIP form of an E.164 identity (TS 24.229 §5.7.1.x). */
export function sipFormOfTel(telKey: string, domain: string): string {
  return `sip:${telKey.slice('tel:'.length)}@${domain};user=phone`;
}
