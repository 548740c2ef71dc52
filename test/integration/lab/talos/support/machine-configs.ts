/**
 * Small machine-config fixtures for the simulator tests: the v1.13 contract shape of
 * `talosctl gen config` (control plane / worker), built from a secrets bundle.
 */
import { stringify } from 'yaml';
import { pemToBase64 } from '../../../../../providers/pki/pem';
import type { SecretsBundle } from '../../../../../providers/machinery/secrets/bundle';

export interface FixtureOptions {
  readonly clusterName?: string;
  readonly endpoint: string;
  readonly certSANs?: readonly string[];
  readonly providerId?: string;
  readonly hostname?: string;
  readonly extraMachine?: Record<string, unknown>;
}

const b64 = (pem: string): string => pemToBase64(pem);

export function controlPlaneConfig(bundle: SecretsBundle, opts: FixtureOptions): string {
  return machineConfig(bundle, 'controlplane', opts);
}

export function workerConfig(bundle: SecretsBundle, opts: FixtureOptions): string {
  return machineConfig(bundle, 'worker', opts);
}

function machineConfig(bundle: SecretsBundle, type: 'controlplane' | 'worker', opts: FixtureOptions): string {
  const cp = type === 'controlplane';
  const machine: Record<string, unknown> = {
    type,
    token: bundle.trustdInfo.token,
    ca: { crt: b64(bundle.certs.os.crt), key: cp ? b64(bundle.certs.os.key) : '' },
    certSANs: [...(opts.certSANs ?? [])],
    kubelet: {
      image: 'ghcr.io/siderolabs/kubelet:v1.36.3',
      defaultRuntimeSeccompProfileEnabled: true,
      disableManifestsDirectory: true,
      ...(opts.providerId ? { extraArgs: { 'provider-id': opts.providerId } } : {}),
    },
    install: { disk: '/dev/sda', image: 'ghcr.io/siderolabs/installer:v1.13.9', wipe: false, grubUseUKICmdline: true },
    features: { diskQuotaSupport: true, kubePrism: { enabled: true, port: 7445 }, hostDNS: { enabled: true, forwardKubeDNSToHost: true } },
    ...(cp ? { nodeLabels: { 'node.kubernetes.io/exclude-from-external-load-balancers': '' } } : {}),
    ...(opts.extraMachine ?? {}),
  };
  const clusterName = opts.clusterName ?? 'lab';
  const cluster: Record<string, unknown> = {
    id: bundle.cluster.id,
    secret: bundle.cluster.secret,
    controlPlane: { endpoint: opts.endpoint },
    clusterName,
    network: { dnsDomain: 'cluster.local', podSubnets: ['10.244.0.0/16'], serviceSubnets: ['10.96.0.0/12'] },
    token: bundle.secrets.bootstrapToken,
    ...(cp
      ? {
          secretboxEncryptionSecret: bundle.secrets.secretboxEncryptionSecret,
          ca: { crt: b64(bundle.certs.k8s.crt), key: b64(bundle.certs.k8s.key) },
          aggregatorCA: { crt: b64(bundle.certs.k8sAggregator.crt), key: b64(bundle.certs.k8sAggregator.key) },
          serviceAccount: { key: b64(bundle.certs.k8sServiceAccount.key) },
          apiServer: { image: 'registry.k8s.io/kube-apiserver:v1.36.3' },
          controllerManager: { image: 'registry.k8s.io/kube-controller-manager:v1.36.3' },
          proxy: { image: 'registry.k8s.io/kube-proxy:v1.36.3' },
          scheduler: { image: 'registry.k8s.io/kube-scheduler:v1.36.3' },
          discovery: { enabled: true, registries: { kubernetes: { disabled: true }, service: {} } },
          etcd: { ca: { crt: b64(bundle.certs.etcd.crt), key: b64(bundle.certs.etcd.key) } },
        }
      : {
          ca: { crt: b64(bundle.certs.k8s.crt), key: '' },
          discovery: { enabled: true, registries: { kubernetes: { disabled: true }, service: {} } },
        }),
  };
  const v1 = stringify({ version: 'v1alpha1', debug: false, persist: true, machine, cluster }, { indent: 4 });
  const hostnameDoc = opts.hostname
    ? stringify({ apiVersion: 'v1alpha1', kind: 'HostnameConfig', auto: 'off', hostname: opts.hostname })
    : stringify({ apiVersion: 'v1alpha1', kind: 'HostnameConfig', auto: 'stable' });
  return `${v1}---\n${hostnameDoc}`;
}
