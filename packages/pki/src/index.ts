export { createCertificateAuthority, loadCertificateAuthority } from './certificate-authority.ts';
export type { CertificateAuthority, IssuedCertificate } from './certificate-authority.ts';
