/**
 * The Talos secrets bundle, as `talosctl gen secrets` writes it (Go type secrets.Bundle).
 * Every certificate and key is kept as PEM text here; the YAML/config encodings
 * (base64 of the PEM) are applied at the edges.
 */
export interface CertAndKeyPem {
  /** PEM text of the certificate (`CERTIFICATE`). */
  readonly crt: string;
  /** PEM text of the private key, with the label Talos uses (see spec §2.3). */
  readonly key: string;
}

export interface SecretsBundle {
  readonly cluster: { readonly id: string; readonly secret: string };
  readonly secrets: {
    readonly bootstrapToken: string;
    /** Set for contracts newer than 1.2 (the default). */
    readonly secretboxEncryptionSecret?: string;
    /** Set only for contracts up to 1.2; exactly one of the two encryption secrets is set. */
    readonly aescbcEncryptionSecret?: string;
  };
  readonly trustdInfo: { readonly token: string };
  readonly certs: {
    readonly etcd: CertAndKeyPem;
    readonly k8s: CertAndKeyPem;
    readonly k8sAggregator: CertAndKeyPem;
    /** The service-account signing key only (PEM); Talos stores no certificate for it. */
    readonly k8sServiceAccount: { readonly key: string };
    /** The Talos API (OS) CA, Ed25519. */
    readonly os: CertAndKeyPem;
  };
}
