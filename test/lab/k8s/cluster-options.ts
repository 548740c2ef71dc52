/**
 * Options of a lab cluster and their defaults. Both roles run what a Talos control plane runs
 * (kube-apiserver, controller-manager, scheduler) plus kwok, so Deployments become Available, and
 * have the admission-webhook plugins off, because the providers' webhook servers are not running in
 * the lab (a workload cluster may manage itself, so Cluster API lands there too). A management
 * cluster gets one simulated node; a workload cluster, with the PKI of a Talos secrets bundle, gets
 * its nodes from the Talos node simulator.
 */
import { isAbsolute } from 'node:path';
import { assertLoopbackIPv4, assertPort } from './loopback';
import { validateLabClusterPki, type LabClusterPki } from './lab-pki';
import { validateLabNodeSpec, type LabNodeSpec } from './node-spec';

export type LabClusterRole = 'management' | 'workload';

export interface LabComponents {
  readonly controllerManager: boolean;
  readonly scheduler: boolean;
  readonly kwok: boolean;
}

export interface LabClusterOptions {
  /** DNS-label-like name ([a-z0-9-], 1-40 chars); used for the data directory and kubeconfig entries. */
  readonly name: string;
  readonly role: LabClusterRole;
  /** Absolute directory under which `<name>/` holds data, PKI files, kubeconfigs and logs. */
  readonly baseDir: string;
  /** Loopback address every component binds; default 127.0.0.1. */
  readonly host?: string;
  /** API server port; default a free port. */
  readonly apiServerPort?: number;
  /** CA-level secrets (e.g. from a Talos bundle); default freshly generated. */
  readonly pki?: LabClusterPki;
  /** Which components besides etcd and kube-apiserver run; defaults depend on the role. */
  readonly components?: Partial<LabComponents>;
  /**
   * Turns off the ValidatingAdmissionWebhook and MutatingAdmissionWebhook plugins. Default true
   * (the Cluster API providers' webhook servers do not run in the lab).
   */
  readonly disableAdmissionWebhooks?: boolean;
  /**
   * Passes --enable-aggregator-routing=true (route to endpoint IPs, not Service ClusterIPs). Default
   * false. Note: Endpoints and EndpointSlices refuse loopback addresses, and with this flag the API
   * server no longer resolves ExternalName Services, so webhooks served on loopback are reached
   * through an ExternalName Service naming the loopback IP with this flag off.
   */
  readonly enableAggregatorRouting?: boolean;
  /** Extra kube-apiserver flags, `--flag=value` form, appended last (so they win). */
  readonly extraApiServerArgs?: readonly string[];
  /** Extra names in the API server's serving certificate (e.g. the Talos cluster endpoint's host name). */
  readonly extraApiServerSans?: { readonly dnsNames?: readonly string[]; readonly ipAddresses?: readonly string[] };
  /** Default 10.96.0.0/12 (Talos' default). */
  readonly serviceClusterIpRange?: string;
  /** Pod addresses kwok hands out; default 10.244.0.0/16 (Talos' default pod CIDR). */
  readonly podCidr?: string;
  /** Nodes registered (through kwok) once the cluster is up. Default: one node `<name>-node-0` for management, none otherwise. */
  readonly nodes?: readonly LabNodeSpec[];
  /** Default 120 s: how long start-up may take before the cluster is torn down and an error thrown. */
  readonly startTimeoutMs?: number;
  /**
   * Whether start-up waits for kube-controller-manager and kube-scheduler (default true). False
   * resolves once the API server serves and the nodes are Ready, as kubelets register on a real
   * control plane while its controller-manager and scheduler are still starting;
   * LabCluster.controllersReady() tells when they serve.
   */
  readonly waitForControllers?: boolean;
}

export interface ResolvedLabClusterOptions {
  readonly name: string;
  readonly role: LabClusterRole;
  readonly baseDir: string;
  readonly host: string;
  readonly apiServerPort: number | undefined;
  readonly pki: LabClusterPki | undefined;
  readonly components: LabComponents;
  readonly disableAdmissionWebhooks: boolean;
  readonly enableAggregatorRouting: boolean;
  readonly extraApiServerArgs: readonly string[];
  readonly extraApiServerSans: { readonly dnsNames: readonly string[]; readonly ipAddresses: readonly string[] };
  readonly serviceClusterIpRange: string;
  readonly podCidr: string;
  readonly nodes: readonly LabNodeSpec[];
  readonly startTimeoutMs: number;
  readonly waitForControllers: boolean;
}

