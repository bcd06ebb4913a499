// Validation of BSS provisioning input (untrusted JSON): each rule names the field it refuses and
// says what to send instead. Conflicts with existing data (overlaps, duplicates) are the store's.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import type { Result } from '../errors.ts';
import type { EnterpriseInput, NumberRange, SubscriberInput } from './enterprise.ts';
import { isE164 } from './number-range.ts';

export interface InputError {
  code: 'invalid_field' | 'missing_field' | 'unknown_field';
  field: string;
  message: string;
}

const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;
const SIP_URI = /^sip:([a-z0-9][a-z0-9._~+-]{0,63})@([a-z0-9.-]+)$/;
const ENTERPRISE_FIELDS = ['name', 'domain', 'pbxCaCertPem', 'pbxAddress', 'numberRanges', 'idpIssuer', 'introspectionEndpoint', 'if4ClientCertPem', 'if4ClientKeyPem', 'idpCaCertPem', 'setAudience'];
const SUBSCRIBER_FIELDS = ['impu', 'e164', 'digestUsername', 'password'];

export function isDomain(value: string): boolean {
  return DOMAIN.test(value);
}

/** `sip:user@domain` → its parts; undefined for anything else. */
export function parseSipUri(value: string): { user: string; domain: string } | undefined {
  const m = SIP_URI.exec(value.toLowerCase());
  if (!m || !isDomain(m[2]!)) return undefined;
  return { user: m[1]!, domain: m[2]! };
}

export function validateEnterpriseInput(raw: unknown): Result<EnterpriseInput, InputError> {
  const object = asObject(raw, ENTERPRISE_FIELDS);
  if (!object.ok) return object;
  const o = object.value;
  const name = text(o, 'name', 100);
  if (!name.ok) return name;
  const domain = text(o, 'domain', 253);
  if (!domain.ok) return domain;
  if (!isDomain(domain.value.toLowerCase())) return invalid('domain', `"${domain.value}" is not a domain name; send e.g. "acme.example".`);
  const ranges = numberRanges(o['numberRanges']);
  if (!ranges.ok) return ranges;
  const issuer = url(o, 'idpIssuer', false);
  if (!issuer.ok) return issuer;
  const introspection = url(o, 'introspectionEndpoint', true);
  if (!introspection.ok) return introspection;
  const clientCert = certificate(o, 'if4ClientCertPem');
  if (!clientCert.ok) return clientCert;
  const clientKey = text(o, 'if4ClientKeyPem', 16_384);
  if (!clientKey.ok) return clientKey;
  try {
    if (!new X509Certificate(clientCert.value).checkPrivateKey(createPrivateKey(clientKey.value))) {
      return invalid('if4ClientKeyPem', 'The IF4 client key does not belong to the IF4 client certificate.');
    }
  } catch (cause) {
    return invalid('if4ClientKeyPem', `The IF4 client key is not a PEM private key (${(cause as Error).message}).`);
  }
  const idpCa = certificate(o, 'idpCaCertPem');
  if (!idpCa.ok) return idpCa;
  let pbxCa: string | null = null;
  if (o['pbxCaCertPem'] !== undefined && o['pbxCaCertPem'] !== null) {
    const pbx = certificate(o, 'pbxCaCertPem');
    if (!pbx.ok) return pbx;
    pbxCa = pbx.value;
  }
  let pbxAddress: string | null = null;
  if (o['pbxAddress'] !== undefined && o['pbxAddress'] !== null) {
    const address = text(o, 'pbxAddress', 300);
    if (!address.ok) return address;
    if (!/^(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/.test(address.value) || Number(address.value.slice(address.value.lastIndexOf(':') + 1)) > 65535) {
      return invalid('pbxAddress', `"${address.value}" is not host:port, e.g. 127.0.0.1:5081 or pbx.acme.example:5061.`);
    }
    pbxAddress = address.value;
  }
  let setAudience: string | null = null;
  if (o['setAudience'] !== undefined && o['setAudience'] !== null) {
    const audience = text(o, 'setAudience', 2048);
    if (!audience.ok) return audience;
    setAudience = audience.value;
  }
  return {
    ok: true,
    value: {
      name: name.value,
      domain: domain.value.toLowerCase(),
      pbxCaCertPem: pbxCa,
      pbxAddress,
      numberRanges: ranges.value,
      idpIssuer: issuer.value,
      introspectionEndpoint: introspection.value,
      if4ClientCertPem: clientCert.value,
      if4ClientKeyPem: clientKey.value,
      idpCaCertPem: idpCa.value,
      setAudience,
    },
  };
}

export function validateSubscriberInput(raw: unknown): Result<SubscriberInput, InputError> {
  const object = asObject(raw, SUBSCRIBER_FIELDS);
  if (!object.ok) return object;
  const o = object.value;
  const impu = text(o, 'impu', 300);
  if (!impu.ok) return impu;
  if (!parseSipUri(impu.value)) return invalid('impu', `"${impu.value}" is not a SIP URI like sip:dave@ims.mnc001.mcc001.3gppnetwork.org.`);
  const e164 = text(o, 'e164', 16);
  if (!e164.ok) return e164;
  if (!isE164(e164.value)) return invalid('e164', `"${e164.value}" is not an E.164 number: send "+" then 7 to 15 digits, e.g. +12025550999.`);
  const username = text(o, 'digestUsername', 64);
  if (!username.ok) return username;
  if (!/^[A-Za-z0-9._@+-]+$/.test(username.value)) return invalid('digestUsername', 'The digest username may hold letters, digits and . _ @ + - only.');
  const password = text(o, 'password', 200);
  if (!password.ok) return password;
  if (password.value.length < 8) return invalid('password', 'The digest password must be at least 8 characters long.');
  return { ok: true, value: { impu: impu.value.toLowerCase(), e164: e164.value, digestUsername: username.value, password: password.value } };
}

function numberRanges(raw: unknown): Result<NumberRange[], InputError> {
  if (raw === undefined) return { ok: false, error: { code: 'missing_field', field: 'numberRanges', message: 'Send numberRanges: at least one { "from", "to" } block of E.164 numbers.' } };
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > 100) return invalid('numberRanges', 'numberRanges must be a list of 1 to 100 { "from", "to" } objects.');
  const ranges: NumberRange[] = [];
  for (const [i, item] of raw.entries()) {
    const field = `numberRanges[${i}]`;
    if (typeof item !== 'object' || item === null) return invalid(field, 'Each range is an object { "from": "+12025550100", "to": "+12025550199" }.');
    const { from, to } = item as Record<string, unknown>;
    if (typeof from !== 'string' || !isE164(from)) return invalid(`${field}.from`, `"${String(from)}" is not an E.164 number ("+" then 7 to 15 digits).`);
    if (typeof to !== 'string' || !isE164(to)) return invalid(`${field}.to`, `"${String(to)}" is not an E.164 number ("+" then 7 to 15 digits).`);
    if (from.length !== to.length) return invalid(field, `The ends of a range must have the same number of digits (${from} and ${to} differ).`);
    if (BigInt(from.slice(1)) > BigInt(to.slice(1))) return invalid(field, `The range starts after it ends (${from} > ${to}).`);
    ranges.push({ from, to });
  }
  for (let i = 0; i < ranges.length; i++) {
    for (let j = i + 1; j < ranges.length; j++) {
      const a = ranges[i]!;
      const b = ranges[j]!;
      if (a.from.length === b.from.length && BigInt(a.from.slice(1)) <= BigInt(b.to.slice(1)) && BigInt(b.from.slice(1)) <= BigInt(a.to.slice(1))) {
        return invalid(`numberRanges[${j}]`, `The range ${b.from}-${b.to} overlaps ${a.from}-${a.to} of the same request.`);
      }
    }
  }
  return { ok: true, value: ranges };
}

