/**
 * The Secrets CABPT, CACPPT and CAPMOX read (spec cluster-api.md §5), built from the Terraform
 * inputs so Cluster API reuses the running cluster's PKI instead of generating a new one.
 * Values are base64 in `data` (not `stringData`) so what is applied is what is read back.
 */
import { yamlLib } from '../../kernel/lazy';
import type { SecretsBundle } from '../../machinery/secrets';
import { formatSecretsYaml } from '../../machinery/secrets/secrets-yaml';
import { formatTalosconfig, parseTalosconfig, selectTalosconfigContext } from '../../machinery/clientconfig/talosconfig';
import { parseKubeconfig } from '../../machinery/clientconfig/kubeconfig';
import type { ProxmoxCredentials } from './input';

export const SECRET_KEYS = {
  bundle: 'bundle',
  caCert: 'tls.crt',
  caKey: 'tls.key',
  talosconfig: 'talosconfig',
  kubeconfigValue: 'value',
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

/**
 * The talosconfig with the current context's endpoints set to `endpoints` (the control-plane node
 * IPs, as CABPT derives them from the control-plane Machines' addresses); every other field kept.
 */
export function talosconfigWithEndpoints(talosconfig: string, endpoints: readonly string[]): string {
  const parsed = parseTalosconfig(talosconfig);
  const current = selectTalosconfigContext(parsed);
  return formatTalosconfig({ context: parsed.context, contexts: { ...parsed.contexts, [parsed.context]: { ...current, endpoints: [...endpoints] } } });
}

/** `<cluster>-talosconfig`, key `talosconfig`, with valid endpoints (CACPPT dials them; CABPT rewrites the Secret in this format). */
export function talosconfigData(talosconfig: string, endpoints: readonly string[]): Record<string, string> {
  return { [SECRET_KEYS.talosconfig]: b64(talosconfigWithEndpoints(talosconfig, endpoints)) };
}

/** Why a live `<cluster>-talosconfig` cannot reach the control plane (CABPT wrote `endpoints: null`), or undefined. */
export function talosconfigEndpointsProblem(data: unknown): string | undefined {
  const text = unb64(((data ?? {}) as Record<string, unknown>)[SECRET_KEYS.talosconfig]);
  if (text === undefined) return `has no data.${SECRET_KEYS.talosconfig}`;
  try {
    const ctx = selectTalosconfigContext(parseTalosconfig(text));
    return ctx.endpoints.length === 0 ? 'the current context has no endpoints: CACPPT cannot reach the Talos API' : undefined;
  } catch (err) {
    return `is not a talosconfig (${(err as Error).message.split(':')[0]})`;
  }
}

/** The repaired `talosconfig` data: the live text (CABPT's client certificate) with our endpoints; ours when the live one is unreadable. */
export function repairedTalosconfigData(liveData: unknown, fallback: string, endpoints: readonly string[]): Record<string, string> {
  const text = unb64(((liveData ?? {}) as Record<string, unknown>)[SECRET_KEYS.talosconfig]);
  if (text !== undefined) {
    try {
      return { [SECRET_KEYS.talosconfig]: b64(talosconfigWithEndpoints(text, endpoints)) };
    } catch {
      // unreadable: replaced by the input's talosconfig below
    }
  }
  return talosconfigData(fallback, endpoints);
}

/**
 * `<cluster>-kubeconfig`, key `value`, laid out as CAPI's kubeconfig utilities (and CACPPT) write
 * it: cluster entry `<c>`, user `<c>-admin`, context `<c>-admin@<c>`, embedded client certificate.
 * CAPI reads the cluster entry by name and checks the client certificate's expiry, so a CACPPT
 * rotation later replaces the certificate in the same layout. Server, CA and credentials come from
 * the current context of the workload kubeconfig (Terraform reaches the cluster with them).
 */
export function capiKubeconfigData(clusterName: string, workloadKubeconfig: string): Record<string, string> {
  const { client } = parseKubeconfig(workloadKubeconfig);
  const user = `${clusterName}-admin`;
  const context = `${user}@${clusterName}`;
  const text = yamlLib().stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: clusterName, cluster: { server: client.host, 'certificate-authority-data': client.ca_certificate } }],
    contexts: [{ name: context, context: { cluster: clusterName, user } }],
    'current-context': context,
    preferences: {},
    users: [{ name: user, user: { 'client-certificate-data': client.client_certificate, 'client-key-data': client.client_key } }],
  });
  return { [SECRET_KEYS.kubeconfigValue]: b64(text) };
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
