// The carrier's STI-AS and STI-VS as the MMTel AS uses them (ATIS-1000074): signs SHAKEN
// PASSporTs with Rich Call Data for originating calls, verifies Identity headers of terminating
// calls against the configured trust anchors (x5u fetched with a cache).
import { createPrivateKey, randomUUID, type KeyObject } from 'node:crypto';
import {
  StirErrorCode, buildIdentityHeader, callInfoFromVerified, computeRcdi, createTrustAnchors, createX5uFetcher,
  signPassport, verifyIdentities, type Attestation, type CredentialSource, type TrustAnchors, type VerifiedPassport, type Verstat,
} from '@eims/stir';
import type { CallInfo } from '@eims/sip';
import type { If2User } from '../eds/if2-api.ts';
import type { PhotoFetcher } from './photo-fetcher.ts';
import { richCallData } from './rich-call-data.ts';

export interface SignRequest {
  user: If2User;
  /** The presented E.164 (`orig`). */
  e164: string;
  /** The called party: Request-URI (tel, sip with a number, or a SIP URI). */
  dest: string;
  /** Epoch ms. */
  now: number;
}

export interface Signed {
  /** The Identity header value (RFC 8224). */
  identity: string;
  attest: Attestation;
  origid: string;
  /** Whether Rich Call Data rode in the PASSporT. */
  rcd: boolean;
}

export interface VerifyRequest {
  /** Identity header values of the request. */
  identities: readonly string[];
  /** The caller: P-Asserted-Identity (tel first) or From URI. */
  caller: string;
  /** The called party: To and Request-URI. */
  callees: readonly string[];
  now: number;
}

/** The terminating verdict: verstat for From/P-Asserted-Identity, Call-Info for the verified card. */
export interface Verification {
  verstat: Verstat;
  /** Call-Info values to deliver (only from a verified PASSporT whose rcdi matched). */
  callInfo: CallInfo[];
  passport?: VerifiedPassport;
  error?: import('@eims/stir').StirError;
}

/** What the MMTel AS needs (createStirService satisfies it). */
export interface StirService {
  readonly x5u: string;
  sign(request: SignRequest): Promise<Signed>;
  verify(request: VerifyRequest): Promise<Verification>;
}

export interface StirServiceOptions {
  /** The carrier's STI signing key (PKCS#8 PEM). */
  keyPem: string;
  /** URL of the carrier's chain on the console listener (`x5u` and Identity `info`). */
  x5u: string;
  /** PEM roots: the own STI-CA and other carriers'. */
  trustAnchorPems: readonly string[];
  photos: PhotoFetcher;
  /** Credential source; default a cached x5u fetcher with a 2 s timeout. */
  fetcher?: CredentialSource;
  freshnessSeconds?: number;
}

/**
 * @example
 * const stir = createStirService({ keyPem: sti.keyPem, x5u: `${consoleUrl}/sti/carrier.pem`, trustAnchorPems: [sti.rootCertPem], photos: createPhotoFetcher() });
 * const { identity } = await stir.sign({ user, e164: '+12025550101', dest: 'sip:bob@acme.example', now: Date.now() });
 */
export function createStirService(options: StirServiceOptions): StirService {
  const key: KeyObject = createPrivateKey(options.keyPem);
  const anchors: TrustAnchors = createTrustAnchors([...options.trustAnchorPems]);
  const fetcher = options.fetcher ?? createX5uFetcher({ timeoutMs: 2000 });
  return {
    x5u: options.x5u,
    async sign({ user, e164, dest, now }) {
      // RFC 8588 / ATIS-1000074 §5.2.3: A when the carrier authenticated the caller and the number
      // is the caller's (an enterprise's allocated number, a subscriber's own); B when the caller
      // is known but the number is not theirs.
      const attest: Attestation = user.attestation.numberAllocated ? 'A' : 'B';
      const rcd = user.kind === 'employee' ? richCallData(user, e164, await options.photos.dataUri(user.photoUrl)) : undefined;
      const origid = randomUUID();
      const jws = signPassport({
        orig: e164, dest, attest, origid, iat: Math.floor(now / 1000), x5u: options.x5u, key,
        ...(rcd === undefined ? {} : { rcd, rcdi: computeRcdi(rcd) }),
      });
      return { identity: buildIdentityHeader(jws, { info: options.x5u }), attest, origid, rcd: rcd !== undefined };
    },
    async verify({ identities, caller, callees, now }) {
      if (identities.length === 0) return { verstat: 'No-TN-Validation', callInfo: [] };
      const r = await verifyIdentities(identities, {
        from: caller, to: callees, now, trustAnchors: anchors, fetcher,
        ...(options.freshnessSeconds === undefined ? {} : { freshnessSeconds: options.freshnessSeconds }),
      });
      if (!r.ok) {
        // Identity present but only of unsupported types (428): nothing was validated.
        const verstat: Verstat = r.error.code === StirErrorCode.UNSUPPORTED_PPT ? 'No-TN-Validation' : 'TN-Validation-Failed';
        return { verstat, callInfo: [], error: r.error };
      }
      // Only a card whose PASSporT AND rcdi verified is passed on (RFC 9796 verified="true").
      const callInfo = r.value.rcd === undefined ? [] : callInfoFromVerified(r.value).filter((c) => c.verified === true);
      return { verstat: 'TN-Validation-Passed', callInfo, passport: r.value, ...(r.value.rcdError === undefined ? {} : { error: r.value.rcdError }) };
    },
  };
}