function asObject(raw: unknown, allowed: string[]): Result<Record<string, unknown>, InputError> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return invalid('(body)', 'Send a JSON object.');
  for (const key of Object.keys(raw)) {
    if (!allowed.includes(key)) return { ok: false, error: { code: 'unknown_field', field: key, message: `Unknown field "${key}"; allowed: ${allowed.join(', ')}.` } };
  }
  return { ok: true, value: raw as Record<string, unknown> };
}

function text(o: Record<string, unknown>, field: string, max: number): Result<string, InputError> {
  const value = o[field];
  if (value === undefined || value === null || value === '') return { ok: false, error: { code: 'missing_field', field, message: `Send the field "${field}".` } };
  if (typeof value !== 'string') return invalid(field, `"${field}" must be a string.`);
  if (value.length > max) return invalid(field, `"${field}" is longer than ${max} characters.`);
  // Control and bidirectional-override characters have no place in provisioning data.
  if (hasControlCharacter(value)) return invalid(field, `"${field}" contains control characters.`);
  return { ok: true, value: value.trim() === value ? value : value.trim() };
}

function url(o: Record<string, unknown>, field: string, httpsOnly: boolean): Result<string, InputError> {
  const t = text(o, field, 2048);
  if (!t.ok) return t;
  let parsed: URL;
  try {
    parsed = new URL(t.value);
  } catch {
    return invalid(field, `"${t.value}" is not an absolute URL.`);
  }
  if (httpsOnly && parsed.protocol !== 'https:') return invalid(field, `"${field}" must be an https URL: introspection runs over mutual TLS (RFC 8705).`);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return invalid(field, `"${field}" must be an http(s) URL.`);
  return { ok: true, value: t.value.replace(/\/+$/, '') };
}

function certificate(o: Record<string, unknown>, field: string): Result<string, InputError> {
  const t = text(o, field, 16_384);
  if (!t.ok) return t;
  try {
    new X509Certificate(t.value);
  } catch (cause) {
    return invalid(field, `"${field}" is not a PEM certificate (${(cause as Error).message}).`);
  }
  return t;
}

function invalid(field: string, message: string): { ok: false; error: InputError } {
  return { ok: false, error: { code: 'invalid_field', field, message } };
}

/** C0 controls other than tab, LF and CR (PEMs hold line breaks), DEL, and bidi overrides. */
function hasControlCharacter(value: string): boolean {
  for (const ch of value) {
    const c = ch.codePointAt(0)!;
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) return true;
  }
  return false;
}
