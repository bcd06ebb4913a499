// fast-check generators of valid SIP messages for the round-trip and stream properties.
import fc from 'fast-check';
import type { SipHeaderField, SipMessage } from '../../src/index.ts';

const alnum = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const tokenChars = `${alnum}-.!%*_+\`'~`;

const fromChars = (chars: string, min: number, max: number): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...chars), { minLength: min, maxLength: max }).map((a) => a.join(''));

export const token = fromChars(tokenChars, 1, 12);
const label = fromChars('abcdefghijklmnopqrstuvwxyz0123456789', 1, 10);
export const hostname = fc.array(label, { minLength: 1, maxLength: 4 }).map((l) => l.join('.'));
const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((t) => t.join('.'));
const ipv6 = fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 }).map((a) => `[${a.map((x) => x.toString(16)).join(':')}]`);
export const host = fc.oneof(hostname, ipv4, ipv6);
const user = fromChars(`${alnum}-_.!~*'()&=+$,?/`, 1, 12);
const paramName = fromChars(`${alnum}-_.!~*'`, 1, 8);
const uriParams = fc.array(fc.tuple(paramName, fc.option(fromChars(`${alnum}-_.`, 1, 8), { nil: undefined })), { maxLength: 3 })
  .map((ps) => ps.map(([k, v]) => (v === undefined ? `;${k}` : `;${k}=${v}`)).join(''));
const port = fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }).map((p) => (p === undefined ? '' : `:${p}`));

export const sipUri = fc.tuple(fc.constantFrom('sip', 'sips'), fc.option(user, { nil: undefined }), host, port, uriParams)
  .map(([s, u, h, p, ps]) => `${s}:${u === undefined ? '' : `${u}@`}${h}${p}${ps}`);
export const telUri = fc.tuple(fromChars('0123456789', 4, 14), fc.constantFrom('', ';verstat=TN-Validation-Passed', ';phone-context=+1'))
  .map(([n, p]) => `tel:+${n}${p}`);
export const requestUri = fc.oneof(sipUri, telUri);

const displayName = fc.option(fc.string({ maxLength: 12 }).map((s) => s.replace(/[\\"\r\n]/g, '')), { nil: undefined });
const tag = fromChars(`${alnum}-.`, 1, 10);
export const nameAddr = (withTag: boolean): fc.Arbitrary<string> =>
  fc.tuple(displayName, sipUri, withTag ? tag.map((t) => `;tag=${t}`) : fc.constant(''))
    .map(([d, u, t]) => `${d === undefined ? '' : `"${d}" `}<${u}>${t}`);

const spelling = (canonical: string, compact?: string): fc.Arbitrary<string> =>
  fc.constantFrom(canonical, canonical.toLowerCase(), canonical.toUpperCase(), ...(compact ? [compact, compact.toUpperCase()] : []));

export const via = fc.tuple(fc.constantFrom('UDP', 'TCP', 'TLS', 'WS', 'WSS', 'SCTP'), host, port, fromChars(alnum, 1, 12), fc.boolean())
  .map(([t, h, p, b, r]) => `SIP/2.0/${t} ${h}${p};branch=z9hG4bK${b}${r ? ';rport' : ''}`);

// Printable values without leading/trailing whitespace (the parser trims) and without CR/LF.
const freeValue = fc.string({ maxLength: 40 }).map((s) => s.replace(/[\r\n\t]/g, ' ').trim());
const extraHeader: fc.Arbitrary<SipHeaderField> = fc.oneof(
  fc.tuple(token.map((t) => `X-${t}`), freeValue).map(([name, value]) => ({ name, value })),
  fc.tuple(spelling('Subject', 's'), freeValue).map(([name, value]) => ({ name, value })),
  fc.tuple(spelling('Supported', 'k'), fc.array(token, { maxLength: 4 })).map(([name, v]) => ({ name, value: v.join(', ') })),
  fc.tuple(spelling('Route'), fc.array(sipUri, { minLength: 1, maxLength: 3 })).map(([name, v]) => ({ name, value: v.map((u) => `<${u};lr>`).join(', ') })),
  fc.tuple(spelling('Contact', 'm'), nameAddr(false)).map(([name, value]) => ({ name, value })),
  fc.tuple(spelling('P-Asserted-Identity'), telUri).map(([name, value]) => ({ name, value: `<${value}>` })),
);

const body = fc.uint8Array({ maxLength: 200 });

export const sipMessage: fc.Arbitrary<SipMessage> = fc.record({
  isRequest: fc.boolean(),
  method: fc.oneof(fc.constantFrom('INVITE', 'REGISTER', 'OPTIONS', 'BYE', 'MESSAGE', 'SUBSCRIBE'), token),
  uri: requestUri,
  status: fc.integer({ min: 100, max: 699 }),
  reason: fc.string({ maxLength: 20 }).map((s) => s.replace(/[\r\n]/g, '')),
  vias: fc.array(fc.tuple(spelling('Via', 'v'), via), { minLength: 1, maxLength: 3 }),
  from: fc.tuple(spelling('From', 'f'), nameAddr(true)),
  to: fc.tuple(spelling('To', 't'), nameAddr(false)),
  callId: fc.tuple(spelling('Call-ID', 'i'), fromChars(`${alnum}-.@`, 1, 20)),
  cseq: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  maxForwards: fc.option(fc.integer({ min: 0, max: 255 }), { nil: undefined }),
  extra: fc.array(extraHeader, { maxLength: 6 }),
  order: fc.func(fc.integer()),
  body,
}).map((r): SipMessage => {
  const method = r.isRequest ? r.method : 'INVITE';
  const headers: SipHeaderField[] = [
    ...r.vias.map(([name, value]) => ({ name, value })),
    { name: r.from[0], value: r.from[1] },
    { name: r.to[0], value: r.to[1] },
    { name: r.callId[0], value: r.callId[1] },
    { name: 'CSeq', value: `${r.cseq} ${method}` },
    ...(r.maxForwards === undefined ? [] : [{ name: 'Max-Forwards', value: String(r.maxForwards) }]),
    ...r.extra,
  ];
  return r.isRequest
    ? { type: 'request', method, uri: r.uri, version: 'SIP/2.0', headers, body: r.body }
    : { type: 'response', status: r.status, reason: r.reason, version: 'SIP/2.0', headers, body: r.body };
});
