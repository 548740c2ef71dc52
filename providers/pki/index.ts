/**
 * Generic X.509 helpers (no Talos knowledge): key pairs, self-signed and issued certificates,
 * certificate inspection, PEM and base64-of-PEM encodings.
 */
export { KEY_ALGORITHMS, isKeyAlgorithm, keyAlgorithmOf, keyFamily, type KeyAlgorithm, type KeyFamily } from './key-algorithm';
export { generateKeyPair, keyPairFromPrivateKey, loadPrivateKey, loadPublicKey, toNodeTlsKeyPem, toPublicKeyObject, type KeyPair, type PrivateKeyFormat, type PublicKeyInput } from './keys';
export {
  createSelfSignedCertificate,
  issueCertificate,
  validateCertificateProps,
  type CertificateProps,
  type CertificateSubject,
  type ExtendedKeyUsage,
  type IssueCertificateProps,
  type IssuerPem,
  type KeyUsage,
} from './certificates';
export { certificateInfo, parseCertificatePem, type CertificateInfo, type CertificateName } from './certificate-info';
export { base64ToPem, encodePem, firstPemBlock, parsePemBlocks, pemToBase64, type PemBlock } from './pem';
