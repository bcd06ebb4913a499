// The records the BSS provisions: enterprises (third parties of TR 23.700-87) and plain carrier
// subscribers. Nothing per employee: employees live in the enterprise's IdP.

/** An allocated block of E.164 numbers, both ends inclusive and of the same length. */
export interface NumberRange {
  from: string;
  to: string;
}

export interface Enterprise {
  id: string;
  name: string;
  /** SIP domain of its 3PIDs (`sip:alice@acme.example`). */
  domain: string;
  /** CA certificate of its PBX for SIP trunks (IBCF), or null. */
  pbxCaCertPem: string | null;
  /** Where the IBCF opens a TLS connection to the PBX (`host:port`) when none is up, or null. */
  pbxAddress: string | null;
  numberRanges: NumberRange[];
  /** Its IdP: issuer of the access tokens and the SETs. */
  idpIssuer: string;
  /** RFC 7662 introspection endpoint, reached over mutual TLS (IF4). */
  introspectionEndpoint: string;
  /** Client certificate and key the EDS presents on IF4 (RFC 8705 `tls_client_auth`). */
  if4ClientCertPem: string;
  if4ClientKeyPem: string;
  /** CA certificate that issued the introspection endpoint's server certificate. */
  idpCaCertPem: string;
  /** `aud` the IdP puts in its SETs for this EDS; null: the receiver's own URL. */
  setAudience: string | null;
  createdAt: string;
  updatedAt: string;
}

/** `pbxAddress` may be left out (no PBX to call out to). */
export type EnterpriseInput = Omit<Enterprise, 'id' | 'createdAt' | 'updatedAt' | 'pbxAddress'> & { pbxAddress?: string | null };

/** What the BSS API shows: never the IF4 private key. */
export type EnterpriseView = Omit<Enterprise, 'if4ClientKeyPem'> & { hasIf4ClientKey: boolean };

export function enterpriseView(e: Enterprise): EnterpriseView {
  const { if4ClientKeyPem, ...rest } = e;
  return { ...rest, hasIf4ClientKey: if4ClientKeyPem !== '' };
}

export interface Subscriber {
  /** `sip:dave@ims.mnc001.mcc001.3gppnetwork.org` */
  impu: string;
  e164: string;
  digestUsername: string;
  digestRealm: string;
  /** SHA-256 of `username:realm:password` (RFC 7616 HA1), hex. The password is never stored. */
  ha1Sha256: string;
  createdAt: string;
}

export interface SubscriberInput {
  impu: string;
  e164: string;
  digestUsername: string;
  password: string;
}

export type SubscriberView = Omit<Subscriber, 'ha1Sha256'>;

export function subscriberView(s: Subscriber): SubscriberView {
  const { ha1Sha256: _ha1, ...rest } = s;
  return rest;
}
