// The registration information document of the reg event package (RFC 3680 §5.3,
// `application/reginfo+xml`), built from a registration. Pure: data in, XML text out.
import type { Registration } from './registration-store.ts';

export type ContactEvent = 'registered' | 'created' | 'refreshed' | 'shortened' | 'expired' | 'deactivated' | 'probation' | 'unregistered' | 'rejected';

export interface ReginfoInput {
  readonly version: number;
  /** Identities of the implicit set (each gets a `<registration>`). */
  readonly identities: readonly string[];
  readonly registration: Registration | undefined;
  /** `active` with `event` for live contacts, or `terminated` with the reason. */
  readonly state: 'active' | 'terminated';
  readonly event: ContactEvent;
  readonly now: number;
}

/**
 * @example reginfoXml({ version: 0, identities: ['sip:alice@acme.example'], registration, state: 'active', event: 'registered', now })
 */
export function reginfoXml(input: ReginfoInput): string {
  const contacts = input.registration?.bindings ?? [];
  const lines = [`<?xml version="1.0"?>`, `<reginfo xmlns="urn:ietf:params:xml:ns:reginfo" version="${input.version}" state="full">`];
  input.identities.forEach((aor, i) => {
    lines.push(` <registration aor="${xml(aor)}" id="r${i + 1}" state="${input.state === 'active' && contacts.length > 0 ? 'active' : 'terminated'}">`);
    contacts.forEach((b, j) => {
      const expires = input.state === 'active' ? ` expires="${Math.max(0, Math.round((b.expiresAt - input.now) / 1000))}"` : '';
      lines.push(`  <contact id="c${j + 1}" state="${input.state}" event="${input.event}"${expires}><uri>${xml(b.contact)}</uri></contact>`);
    });
    lines.push(' </registration>');
  });
  lines.push('</reginfo>');
  return `${lines.join('\n')}\n`;
}

function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
