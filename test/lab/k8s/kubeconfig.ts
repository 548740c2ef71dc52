/**
 * Kubeconfig files for lab clusters: one cluster, one user with an inline client certificate,
 * one context. Written with mode 0600 because they hold private keys.
 */
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';

export interface KubeconfigProps {
  /** Name used for the cluster, user and context entries. */
  readonly name: string;
  /** https://host:port of the API server. */
  readonly server: string;
  readonly caPem: string;
  readonly clientCertPem: string;
  readonly clientKeyPem: string;
  /** User entry name; default `<name>-admin`. */
  readonly userName?: string;
}

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

/** Kubeconfig YAML text for `props`. */
export function renderKubeconfig(props: KubeconfigProps): string {
  if (!/^https:\/\/[^/]+$/.test(props.server)) throw new Error(`server must be https://host:port without a path, got ${JSON.stringify(props.server)}`);
  const user = props.userName ?? `${props.name}-admin`;
  const context = `${user}@${props.name}`;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: props.name, cluster: { server: props.server, 'certificate-authority-data': b64(props.caPem) } }],
    users: [{ name: user, user: { 'client-certificate-data': b64(props.clientCertPem), 'client-key-data': b64(props.clientKeyPem) } }],
    contexts: [{ name: context, context: { cluster: props.name, user } }],
    'current-context': context,
    preferences: {},
  });
}

/** Writes the kubeconfig for `props` to `path` (mode 0600). */
export function writeKubeconfig(path: string, props: KubeconfigProps): void {
  writeFileSync(path, renderKubeconfig(props), { mode: 0o600 });
}
