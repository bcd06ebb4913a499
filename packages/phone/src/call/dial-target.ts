// What the person typed in "Number or name" → the URI to INVITE: an E.164 number (visual
// separators allowed), a 3PID (`sip:bob@acme.example` or `bob@acme.example`), or a colleague's
// name looked up in the enterprise directory (injected).
import { PhoneError, PhoneErrorCode, type Result } from '../errors.ts';

export interface ColleagueDirectory {
  /** The 3PID of the colleague with this name, or undefined. */
  lookup(name: string): Promise<string | undefined>;
}

export interface DialTargetUri {
  uri: string;
  display: string;
}

function fail(message: string): { ok: false; error: PhoneError } {
  return { ok: false, error: new PhoneError(PhoneErrorCode.CallState, message) };
}

/** Resolves dial input; `homeDomain` is the IMS domain used for `sip:+E164@home;user=phone`. */
export async function resolveDialTarget(input: string, homeDomain: string, directory?: ColleagueDirectory): Promise<Result<DialTargetUri>> {
  const text = input.trim();
  if (text === '') return fail('Enter a number or a name.');
  const digits = text.replace(/[-.()\s]/g, '');
  if (/^\+[0-9]{2,15}$/.test(digits)) return { ok: true, value: { uri: `sip:${digits}@${homeDomain};user=phone`, display: digits } };
  if (/^[0-9*#]+$/.test(digits)) return fail('Enter the number in international format, starting with + and the country code.');
  const sip = /^(sips?:)?([A-Za-z0-9\-_.!~*'()&=+$,;?/%]+)@([A-Za-z0-9.-]+)$/.exec(text);
  if (sip) return { ok: true, value: { uri: `${(sip[1] ?? 'sip:').toLowerCase()}${sip[2]}@${sip[3]!.toLowerCase()}`, display: `${sip[2]}@${sip[3]!.toLowerCase()}` } };
  if (!directory) return fail(`"${text}" is not a number or a SIP address.`);
  const found = await directory.lookup(text);
  if (!found) return fail(`No colleague named "${text}" was found in the directory.`);
  return { ok: true, value: { uri: found, display: text } };
}