const NAME = /^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$/;
const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

function assertIpv4Cidr(value: string, field: string): void {
  const m = IPV4_CIDR.exec(value);
  if (!m || m.slice(1, 5).some((octet) => Number(octet) > 255) || Number(m[5]) > 32) {
    throw new Error(`${field} must be an IPv4 CIDR such as 10.96.0.0/12, got ${JSON.stringify(value)}`);
  }
}

/** First usable address of an IPv4 CIDR (the `kubernetes` Service's ClusterIP for the service range). */
export function firstAddressOf(cidr: string): string {
  const [address, bits] = cidr.split('/');
  const value = address.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
  const size = 2 ** (32 - Number(bits));
  const first = Math.floor(value / size) * size + 1;
  return [24, 16, 8, 0].map((shift) => Math.floor(first / 2 ** shift) % 256).join('.');
}

export function resolveLabClusterOptions(options: LabClusterOptions): ResolvedLabClusterOptions {
  if (options === null || typeof options !== 'object') throw new Error('cluster options must be an object');
  if (typeof options.name !== 'string' || !NAME.test(options.name)) {
    throw new Error(`name must be 1-40 characters of [a-z0-9-], starting and ending alphanumeric, got ${JSON.stringify(options.name)}`);
  }
  if (options.role !== 'management' && options.role !== 'workload') {
    throw new Error(`role must be "management" or "workload", got ${JSON.stringify(options.role)}`);
  }
  if (typeof options.baseDir !== 'string' || !isAbsolute(options.baseDir)) {
    throw new Error(`baseDir must be an absolute directory path, got ${JSON.stringify(options.baseDir)}`);
  }
  const host = options.host ?? '127.0.0.1';
  assertLoopbackIPv4(host, 'host');
  if (options.apiServerPort !== undefined) assertPort(options.apiServerPort, 'apiServerPort');
  if (options.pki !== undefined) validateLabClusterPki(options.pki, 'pki');
  const management = options.role === 'management';
  const components: LabComponents = {
    controllerManager: options.components?.controllerManager ?? true,
    scheduler: options.components?.scheduler ?? true,
    kwok: options.components?.kwok ?? true,
  };
  const serviceClusterIpRange = options.serviceClusterIpRange ?? '10.96.0.0/12';
  assertIpv4Cidr(serviceClusterIpRange, 'serviceClusterIpRange');
  const podCidr = options.podCidr ?? '10.244.0.0/16';
  assertIpv4Cidr(podCidr, 'podCidr');
  const extraApiServerArgs = options.extraApiServerArgs ?? [];
  extraApiServerArgs.forEach((arg, i) => {
    if (typeof arg !== 'string' || !/^--[a-z0-9-]+(=.*)?$/.test(arg)) {
      throw new Error(`extraApiServerArgs[${i}] must look like --flag or --flag=value, got ${JSON.stringify(arg)}`);
    }
  });
  const nodes = options.nodes ?? (management ? [{ name: `${options.name}-node-0`, addresses: [{ type: 'InternalIP' as const, address: host }] }] : []);
  nodes.forEach((node, i) => validateLabNodeSpec(node, `nodes[${i}]`));
  if (nodes.length > 0 && !components.kwok) throw new Error('nodes need kwok: set components.kwok to true or pass no nodes');
  const startTimeoutMs = options.startTimeoutMs ?? 120_000;
  if (!Number.isFinite(startTimeoutMs) || startTimeoutMs <= 0) throw new Error(`startTimeoutMs must be a positive number, got ${String(startTimeoutMs)}`);
  return {
    name: options.name,
    role: options.role,
    baseDir: options.baseDir,
    host,
    apiServerPort: options.apiServerPort,
    pki: options.pki,
    components,
    disableAdmissionWebhooks: options.disableAdmissionWebhooks ?? true,
    enableAggregatorRouting: options.enableAggregatorRouting ?? false,
    extraApiServerArgs,
    extraApiServerSans: {
      dnsNames: options.extraApiServerSans?.dnsNames ?? [],
      ipAddresses: options.extraApiServerSans?.ipAddresses ?? [],
    },
    serviceClusterIpRange,
    podCidr,
    nodes,
    startTimeoutMs,
    waitForControllers: options.waitForControllers ?? true,
  };
}
