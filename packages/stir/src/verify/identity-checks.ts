// The terminating verification checklist (RFC 8224 §6.2, RFC 8588, ATIS-1000074 §5.3, RFC 8226)
// as data: each check has a name, the rule it enforces, and returns a StirError or nothing.
// Pure: the credential is fetched beforehand and `now` is an input.
import { verify } from 'node:crypto';
import type { TnEntry } from '@eims/pki';
import { StirError, StirErrorCode } from '../errors.ts';
import type { PassportOrig } from '../passport/claims.ts';
import type { DecodedPassport } from '../passport/decode-passport.ts';
import type { ParsedIdentity } from '../identity/identity-header.ts';
import type { Credential } from './credential.ts';
import type { TrustAnchors } from './trust-anchors.ts';

/** What the Identity-parameter checks look at. */
export interface IdentityContext {
  identity: ParsedIdentity;
  supportedPpt: readonly string[];
}

/** What the PASSporT checks look at. */
export interface CheckContext extends IdentityContext {
  passport: DecodedPassport;
  /** Calling identity from SIP signalling (From / P-Asserted-Identity). */
  caller: PassportOrig;
  /** Called identities from SIP signalling (To / Request-URI). */
  callees: PassportOrig[];
  /** Epoch milliseconds. */
  now: number;
  freshnessSeconds: number;
  futureSkewSeconds: number;
  acceptedSpcs: ReadonlySet<string> | undefined;
}

export interface CredentialContext extends CheckContext {
  credential: Credential;
  trustAnchors: TrustAnchors;
}

export interface Check<C> {
  name: string;
  rule: string;
  run(ctx: C): StirError | undefined;
}

const fail = (code: StirErrorCode, message: string): StirError => new StirError(code, message);
const sameIdentity = (a: PassportOrig, b: PassportOrig): boolean => ('tn' in a && 'tn' in b ? a.tn === b.tn : 'uri' in a && 'uri' in b && a.uri === b.uri);

/** Checks on the Identity header parameters, run before the PASSporT is decoded. */
export const identityChecks: ReadonlyArray<Check<IdentityContext>> = [
  {
    name: 'identity-alg',
    rule: 'RFC 8224 §4.1 / RFC 8588: the Identity alg parameter is ES256',
    run: ({ identity }) => (identity.alg === 'ES256' ? undefined : fail(StirErrorCode.UNSUPPORTED_ALG, `alg=${identity.alg} is not supported; ES256 is`)),
  },
  {
    name: 'identity-ppt',
    rule: 'RFC 8224 §6.2 step 1: a PASSporT type the verifier does not support is not used',
    run: ({ identity, supportedPpt }) =>
      identity.ppt === undefined || supportedPpt.includes(identity.ppt) ? undefined : fail(StirErrorCode.UNSUPPORTED_PPT, `ppt=${identity.ppt} is not supported`),
  },
];

/** Checks on the PASSporT alone, run before any fetch. */
export const passportChecks: ReadonlyArray<Check<CheckContext>> = [
  {
    name: 'passport-typ',
    rule: 'RFC 8225 §4.1: typ is "passport"',
    run: ({ passport }) => (passport.header.typ === 'passport' ? undefined : fail(StirErrorCode.HEADER_MISMATCH, `typ "${passport.header.typ}" is not "passport"`)),
  },
  {
    name: 'passport-alg',
    rule: 'RFC 8224 §4.1: the PASSporT alg equals the Identity alg',
    run: ({ passport, identity }) => (passport.header.alg === identity.alg ? undefined : fail(StirErrorCode.UNSUPPORTED_ALG, `PASSporT alg "${passport.header.alg}" differs from alg=${identity.alg}`)),
  },
  {
    name: 'passport-ppt',
    rule: 'RFC 8224 §4.1: the PASSporT ppt equals the Identity ppt',
    run: ({ passport, identity }) =>
      passport.header.ppt === identity.ppt ? undefined : fail(StirErrorCode.HEADER_MISMATCH, `PASSporT ppt "${passport.header.ppt ?? ''}" differs from ppt=${identity.ppt ?? ''}`),
  },
  {
    name: 'x5u-equals-info',
    rule: 'RFC 8224 §4.1: x5u is string-equal to the info URI',
    run: ({ passport, identity }) =>
      passport.header.x5u === identity.info ? undefined : fail(StirErrorCode.X5U_INFO_MISMATCH, `x5u ${passport.header.x5u} differs from info ${identity.info}`),
  },
  {
    name: 'iat-fresh',
    rule: 'RFC 8224 §6.2 step 4: iat no older than the freshness window (60 s recommended)',
    run: ({ passport, now, freshnessSeconds }) => {
      const age = Math.floor(now / 1000) - passport.claims.iat;
      return age > freshnessSeconds ? fail(StirErrorCode.STALE_IAT, `iat is ${age} s old; the limit is ${freshnessSeconds} s`) : undefined;
    },
  },
  {
    name: 'iat-not-future',
    rule: 'clock-skew tolerance: iat not further ahead than allowed',
    run: ({ passport, now, futureSkewSeconds }) => {
      const ahead = passport.claims.iat - Math.floor(now / 1000);
      return ahead > futureSkewSeconds ? fail(StirErrorCode.FUTURE_IAT, `iat is ${ahead} s in the future; the tolerance is ${futureSkewSeconds} s`) : undefined;
    },
  },
  {
    name: 'orig-matches-caller',
    rule: 'RFC 8224 §6.2: orig is the calling identity of the request (From / PAI)',
    run: ({ passport, caller }) =>
      sameIdentity(passport.claims.orig, caller) ? undefined : fail(StirErrorCode.ORIG_MISMATCH, `orig ${JSON.stringify(passport.claims.orig)} is not the caller ${JSON.stringify(caller)}`),
  },
  {
    name: 'dest-includes-callee',
    rule: 'RFC 8224 §6.2: dest names the called identity of the request (To / Request-URI)',
    run: ({ passport, callees }) => {
      const d = passport.claims.dest;
      const listed = [...(d.tn ?? []).map((tn) => ({ tn })), ...(d.uri ?? []).map((uri) => ({ uri }))];
      return callees.some((c) => listed.some((l) => sameIdentity(l, c))) ? undefined : fail(StirErrorCode.DEST_MISMATCH, `dest ${JSON.stringify(d)} does not name ${JSON.stringify(callees)}`);
    },
  },
];

