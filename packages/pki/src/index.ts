export { createCertificateAuthority, loadCertificateAuthority } from './certificate-authority.ts';
export type { CertificateAuthority, IssuedCertificate } from './certificate-authority.ts';
export { TN_AUTH_LIST_OID, encodeTnAuthList, decodeTnAuthList, type TnEntry } from './tn-auth-list.ts';
export { createStiCa, issueStiCertificate, type StiCa, type StiCertificate, type StiCertificateOptions } from './sti-certificate-authority.ts';
