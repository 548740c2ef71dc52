/**
 * What the lab's workload Kubernetes takes from a Talos control plane's machine configuration:
 * where the API server listens (the cluster endpoint, a loopback VIP), its PKI, and the Node a
 * simulated kubelet registers.
 */
import { isIPv4 } from 'node:net';
import { labClusterPkiFromTalosCerts, PROVIDED_NODE_IP_ANNOTATION, UNINITIALIZED_TAINT, type LabClusterPki, type LabNodeSpec } from '../k8s';
import type { ParsedMachineConfig } from '../talos/machine-config';
import type { NodeRegistration } from '../talos/node';

export interface ApiServerAddress {
  readonly host: string;
  readonly port: number;
}

/** cluster.controlPlane.endpoint as a listener: https, an IPv4 loopback host, a port (default 443). */
export function apiServerAddressOf(endpoint: string): ApiServerAddress {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new Error(`cluster endpoint ${JSON.stringify(endpoint)} is not a URL; use https://127.x.y.z:6443`);
  }
  if (url.protocol !== 'https:') throw new Error(`cluster endpoint ${endpoint} must be https://`);
  if (!isIPv4(url.hostname) || !url.hostname.startsWith('127.')) {
    throw new Error(`cluster endpoint ${endpoint}: the lab serves the Kubernetes API only on a loopback IPv4 address (127.x.y.z), like a VIP`);
  }
  return { host: url.hostname, port: url.port ? Number(url.port) : 443 };
}

/** The PKI a control plane's configuration carries (Kubernetes, aggregator and etcd CAs, SA key). */
export function labPkiFromMachineConfig(cfg: ParsedMachineConfig): LabClusterPki {
  if (!cfg.k8sCa.key || !cfg.etcdCa?.key || !cfg.aggregatorCa?.key || !cfg.serviceAccountKey) {
    throw new Error(`the configuration of cluster ${cfg.clusterName} lacks control-plane secrets (CA keys, service-account key): bootstrap must run on a control plane`);
  }
  return labClusterPkiFromTalosCerts({
    k8s: cfg.k8sCa,
    etcd: cfg.etcdCa,
    k8sAggregator: cfg.aggregatorCa,
    k8sServiceAccount: { key: cfg.serviceAccountKey },
  });
}

/** A DNS-label name for the lab cluster's directory (1-40 chars of [a-z0-9-]). */
export function labClusterName(clusterName: string): string {
  const cleaned = clusterName
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return cleaned || 'talos';
}

/**
 * The Node a Talos node's kubelet registers: host name, providerID (its --provider-id, if any),
 * addresses, role label; for an external cloud provider also the uninitialized taint and the
 * provided node IP, which the cloud controller reads and removes.
 */
export function nodeSpecOf(registration: NodeRegistration, talosVersion: string): LabNodeSpec {
  const internal = registration.addresses.filter((a) => a.type === 'InternalIP').map((a) => a.address);
  return {
    ...(registration.cloudProviderExternal ? { taints: [UNINITIALIZED_TAINT], annotations: { [PROVIDED_NODE_IP_ANNOTATION]: internal.join(',') } } : {}),
    name: registration.name,
    providerID: registration.providerId,
    addresses: registration.addresses,
    controlPlane: registration.role === 'controlplane',
    labels: registration.labels,
    osImage: `Talos (${talosVersion})`,
  };
}
