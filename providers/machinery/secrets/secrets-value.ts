/**
 * The `machine_secrets` object as Terraform sees it (siderolabs/terraform-provider-talos
 * names; certificates and keys as base64 of PEM) and its conversion to/from the bundle.
 */
import { t } from '../../runtime/cty/types';
import { base64ToPem, pemToBase64 } from '../../pki/pem';
import type { SecretsBundle } from './bundle';

const certKey = t.object({ cert: t.string, key: t.string });

export const machineSecretsType = t.object({
  cluster: t.object({ id: t.string, secret: t.string }),
  secrets: t.object({
    bootstrap_token: t.string,
    secretbox_encryption_secret: t.string,
    aescbc_encryption_secret: t.string,
  }),
  trustdinfo: t.object({ token: t.string }),
  certs: t.object({
    etcd: certKey,
    k8s: certKey,
    k8s_aggregator: certKey,
    k8s_serviceaccount: t.object({ key: t.string }),
    os: certKey,
  }),
});

interface CertKeyB64 {
  cert: string;
  key: string;
}

export interface MachineSecretsValue {
  cluster: { id: string; secret: string };
  secrets: { bootstrap_token: string; secretbox_encryption_secret: string | null; aescbc_encryption_secret: string | null };
  trustdinfo: { token: string };
  certs: { etcd: CertKeyB64; k8s: CertKeyB64; k8s_aggregator: CertKeyB64; k8s_serviceaccount: { key: string }; os: CertKeyB64 };
}

export const clientConfigurationType = t.object({ ca_certificate: t.string, client_certificate: t.string, client_key: t.string });

export interface ClientConfigurationValue {
  ca_certificate: string;
  client_certificate: string;
  client_key: string;
}

const pair = (c: { crt: string; key: string }): CertKeyB64 => ({ cert: pemToBase64(c.crt), key: pemToBase64(c.key) });
const unpair = (c: CertKeyB64) => ({ crt: base64ToPem(c.cert), key: base64ToPem(c.key) });

export function secretsToValue(b: SecretsBundle): MachineSecretsValue {
  return {
    cluster: { id: b.cluster.id, secret: b.cluster.secret },
    secrets: {
      bootstrap_token: b.secrets.bootstrapToken,
      secretbox_encryption_secret: b.secrets.secretboxEncryptionSecret ?? null,
      aescbc_encryption_secret: b.secrets.aescbcEncryptionSecret ?? null,
    },
    trustdinfo: { token: b.trustdInfo.token },
    certs: {
      etcd: pair(b.certs.etcd),
      k8s: pair(b.certs.k8s),
      k8s_aggregator: pair(b.certs.k8sAggregator),
      k8s_serviceaccount: { key: pemToBase64(b.certs.k8sServiceAccount.key) },
      os: pair(b.certs.os),
    },
  };
}

export function valueToSecrets(v: MachineSecretsValue): SecretsBundle {
  return {
    cluster: { id: v.cluster.id, secret: v.cluster.secret },
    secrets: {
      bootstrapToken: v.secrets.bootstrap_token,
      ...(v.secrets.secretbox_encryption_secret ? { secretboxEncryptionSecret: v.secrets.secretbox_encryption_secret } : {}),
      ...(v.secrets.aescbc_encryption_secret ? { aescbcEncryptionSecret: v.secrets.aescbc_encryption_secret } : {}),
    },
    trustdInfo: { token: v.trustdinfo.token },
    certs: {
      etcd: unpair(v.certs.etcd),
      k8s: unpair(v.certs.k8s),
      k8sAggregator: unpair(v.certs.k8s_aggregator),
      k8sServiceAccount: { key: base64ToPem(v.certs.k8s_serviceaccount.key) },
      os: unpair(v.certs.os),
    },
  };
}
