// The reg event package body (RFC 3680, application/reginfo+xml), read without a DOM: only the
// registration and contact elements and their attributes matter to the softphone.

export interface RegInfoContact {
  id?: string;
  state: string;
  event?: string;
  expires?: number;
  uri?: string;
}
export interface RegInfoRegistration {
  aor: string;
  id?: string;
  state: string;
  contacts: RegInfoContact[];
}
export interface RegInfo {
  version?: number;
  state?: string;
  registrations: RegInfoRegistration[];
}

function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(/([A-Za-z_:][\w:.-]*)\s*=\s*("([^"]*)"|'([^']*)')/g)) out.set(m[1]!, decodeXml(m[3] ?? m[4] ?? ''));
  return out;
}

function decodeXml(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) => {
    switch (e) {
      case 'lt': return '<';
      case 'gt': return '>';
      case 'amp': return '&';
      case 'quot': return '"';
      case 'apos': return "'";
      default: return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    }
  });
}

/** Parses a reginfo document; undefined when it is not one. Namespace prefixes are ignored. */
export function parseRegInfo(xml: string): RegInfo | undefined {
  const root = /<(?:[\w-]+:)?reginfo\b([^>]*)>/.exec(xml);
  if (!root) return undefined;
  const rootAttrs = attributes(root[1]!);
  const info: RegInfo = { registrations: [] };
  const version = Number(rootAttrs.get('version'));
  if (Number.isInteger(version)) info.version = version;
  const docState = rootAttrs.get('state');
  if (docState) info.state = docState;
  for (const reg of xml.matchAll(/<(?:[\w-]+:)?registration\b([^>]*?)(\/>|>([\s\S]*?)<\/(?:[\w-]+:)?registration>)/g)) {
    const a = attributes(reg[1]!);
    const aor = a.get('aor');
    if (!aor) continue;
    const registration: RegInfoRegistration = { aor, state: a.get('state') ?? 'active', contacts: [], ...(a.get('id') ? { id: a.get('id')! } : {}) };
    for (const c of (reg[3] ?? '').matchAll(/<(?:[\w-]+:)?contact\b([^>]*?)(\/>|>([\s\S]*?)<\/(?:[\w-]+:)?contact>)/g)) {
      const ca = attributes(c[1]!);
      const uri = /<(?:[\w-]+:)?uri>([\s\S]*?)<\//.exec(c[3] ?? '')?.[1]?.trim();
      const expires = Number(ca.get('expires'));
      registration.contacts.push({
        state: ca.get('state') ?? 'active',
        ...(ca.get('id') ? { id: ca.get('id')! } : {}),
        ...(ca.get('event') ? { event: ca.get('event')! } : {}),
        ...(Number.isFinite(expires) && ca.has('expires') ? { expires } : {}),
        ...(uri ? { uri: decodeXml(uri) } : {}),
      });
    }
    info.registrations.push(registration);
  }
  return info;
}

export type RegistrationVerdict =
  | { type: 'active' }
  /** Network-initiated de-registration (TS 24.229): sign out with this message. */
  | { type: 'deregistered'; event: string; message: string }
  /** `shortened`: register again now with a fresh token. */
  | { type: 'reregister' };

/** What a reg-event NOTIFY means for our registration of `aor`. */
export function registrationVerdict(info: RegInfo, aor: string): RegistrationVerdict {
  const reg = info.registrations.find((r) => sameAor(r.aor, aor));
  if (!reg) return { type: 'active' };
  const ended = reg.contacts.find((c) => c.state === 'terminated');
  if (reg.state === 'terminated' || (ended && reg.contacts.every((c) => c.state === 'terminated'))) {
    const event = ended?.event ?? 'unregistered';
    return { type: 'deregistered', event, message: deregistrationMessage(event) };
  }
  if (reg.contacts.some((c) => c.event === 'shortened')) return { type: 'reregister' };
  return { type: 'active' };
}

function sameAor(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

function deregistrationMessage(event: string): string {
  switch (event) {
    case 'rejected':
      return 'You were signed out by your organization: this account may no longer make calls. Contact your IT administrator.';
    case 'deactivated':
      return 'The network ended your registration. Sign in again to continue making calls.';
    case 'expired':
      return 'Your registration expired. Sign in again to continue making calls.';
    default:
      return 'You were signed out by the network. Sign in again to continue making calls.';
  }
}
