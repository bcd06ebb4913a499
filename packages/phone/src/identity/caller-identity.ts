// Who is calling: the caller identity shown beside an incoming call, built from
// P-Asserted-Identity (RFC 3325; sip and tel URIs), `verstat` (3GPP TS 24.229 §7.2A.20), From,
// and the Rich Call Data Call-Info (RFC 9796). A failed or missing verification never yields a
// card marked verified (DESIGN.md, terminating verification).
import { parseCallInfo, decodeDataUri, readJCard } from './call-info.ts';
import type { IdentityState } from './identity-state.ts';
import { splitHeaderList } from './header-list.ts';
import { parseIdentityUri, parseNameAddr, type IdentityUri } from './name-addr.ts';

export type Verstat = 'TN-Validation-Passed' | 'TN-Validation-Failed' | 'No-TN-Validation';

export interface CallerCard {
  /** True only when the identity verified AND the network marked the card `verified="true"`. */
  verified: boolean;
  name?: string;
  title?: string;
  role?: string;
  organization?: string;
  department?: string;
  photo?: string;
  callReason?: string;
  /** An https jCard URL the UI may fetch (RFC 9796 allows jCards by reference); never auto-followed here. */
  jcardUrl?: string;
}

export interface CallerIdentity {
  name?: string;
  number?: string;
  uri: string;
  verstat: Verstat | undefined;
  /** The raw value when it was a vendor variant (`TN-Validation-Passed-B`) or unknown. */
  verstatRaw?: string;
  state: IdentityState;
  card?: CallerCard;
}

export interface IdentityHeaders {
  /** Every P-Asserted-Identity header line as received (lines may be comma lists). */
  pAssertedIdentity: readonly string[];
  from: string | undefined;
  callInfo: readonly string[];
}

/** Maps carrier variants (`-A`, `-B`, `-C`) to the three standard values; unknown → undefined. */
export function normalizeVerstat(raw: string | undefined): Verstat | undefined {
  if (raw === undefined) return undefined;
  const v = raw.trim().toLowerCase();
  if (/^tn-validation-passed(-[a-z0-9]+)?$/.test(v)) return 'TN-Validation-Passed';
  if (/^tn-validation-failed(-[a-z0-9]+)?$/.test(v)) return 'TN-Validation-Failed';
  if (v === 'no-tn-validation') return 'No-TN-Validation';
  return undefined;
}

function stateOf(verstat: Verstat | undefined): IdentityState {
  switch (verstat) {
    case 'TN-Validation-Passed':
      return 'verified';
    case 'TN-Validation-Failed':
      return 'failed';
    case 'No-TN-Validation':
    case undefined:
      return 'unverified';
  }
}

interface Candidate {
  source: 'pai-tel' | 'pai-sip' | 'from';
  displayName?: string;
  parsed: IdentityUri;
}

/**
 * Builds the caller identity from the headers of an incoming INVITE. Never throws: unparsable
 * values are skipped, and with nothing usable the result is an unverified `uri: 'anonymous'`.
 *
 * @example
 * callerIdentity({ pAssertedIdentity: ['"Alice" <sip:alice@acme.example>, <tel:+12025550101;verstat=TN-Validation-Passed>'],
 *   from: '<sip:+12025550101@ims.example;user=phone>;tag=1', callInfo: [] })
 * // → { name: 'Alice', number: '+12025550101', uri: 'sip:alice@acme.example', verstat: 'TN-Validation-Passed', state: 'verified' }
 */
export function callerIdentity(headers: IdentityHeaders): CallerIdentity {
  const candidates: Candidate[] = [];
  for (const line of headers.pAssertedIdentity) {
    for (const value of splitHeaderList(line)) {
      const na = parseNameAddr(value);
      if (!na.ok) continue;
      const uri = parseIdentityUri(na.value.uri);
      if (!uri.ok) continue;
      candidates.push({ source: uri.value.scheme === 'tel' ? 'pai-tel' : 'pai-sip', ...(na.value.displayName ? { displayName: na.value.displayName } : {}), parsed: uri.value });
    }
  }
  if (headers.from !== undefined) {
    const na = parseNameAddr(headers.from);
    if (na.ok) {
      const uri = parseIdentityUri(na.value.uri);
      if (uri.ok) candidates.push({ source: 'from', ...(na.value.displayName ? { displayName: na.value.displayName } : {}), parsed: uri.value });
    }
  }
  const pai = candidates.filter((c) => c.source !== 'from');
  // Priority of verstat: PAI tel URI, then PAI sip URI, then From (as SBCs apply it).
  const order = ['pai-tel', 'pai-sip', 'from'] as const;
  const withVerstat = order.flatMap((s) => candidates.filter((c) => c.source === s && c.parsed.verstat !== undefined));
  const verstatRaw = withVerstat[0]?.parsed.verstat;
  let verstat = normalizeVerstat(verstatRaw);
  // Two verification results that disagree cannot both be believed: report the failure.
  if (withVerstat.some((c) => normalizeVerstat(c.parsed.verstat) === 'TN-Validation-Failed')) verstat = 'TN-Validation-Failed';
  const state = stateOf(verstat);

  const primary = pai.find((c) => c.parsed.scheme !== 'tel') ?? pai[0] ?? candidates[0];
  const number = [...pai, ...candidates].find((c) => c.parsed.number !== undefined)?.parsed.number;
  const name = [...pai, ...candidates].find((c) => c.displayName !== undefined)?.displayName;
  const identity: CallerIdentity = {
    ...(name !== undefined ? { name } : {}),
    ...(number !== undefined ? { number } : {}),
    uri: primary?.parsed.uri ?? 'anonymous',
    verstat,
    ...(verstatRaw !== undefined && verstatRaw !== verstat ? { verstatRaw } : {}),
    state,
  };
  const card = buildCard(headers.callInfo, state);
  if (card) identity.card = card;
  return identity;
}

function buildCard(callInfo: readonly string[], state: IdentityState): CallerCard | undefined {
  const entries = parseCallInfo(callInfo);
  const jcard = entries.find((e) => e.purpose === 'jcard');
  const icon = entries.find((e) => e.purpose === 'icon');
  if (!jcard && !icon) return undefined;
  // RFC 9796: verified only with verified="true"; our rule: and only when the identity verified.
  const verified = state === 'verified' && (jcard ?? icon)!.verified && (icon === undefined || icon.verified);
  const card: CallerCard = { verified };
  if (jcard) {
    if (jcard.callReason) card.callReason = jcard.callReason;
    if (/^https:/i.test(jcard.uri)) card.jcardUrl = jcard.uri;
    const text = decodeDataUri(jcard.uri);
    const fields = text ? readJCard(text) : undefined;
    if (fields) {
      for (const key of ['name', 'title', 'role', 'organization', 'department', 'photo'] as const) {
        const v = fields[key];
        if (v !== undefined) card[key] = v;
      }
    }
  }
  if (icon && card.photo === undefined && /^https:/i.test(icon.uri)) card.photo = icon.uri;
  return card;
}