/** Checks that need the fetched credential. */
export const credentialChecks: ReadonlyArray<Check<CredentialContext>> = [
  {
    name: 'chain-to-trust-anchor',
    rule: 'ATIS-1000074 §5.3.1: the certificate chains to a configured STI-CA root',
    run: ({ credential, trustAnchors }) => {
      const v = trustAnchors.verdict(credential);
      return v.ok ? undefined : fail(StirErrorCode.UNTRUSTED_CERT, v.reason);
    },
  },
  {
    name: 'certificates-valid-now',
    rule: 'RFC 8224 §6.2 step 4 / RFC 5280 §6.1.3: every certificate of the path is within its validity',
    run: ({ credential, trustAnchors, now }) => {
      const anchor = trustAnchors.verdict(credential);
      const periods = [...credential.validity, ...(anchor.ok ? [{ notBefore: Date.parse(anchor.anchor.validFrom), notAfter: Date.parse(anchor.anchor.validTo) }] : [])];
      return periods.every((p) => p.notBefore <= now && now <= p.notAfter) ? undefined : fail(StirErrorCode.UNTRUSTED_CERT, 'a certificate of the chain is expired or not yet valid');
    },
  },
  {
    name: 'tn-auth-list-present',
    rule: 'RFC 8226 §9 / ATIS-1000080: an STI certificate carries TNAuthList',
    run: ({ credential }) => (credential.tnAuthList ? undefined : fail(StirErrorCode.NO_TN_AUTH_LIST, `the certificate at ${credential.url} has no TNAuthList extension`)),
  },
  {
    name: 'tn-auth-list-covers-signer',
    rule: 'RFC 8226 §9: an accepted SPC, or a TN entry covering orig',
    run: ({ credential, passport, acceptedSpcs }) => {
      const orig = 'tn' in passport.claims.orig ? passport.claims.orig.tn : undefined;
      const covers = (e: TnEntry): boolean =>
        'spc' in e ? acceptedSpcs === undefined || acceptedSpcs.has(e.spc) : 'one' in e ? e.one === orig : orig !== undefined && inRange(orig, e.range);
      return (credential.tnAuthList ?? []).some(covers) ? undefined : fail(StirErrorCode.TN_NOT_AUTHORIZED, `the certificate's TNAuthList does not authorise this signer for ${orig ?? 'orig'}`);
    },
  },
  {
    name: 'signature',
    rule: 'RFC 8225 §6 / RFC 7518 §3.4: ES256 signature (raw R‖S) over header.payload verifies',
    run: ({ credential, passport }) => {
      const good = passport.signature.length === 64 && verify('sha256', Buffer.from(passport.signingInput, 'ascii'), { key: credential.publicKey, dsaEncoding: 'ieee-p1363' }, passport.signature);
      return good ? undefined : fail(StirErrorCode.BAD_SIGNATURE, 'the PASSporT signature does not verify with the certificate at x5u');
    },
  },
];

function inRange(tn: string, range: { start: string; count: number }): boolean {
  if (tn.length !== range.start.length || !/^[0-9]+$/.test(tn) || !/^[0-9]+$/.test(range.start)) return false;
  const offset = BigInt(tn) - BigInt(range.start);
  return offset >= 0n && offset < BigInt(range.count);
}
