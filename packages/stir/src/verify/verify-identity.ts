// The verification service (STI-VS) for one Identity header: parse, run the checklist of
// identity-checks.ts, fetch the credential through the injected source, then check Rich Call Data.
import { err, ok, type Result } from '@eims/sip';
import type { TnEntry } from '@eims/pki';
import { StirError } from '../errors.ts';
import { parseIdentityHeader } from '../identity/identity-header.ts';
import { identityOf, type Attestation, type PassportClaims, type PassportHeader, type PassportOrig, type Rcd, type Rcdi } from '../passport/claims.ts';
import { decodePassport } from '../passport/decode-passport.ts';
import { checkRcdIntegrity, type RcdIntegrity, type RcdResources } from '../rcd/rcd-integrity.ts';
import type { CredentialSource } from '../fetch/x5u-fetcher.ts';
import { credentialChecks, identityChecks, passportChecks, type CheckContext } from './identity-checks.ts';
import type { TrustAnchors } from './trust-anchors.ts';

export interface VerifyIdentityOptions {
  /** Calling party from SIP (From or P-Asserted-Identity): a number, tel URI or SIP URI. */
  from: string;
  /** Called party from SIP (To or Request-URI); several when either may match. */
  to: string | readonly string[];
  /** Current time, epoch milliseconds. */
  now: number;
  trustAnchors: TrustAnchors;
  /** Where certificates come from: createX5uFetcher() (cached) or a test double. */
  fetcher: CredentialSource;
  /** Default 60 s (RFC 8224 §6.2 recommendation). */
  freshnessSeconds?: number;
  /** How far iat may be ahead of `now`; default 60 s. */
  futureSkewSeconds?: number;
  /** PASSporT types accepted; default `shaken` and `rcd`. */
  supportedPpt?: readonly string[];
  /** When set, only these service provider codes authorise a signer. */
  acceptedSpcs?: ReadonlySet<string>;
  /** Bytes of RCD resources already fetched (icon, jCard URL), to check their `rcdi` digests. */
  rcdResources?: RcdResources;
}

/** A PASSporT that passed every check. */
export interface VerifiedPassport {
  verstat: 'TN-Validation-Passed';
  header: PassportHeader;
  claims: PassportClaims;
  attest: Attestation | undefined;
  origid: string | undefined;
  orig: PassportOrig;
  iat: number;
  /** Rich Call Data, present only when signed and consistent with `rcdi` (RFC 9795 §8). */
  rcd?: Rcd;
  rcdi?: Rcdi;
  /** Integrity outcome for `rcd`: digests verified here and those left to whoever fetches the URIs. */
  rcdIntegrity?: RcdIntegrity;
  /** Why `rcd` was dropped while the identity itself verified. */
  rcdError?: StirError;
  /** Call reason (RFC 9795 §7), signed. */
  crn?: string;
  certificate: { url: string; subject: string; issuer: string; serialNumber: string; notAfter: string; tnAuthList: TnEntry[] };
}

/**
 * Verifies one Identity header value against the SIP request's caller and callee.
 * @example
 * const r = await verifyIdentity(identityValue, { from: '+12025550101', to: '+12025550102', now: Date.now(), trustAnchors, fetcher });
 * if (r.ok) addVerstat('TN-Validation-Passed'); else reject(r.error.status, r.error.reason);
 */
export async function verifyIdentity(headerValue: string, options: VerifyIdentityOptions): Promise<Result<VerifiedPassport, StirError>> {
  const identity = parseIdentityHeader(headerValue);
  if (!identity.ok) return identity;
  const supportedPpt = options.supportedPpt ?? ['shaken', 'rcd'];
  // The header parameters are checked before decoding, so an unsupported ppt is reported as such.
  for (const check of identityChecks) {
    const e = check.run({ identity: identity.value, supportedPpt });
    if (e) return err(e);
  }
  const passport = decodePassport(identity.value.passport);
  if (!passport.ok) return passport;
  const ctx: CheckContext = {
    identity: identity.value,
    passport: passport.value,
    caller: identityOf(options.from),
    callees: (typeof options.to === 'string' ? [options.to] : options.to).map(identityOf),
    now: options.now,
    freshnessSeconds: options.freshnessSeconds ?? 60,
    futureSkewSeconds: options.futureSkewSeconds ?? 60,
    supportedPpt,
    acceptedSpcs: options.acceptedSpcs,
  };
  for (const check of passportChecks) {
    const e = check.run(ctx);
    if (e) return err(e);
  }
  const credential = await options.fetcher.get(identity.value.info);
  if (!credential.ok) return credential;
  const full = { ...ctx, credential: credential.value, trustAnchors: options.trustAnchors };
  for (const check of credentialChecks) {
    const e = check.run(full);
    if (e) return err(e);
  }
  const { header, claims } = passport.value;
  const leaf = credential.value.chain[0]!;
  const out: VerifiedPassport = {
    verstat: 'TN-Validation-Passed',
    header,
    claims,
    attest: claims.attest,
    origid: claims.origid,
    orig: claims.orig,
    iat: claims.iat,
    certificate: {
      url: credential.value.url,
      subject: leaf.subject.replace(/\n/g, ', '),
      issuer: leaf.issuer.replace(/\n/g, ', '),
      serialNumber: leaf.serialNumber,
      notAfter: leaf.validTo,
      tnAuthList: credential.value.tnAuthList ?? [],
    },
  };
  if (claims.crn !== undefined) out.crn = claims.crn;
  if (claims.rcd !== undefined) {
    const integrity = checkRcdIntegrity(claims.rcd, claims.rcdi, options.rcdResources);
    if (integrity.ok) {
      out.rcd = claims.rcd;
      if (claims.rcdi !== undefined) out.rcdi = claims.rcdi;
      out.rcdIntegrity = integrity.value;
    } else {
      out.rcdError = integrity.error;
    }
  }
  return ok(out);
}
