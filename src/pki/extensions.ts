import { x509 } from './x509.js';

export interface EndEntityProfile {
  subjectSpki: Uint8Array;
  /** The issuing CA's subject key identifier, hex. */
  authorityKeyId: string;
  keyUsages: x509.KeyUsageFlags;
  extendedKeyUsages: string[];
  subjectAltNames: x509.JsonGeneralNames;
}

/**
 * The extensions every end-entity certificate carries (RFC 5280 §4.2): CA:false and key usage
 * critical, EKU and SAN as asked, and the key identifiers that link it to its issuer.
 */
export async function endEntityExtensions(profile: EndEntityProfile): Promise<x509.Extension[]> {
  const subjectKeyId = await x509.SubjectKeyIdentifierExtension.create(profile.subjectSpki);
  return [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(profile.keyUsages, true),
    new x509.ExtendedKeyUsageExtension(profile.extendedKeyUsages, false),
    new x509.SubjectAlternativeNameExtension(profile.subjectAltNames, false),
    subjectKeyId,
    new x509.AuthorityKeyIdentifierExtension(profile.authorityKeyId, false),
  ];
}
