// @eims/stir: STIR/SHAKEN and Rich Call Data for the IMS emulator (STI-AS signing, STI-VS
// verification) and its demo STI-CA.
export { StirError, StirErrorCode, stirErrorInfo, type Verstat } from './errors.ts';
export { canonicalJson, type JsonValue } from './passport/canonical-json.ts';
export { base64url, fromBase64url } from './passport/base64url.ts';
export {
  canonicalTn,
  identityOf,
  type Attestation,
  type PassportClaims,
  type PassportDest,
  type PassportHeader,
  type PassportOrig,
  type Rcd,
  type Rcdi,
} from './passport/claims.ts';
export { signPassport, signJws, type SignPassportInput } from './passport/sign-passport.ts';
export { decodePassport, type DecodedPassport } from './passport/decode-passport.ts';
export { buildIdentityHeader, parseIdentityHeader, type IdentityParams, type ParsedIdentity } from './identity/identity-header.ts';
export {
  checkRcdIntegrity,
  computeRcdi,
  integrityDigest,
  matchesDigest,
  referencedUris,
  resolvePointer,
  type RcdIntegrity,
  type RcdResources,
  type RcdiAlgorithm,
  type ReferencedUri,
} from './rcd/rcd-integrity.ts';
export { parseCredential, type Credential } from './verify/credential.ts';
export { createTrustAnchors, type TrustAnchors, type ChainVerdict } from './verify/trust-anchors.ts';
export { identityChecks, passportChecks, credentialChecks, type Check } from './verify/identity-checks.ts';
export { verifyIdentity, type VerifyIdentityOptions, type VerifiedPassport } from './verify/verify-identity.ts';
export { verifyIdentities } from './verify/verify-identities.ts';
export { callInfoFromVerified } from './rcd/call-info-from-rcd.ts';
export { createX5uFetcher, ttlOf, type CredentialSource, type X5uFetcher, type X5uFetcherOptions } from './fetch/x5u-fetcher.ts';
// The demo STI-CA lives in @eims/pki beside the other demo CAs; re-exported for STIR users.
export { createStiCa, issueStiCertificate, TN_AUTH_LIST_OID, type StiCa, type StiCertificate, type StiCertificateOptions, type TnEntry } from '@eims/pki';
