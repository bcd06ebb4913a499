// Click-to-call: `sip:`, `sips:` and `tel:` URLs handed to the app by the OS (RFC 3261 §19.1,
// RFC 3966) become a dial target. Only what is needed to place a call is kept: URI headers other
// than `subject` are dropped, so a link cannot inject Route or other headers.

export type DialTarget =
  | { kind: 'e164'; number: string; display: string }
  | { kind: 'local'; number: string; context: string; display: string }
  | { kind: 'sip'; uri: string; display: string; subject?: string };

export type DialParse = { ok: true; value: DialTarget } | { ok: false; error: string };

const MAX = 2048;
const VISUAL = /[-.()\s]/g;

/** Parses a click-to-call URL into a dial target; garbage is refused with a reason. */
export function parseDialUrl(raw: unknown): DialParse {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX) return { ok: false, error: 'not a URL' };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(raw)) return { ok: false, error: 'control characters in the URL' };
  const colon = raw.indexOf(':');
  const scheme = raw.slice(0, colon).toLowerCase();
  const rest = raw.slice(colon + 1).replace(/^\/\//, ''); // some browsers pass tel://…
  switch (scheme) {
    case 'tel':
      return parseTel(rest);
    case 'sip':
    case 'sips':
      return parseSip(scheme, rest);
    default:
      return { ok: false, error: `unsupported scheme "${scheme}"` };
  }
}

function decode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined; // a broken %-escape: refuse the URL
  }
}

function parseTel(rest: string): DialParse {
  const [rawNumber = '', ...params] = rest.split(';');
  const decoded = decode(rawNumber);
  if (decoded === undefined) return { ok: false, error: 'bad %-escape in the number' };
  const number = decoded.replace(VISUAL, '');
  let context: string | undefined;
  for (const p of params) {
    const [name = '', value = ''] = p.split('=');
    if (name.toLowerCase() === 'phone-context') context = decode(value);
  }
  if (/^\+[0-9]{2,15}$/.test(number)) return { ok: true, value: { kind: 'e164', number, display: decoded } };
  if (!/^[0-9*#]{1,20}$/.test(number)) return { ok: false, error: 'not a telephone number' };
  // RFC 3966 §5.1.5: a local number MUST carry phone-context.
  if (context === undefined || context === '') return { ok: false, error: 'a local number needs a phone-context' };
  const globalPrefix = context.replace(VISUAL, '');
  if (/^\+[0-9]{1,14}$/.test(globalPrefix)) {
    const full = `${globalPrefix}${number}`;
    if (/^\+[0-9]{2,15}$/.test(full)) return { ok: true, value: { kind: 'e164', number: full, display: decoded } };
    return { ok: false, error: 'the number is too long for E.164' };
  }
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(context)) return { ok: false, error: 'phone-context is neither a number prefix nor a domain' };
  return { ok: true, value: { kind: 'local', number, context: context.toLowerCase(), display: decoded } };
}

function parseSip(scheme: 'sip' | 'sips', rest: string): DialParse {
  const q = rest.indexOf('?');
  const main = q < 0 ? rest : rest.slice(0, q);
  const headers = q < 0 ? '' : rest.slice(q + 1);
  const at = main.lastIndexOf('@');
  if (at <= 0) return { ok: false, error: 'a SIP address needs a user and a domain' };
  const user = main.slice(0, at);
  const [hostport = '', ...params] = main.slice(at + 1).split(';');
  if (user.includes(':')) return { ok: false, error: 'passwords in SIP URLs are refused' };
  if (!/^[A-Za-z0-9\-_.!~*'()&=+$,;?/%]+$/.test(user)) return { ok: false, error: 'bad characters in the user part' };
  if (!/^([a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\]|\d{1,3}(\.\d{1,3}){3})(:\d{1,5})?$/i.test(hostport)) {
    return { ok: false, error: 'bad domain' };
  }
  const kept = params.filter((p) => /^user=phone$/i.test(p));
  const uri = `${scheme}:${user}@${hostport.toLowerCase()}${kept.map((p) => `;${p.toLowerCase()}`).join('')}`;
  let subject: string | undefined;
  for (const h of headers.split('&')) {
    const [name = '', value = ''] = h.split('=');
    if (name.toLowerCase() !== 'subject') continue; // every other URI header is dropped
    const text = decode(value.replace(/\+/g, ' '));
    // eslint-disable-next-line no-control-regex
    if (text !== undefined && text.length <= 128 && !/[\u0000-\u001f\u007f]/.test(text)) subject = text;
  }
  const display = decode(user) ?? user;
  return { ok: true, value: { kind: 'sip', uri, display: `${display}@${hostport.toLowerCase()}`, ...(subject !== undefined ? { subject } : {}) } };
}

/** Finds the click-to-call URL among process arguments (second-instance / open-url on startup). */
export function dialUrlFromArgv(argv: readonly string[]): string | undefined {
  return argv.find((a) => /^(tel|sips?):/i.test(a));
}
