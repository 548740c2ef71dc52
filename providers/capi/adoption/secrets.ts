/**
 * The Secrets CABPT, CACPPT and CAPMOX read (spec cluster-api.md §5), built from the Terraform
 * inputs so Cluster API reuses the running cluster's PKI instead of generating a new one.
 * Values are base64 in `data` (not `stringData`) so what is applied is what is read back.
 */
import { formatSecretsYaml, type SecretsBundle } from '../../talos/secrets';
import type { ProxmoxCredentials } from './input';

export const SECRET_KEYS = {
  bundle: 'bundle',
  caCert: 'tls.crt',
  caKey: 'tls.key',
  talosconfig: 'talosconfig',
  bootstrapValue: 'value',
  credentialsUrl: 'url',
  credentialsToken: 'token',
  credentialsSecret: 'secret',
  credentialsInsecure: 'insecure',
  credentialsRootCa: 'root_ca',
} as const;

export function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

export function unb64(value: unknown): string | undefined {
  return typeof value === 'string' ? Buffer.from(value, 'base64').toString('utf8') : undefined;
}

/** `<cluster>-talos`, key `bundle`: the talosctl secrets.yaml CABPT unmarshals (yaml.v2, lowercase keys). */
export function talosBundleData(bundle: SecretsBundle): Record<string, string> {
  return { [SECRET_KEYS.bundle]: b64(formatSecretsYaml(bundle)) };
}

/** `<cluster>-ca`: the Kubernetes CA as PEM, as CABPT writes it from `certs.k8s`. */
export function kubernetesCaData(bundle: SecretsBundle): Record<string, string> {
  return { [SECRET_KEYS.caCert]: b64(bundle.certs.k8s.crt), [SECRET_KEYS.caKey]: b64(bundle.certs.k8s.key) };
}

/** `<cluster>-talosconfig`, key `talosconfig` (CABPT rewrites it later from the same os CA). */
export function talosconfigData(talosconfig: string): Record<string, string> {
  return { [SECRET_KEYS.talosconfig]: b64(talosconfig) };
}

/**
 * `<machine>-bootstrap-data`, key `value`. CAPMOX requires the name on the Machine but never reads
 * the content for a running VM (spec §6.3); an installed Talos boots from its own disk config.
 */
export function placeholderBootstrapData(clusterName: string, machine: string): Record<string, string> {
  const text =
    `# Machine ${machine} of cluster ${clusterName} was provisioned by Terraform and adopted by Cluster API.\n` +
    '# Its machine configuration lives on the node; this placeholder only satisfies Machine.spec.bootstrap.dataSecretName.\n';
  return { [SECRET_KEYS.bootstrapValue]: b64(text) };
}

/** The keys CAPMOX reads from a credentialsRef Secret (pkg/scope/cluster.go, v0.9.0). */
export function proxmoxCredentialsData(credentials: ProxmoxCredentials & { kind: 'inline' }): Record<string, string> {
  return {
    [SECRET_KEYS.credentialsUrl]: b64(credentials.url),
    [SECRET_KEYS.credentialsToken]: b64(credentials.tokenId),
    [SECRET_KEYS.credentialsSecret]: b64(credentials.tokenSecret),
    ...(credentials.insecure === undefined ? {} : { [SECRET_KEYS.credentialsInsecure]: b64(String(credentials.insecure)) }),
    ...(credentials.rootCa === undefined ? {} : { [SECRET_KEYS.credentialsRootCa]: b64(credentials.rootCa) }),
  };
}
