// Call-Info with the Rich Call Data parameters of RFC 9796 (purpose=jcard / icon, verified,
// integrity, call-reason) and the inline jCard (RFC 7095) of a `data:` URI.
import { parseParams, splitHeaderList } from './header-list.ts';

export interface CallInfoEntry {
  uri: string;
  purpose?: string;
  /** RFC 9796 §5: `verified="true"` is the only defined value; anything else is unverified. */
  verified: boolean;
  integrity?: string;
  callReason?: string;
}

export interface JCardFields {
  name?: string;
  title?: string;
  role?: string;
  organization?: string;
  department?: string;
  photo?: string;
  numbers: string[];
  emails: string[];
}

/** Parses every Call-Info value (each header line may hold a comma-separated list). */
export function parseCallInfo(values: readonly string[]): CallInfoEntry[] {
  const entries: CallInfoEntry[] = [];
  for (const line of values) {
    for (const item of splitHeaderList(line)) {
      const m = /^<([^>]*)>(.*)$/s.exec(item.trim());
      if (!m) continue; // Call-Info = "<" absoluteURI ">" *(SEMI info-param): anything else is ignored
      const params = parseParams(m[2] ?? '');
      const purpose = params.get('purpose');
      const integrity = params.get('integrity');
      const callReason = params.get('call-reason');
      entries.push({
        uri: m[1]!.trim(),
        ...(purpose ? { purpose: purpose.toLowerCase() } : {}),
        verified: params.get('verified') === 'true',
        ...(integrity ? { integrity } : {}),
        ...(callReason ? { callReason } : {}),
      });
    }
  }
  return entries;
}

/** Decodes a `data:` URI (RFC 2397) to text; undefined for any other scheme or bad encoding. */
export function decodeDataUri(uri: string): string | undefined {
  const m = /^data:([^,]*),(.*)$/s.exec(uri);
  if (!m) return undefined;
  const meta = m[1]!.toLowerCase();
  try {
    if (meta.split(';').includes('base64')) {
      const binary = atob(m[2]!);
      return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
    }
    return decodeURIComponent(m[2]!);
  } catch {
    return undefined; // malformed base64 or %-escape: no card rather than a garbled one
  }
}

/** Reads the displayable properties of a jCard (`["vcard", [[name, params, type, value...], ...]]`). */
export function readJCard(json: string): JCardFields | undefined {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return undefined; // not JSON: no card
  }
  if (!Array.isArray(data) || data[0] !== 'vcard' || !Array.isArray(data[1])) return undefined;
  const fields: JCardFields = { numbers: [], emails: [] };
  for (const prop of data[1] as unknown[]) {
    if (!Array.isArray(prop) || typeof prop[0] !== 'string') continue;
    const name = prop[0].toLowerCase();
    const value: unknown = prop[3];
    const text = typeof value === 'string' ? value : undefined;
    switch (name) {
      case 'fn':
        if (text && fields.name === undefined) fields.name = text;
        break;
      case 'title':
        if (text) fields.title = text;
        break;
      case 'role':
        if (text) fields.role = text;
        break;
      case 'org': {
        // org is structured: organization name, then organizational units (RFC 6350 §6.6.4).
        const parts = Array.isArray(value) ? value.filter((p): p is string => typeof p === 'string') : text ? text.split(';') : [];
        if (parts[0]) fields.organization = parts[0];
        if (parts[1]) fields.department = parts[1];
        break;
      }
      case 'photo':
      case 'logo':
        if (text && /^(https:|data:image\/)/i.test(text) && (name === 'photo' || fields.photo === undefined)) fields.photo = text;
        break;
      case 'tel':
        if (text) fields.numbers.push(text.replace(/^tel:/i, ''));
        break;
      case 'email':
        if (text) fields.emails.push(text);
        break;
      default:
        break; // RFC 9796 allows more properties; the card shows only these
    }
  }
  return fields;
}
