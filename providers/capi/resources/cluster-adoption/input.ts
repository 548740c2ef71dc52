/**
 * Reads the `capi_cluster_adoption` configuration (its Model, typed from the schema: snake_case,
 * null for unset) into the validated AdoptionInput the domain uses. cty has already checked each
 * value's type; what is checked here is what the schema cannot say (ranges, formats, fields that go
 * together, uniqueness across nodes). Every problem names the attribute path and, for nodes, the
 * node, and all of them are reported at once.
 */
import type { Model } from '../../../runtime';
import { ValidationError } from '../../../kernel/validation';
import { parseKubeconfig } from '../../../machinery/clientconfig/kubeconfig';
import { parseTalosconfig, selectTalosconfigContext } from '../../../machinery/clientconfig/talosconfig';
import { ContractError, formatContract, parseContract, validateKubernetesVersion, type TalosContract } from '../../../machinery/config/contract';
import type { SecretsBundle } from '../../../machinery/secrets';
import { secretsBundleProblems } from '../../../machinery/secrets/validate-secrets';
import { valueToSecrets } from '../../../machinery/secrets/secrets-value';
import { parseIpv4, parseIpv4Cidr, parseIpv4Expression, within, type Ipv4Cidr } from '../../../kernel/ipv4';
import { inspectPatches } from '../../adoption/patches';
import { CredentialError, readApiToken } from '../../../proxmox-access/env';
import { DEFAULTS, normalisePem, type AdoptedNode, type AdoptionInput, type MachineTemplateInput, type NetworkInput, type ProxmoxCredentials, type TemplateSource } from '../../adoption/input';
import type { adoptionSchema } from './schema';
import {
  anyCidr,
  DISK_FORMATS,
  dnsDomain,
  dnsLabel,
  endpointHost,
  ipAddress,
  kubernetesVersion as kubernetesVersionCheck,
  memoryMiB as memoryMiBCheck,
  mtu as mtuCheck,
  namespaceName,
  NIC_MODELS,
  NODE_ROLES,
  pveNodeName,
  ROLLOUT_STRATEGIES,
  secretName,
  smbiosUuid as smbiosUuidCheck,
  TEMPLATE_MATCH_POLICIES,
  type FieldCheck,
} from './field-checks';

/**
 * The configuration, typed from the schema: Terraform sends every attribute (null when unset);
 * callers outside Terraform may leave them out, which reads the same.
 */
type M = Model<typeof adoptionSchema>;
type Loose<T> = { readonly [K in keyof T]?: T[K] | null };
export type RawMachineTemplate = Loose<NonNullable<M['control_plane_template']>>;
export type RawNode = Loose<M['node'][number]>;
export type RawProxmox = Loose<NonNullable<M['proxmox']>>;
export type RawNetwork = Loose<NonNullable<M['network']>>;
export type RawAdoptionInput = Loose<Omit<M, 'proxmox' | 'network' | 'control_plane_template' | 'worker_template' | 'node'>> & {
  readonly proxmox?: RawProxmox | null;
  readonly network?: RawNetwork | null;
  readonly control_plane_template?: RawMachineTemplate | null;
  readonly worker_template?: RawMachineTemplate | null;
  readonly node?: readonly RawNode[] | null;
};

export interface InputProblem {
  /** Terraform attribute path, dotted (`node.1.ip`). */
  readonly path: string;
  readonly message: string;
}

export class AdoptionInputError extends ValidationError {
  constructor(readonly problems: readonly InputProblem[]) {
    super(
      problems.map((p) => ({ scope: 'capi_cluster_adoption', path: p.path ? p.path.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s)) : [], problem: p.message })),
      `invalid adoption input: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
    );
    this.name = 'AdoptionInputError';
  }
}

/**
 * Collects problems while reading one configuration. The values are typed (cty checked them):
 * what is read here is presence, ranges and formats.
 */
class Reader {
  readonly problems: InputProblem[] = [];

  add(path: string, message: string): void {
    this.problems.push({ path, message });
  }

  /** Runs a field check (the schema's validator) on a present value; `prefix` names the node, `why` says what the field is for. */
  check<T>(value: T | undefined, path: string, check: FieldCheck<T>, prefix = '', why = ''): void {
    const problem = value === undefined ? undefined : check(value);
    if (problem) this.add(path, `${prefix}${problem}${why}`);
  }

  str(value: string | null | undefined, path: string, what: string): string | undefined {
    if (value === null || value === undefined || value.trim() === '') {
      this.add(path, `required: ${what}`);
      return undefined;
    }
    return value.trim();
  }

  optStr(value: string | null | undefined): string | undefined {
    return value === null || value === undefined || value === '' ? undefined : value.trim();
  }

  int(value: number | null | undefined, path: string, min: number, max: number, what: string): number | undefined {
    if (value === null || value === undefined) {
      this.add(path, `required: ${what}`);
      return undefined;
    }
    return this.checkInt(value, path, min, max);
  }

  optInt(value: number | null | undefined, path: string, min: number, max: number): number | undefined {
    if (value === null || value === undefined) return undefined;
    return this.checkInt(value, path, min, max);
  }

  private checkInt(value: number, path: string, min: number, max: number): number | undefined {
    if (!Number.isInteger(value) || value < min || value > max) {
      this.add(path, `expected a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
      return undefined;
    }
    return value;
  }

  strings(value: readonly string[] | null | undefined): string[] {
    return (value ?? []).map((v) => v.trim());
  }

  oneOf<T extends string>(value: string | null | undefined, path: string, allowed: readonly T[], fallback: T): T {
    if (value === null || value === undefined || value === '') return fallback;
    if (!allowed.includes(value as T)) {
      this.add(path, `must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
      return fallback;
    }
    return value as T;
  }
}

function readTemplate(r: Reader, raw: RawMachineTemplate | null | undefined, path: string): MachineTemplateInput | undefined {
  if (!raw) {
    r.add(path, 'required: the Proxmox template VM and sizes new machines of this role are cloned from');
    return undefined;
  }
  const tags = r.strings(raw.template_tags);
  const hasVm = (raw.source_node ?? null) !== null || (raw.template_id ?? null) !== null;
  let source: TemplateSource | undefined;
  if (hasVm && tags.length > 0) {
    r.add(path, 'set either source_node + template_id or template_tags, not both (CAPMOX accepts exactly one template source)');
  } else if (tags.length > 0) {
    source = {
      kind: 'tags',
      tags,
      matchPolicy: r.oneOf(raw.template_match_policy, `${path}.template_match_policy`, TEMPLATE_MATCH_POLICIES, 'exact'),
    };
  } else {
    const sourceNode = r.str(raw.source_node, `${path}.source_node`, 'the Proxmox node holding the Talos nocloud template VM (or use template_tags)');
    const templateId = r.int(raw.template_id, `${path}.template_id`, 100, 999_999_999, 'the VMID of the Talos nocloud template VM');
    r.check(sourceNode, `${path}.source_node`, pveNodeName);
    if (sourceNode !== undefined && templateId !== undefined) source = { kind: 'vm', sourceNode, templateId };
  }
  const sockets = r.int(raw.sockets ?? 1, `${path}.sockets`, 1, 4, 'CPU sockets');
  const cores = r.int(raw.cores, `${path}.cores`, 1, 512, 'CPU cores per socket');
  const memoryMiB = r.int(raw.memory_mib, `${path}.memory_mib`, 512, 16_777_216, 'memory in MiB (a multiple of 8)');
  r.check(memoryMiB, `${path}.memory_mib`, memoryMiBCheck);
  const disk = r.optStr(raw.boot_disk);
  const sizeGb = r.optInt(raw.boot_disk_size_gb, `${path}.boot_disk_size_gb`, 5, 1_000_000);
  if ((disk === undefined) !== (sizeGb === undefined)) r.add(path, 'boot_disk and boot_disk_size_gb go together (e.g. scsi0 and 20)');
  const bridge = r.str(raw.bridge, `${path}.bridge`, 'the Proxmox bridge of net0, e.g. vmbr0');
  const vlan = r.optInt(raw.vlan, `${path}.vlan`, 1, 4094);
  const mtu = r.optInt(raw.mtu, `${path}.mtu`, 1, 65_520);
  if (mtu !== undefined) r.check(mtu, `${path}.mtu`, mtuCheck);
  const nicModel = r.oneOf(raw.nic_model, `${path}.nic_model`, NIC_MODELS, DEFAULTS.nicModel);
  const fullClone = raw.full_clone ?? true;
  const storage = r.optStr(raw.storage);
  const format = raw.format ? r.oneOf(raw.format, `${path}.format`, DISK_FORMATS, 'raw') : undefined;
  if (!fullClone && (storage !== undefined || format !== undefined)) r.add(path, 'storage and format need full_clone = true (a linked clone stays on the template storage)');
  const start = r.optInt(raw.vmid_range_start, `${path}.vmid_range_start`, 100, 999_999_999);
  const end = r.optInt(raw.vmid_range_end, `${path}.vmid_range_end`, 100, 999_999_999);
  if ((start === undefined) !== (end === undefined)) r.add(path, 'vmid_range_start and vmid_range_end go together');
  if (start !== undefined && end !== undefined && end < start) r.add(`${path}.vmid_range_end`, `${end} is below vmid_range_start ${start}`);
  if (!source || sockets === undefined || cores === undefined || memoryMiB === undefined || bridge === undefined) return undefined;
  return {
    source,
    sockets,
    cores,
    memoryMiB,
    ...(disk !== undefined && sizeGb !== undefined ? { bootVolume: { disk, sizeGb } } : {}),
    bridge,
    ...(vlan !== undefined ? { vlan } : {}),
    nicModel,
    ...(mtu !== undefined ? { mtu } : {}),
    fullClone,
    ...(storage !== undefined ? { storage } : {}),
    ...(format !== undefined ? { format } : {}),
    ...(raw.pool ? { pool: raw.pool } : {}),
    tags: r.strings(raw.tags),
    ...(start !== undefined && end !== undefined ? { vmIdRange: { start, end } } : {}),
    // Talos runs no cloud-init and, without the extension, no guest agent (spec §3.2 checks).
    skipCloudInitStatus: raw.skip_cloud_init_status ?? true,
    skipQemuGuestAgent: raw.skip_qemu_guest_agent ?? true,
    providerIdInjection: raw.provider_id_injection ?? true,
  };
}

/**
 * The token `token_env` names, read from the environment of the Terraform run (never from the
 * configuration, so it is in neither cdk.tf.json nor state).
 */
function tokenFromEnv(r: Reader, raw: RawProxmox, env: NodeJS.ProcessEnv): { tokenId?: string; tokenSecret?: string } {
  const name = r.optStr(raw.token_env);
  if (name === undefined) return {};
  if (raw.token_id || raw.token_secret) {
    r.add('proxmox.token_env', 'set either token_env or token_id + token_secret, not both');
    return {};
  }
  try {
    const t = readApiToken(env, { name, origin: r.optStr(raw.token_env_origin) });
    return { tokenId: t.tokenId, tokenSecret: t.secret };
  } catch (err) {
    if (!(err instanceof CredentialError)) throw err;
    r.add('proxmox.token_env', `${err.message}. Fix: ${err.fix}`);
    return {};
  }
}

function readCredentials(r: Reader, raw: RawProxmox, env: NodeJS.ProcessEnv): ProxmoxCredentials {
  const byRef = r.optStr(raw.credentials_secret_name);
  const url = r.optStr(raw.url);
  const fromEnv = raw.token_env ? tokenFromEnv(r, raw, env) : undefined;
  if (fromEnv && !fromEnv.tokenId) return { kind: 'manager' };
  const tokenId = fromEnv?.tokenId ?? r.optStr(raw.token_id);
  const tokenSecret = fromEnv?.tokenSecret ?? (typeof raw.token_secret === 'string' && raw.token_secret !== '' ? raw.token_secret : undefined);
  const inline = url !== undefined || tokenId !== undefined || tokenSecret !== undefined;
  if (byRef !== undefined && inline) {
    r.add('proxmox', 'set either credentials_secret_name or url + token_id + token_secret, not both');
    return { kind: 'manager' };
  }
  if (byRef !== undefined) {
    r.check(byRef, 'proxmox.credentials_secret_name', secretName);
    const namespace = r.optStr(raw.credentials_secret_namespace);
    r.check(namespace, 'proxmox.credentials_secret_namespace', namespaceName);
    return { kind: 'ref', name: byRef, ...(namespace ? { namespace } : {}) };
  }
  if (!inline) return { kind: 'manager' };
  if (url === undefined || !/^https:\/\/[^/\s]+/.test(url)) r.add('proxmox.url', 'required with token_id: the Proxmox API URL, e.g. https://pve.example.com:8006');
  if (tokenId === undefined || !/^[^@\s]+@[^!\s]+![^\s]+$/.test(tokenId)) r.add('proxmox.token_id', 'required with url: an API token id such as capmox@pve!capi');
  if (tokenSecret === undefined) r.add('proxmox.token_secret', 'required with url: the API token secret');
  const rootCa = r.optStr(raw.root_ca);
  if (rootCa !== undefined && !rootCa.includes('-----BEGIN CERTIFICATE-----')) r.add('proxmox.root_ca', 'expected PEM text of the CA certificate');
  return {
    kind: 'inline',
    url: url ?? '',
    tokenId: tokenId ?? '',
    tokenSecret: tokenSecret ?? '',
    ...(raw.insecure !== null && raw.insecure !== undefined ? { insecure: raw.insecure } : {}),
    ...(rootCa !== undefined ? { rootCa } : {}),
  };
}

function readNetwork(r: Reader, raw: RawNetwork | null | undefined): NetworkInput | undefined {
  if (!raw) {
    r.add('network', 'required: the node network (cidr, gateway, dns_servers, new_node_addresses)');
    return undefined;
  }
  const cidrText = r.str(raw.cidr, 'network.cidr', 'the IPv4 CIDR of the node network, e.g. 10.10.0.0/24');
  const cidr = cidrText === undefined ? undefined : parseIpv4Cidr(cidrText);
  if (cidrText !== undefined && !cidr) r.add('network.cidr', `"${cidrText}" is not an IPv4 network CIDR such as 10.10.0.0/24 (host bits must be zero)`);
  const gateway = r.str(raw.gateway, 'network.gateway', 'the default gateway of the node network');
  const gw = gateway === undefined ? undefined : parseIpv4(gateway);
  if (gateway !== undefined && gw === undefined) r.add('network.gateway', `"${gateway}" is not an IPv4 address`);
  if (gw !== undefined && cidr && !(gw >= cidr.first && gw <= cidr.last)) r.add('network.gateway', `${gateway} is outside network.cidr ${cidr.text}`);
  const dnsServers = r.strings(raw.dns_servers);
  if (dnsServers.length === 0) r.add('network.dns_servers', "required: at least one DNS server (CAPMOX writes them into new nodes' network config)");
  dnsServers.forEach((d, i) => {
    r.check(d, `network.dns_servers.${i}`, ipAddress);
  });
  const newNodeAddresses = r.strings(raw.new_node_addresses);
  if (newNodeAddresses.length === 0) {
    r.add('network.new_node_addresses', 'required: addresses CAPI may give new nodes (IPs, a-b ranges or CIDRs), disjoint from every existing node IP');
  }
  newNodeAddresses.forEach((expr, i) => {
    const interval = parseIpv4Expression(expr);
    if (!interval) r.add(`network.new_node_addresses.${i}`, `"${expr}" is not an IPv4 address, a-b range or CIDR`);
    else if (cidr && !within(interval, cidr)) r.add(`network.new_node_addresses.${i}`, `"${expr}" is not inside network.cidr ${cidr.text}`);
  });
  if (!cidr || gateway === undefined) return undefined;
  return { cidr, gateway, dnsServers, newNodeAddresses };
}

function readNodes(r: Reader, raw: readonly RawNode[] | null | undefined, cidr: Ipv4Cidr | undefined): AdoptedNode[] {
  if (!raw || raw.length === 0) {
    r.add('node', 'required: every node of the running cluster (at least the control planes)');
    return [];
  }
  const nodes: AdoptedNode[] = [];
  raw.forEach((n, index) => {
    const label = typeof n?.name === 'string' && n.name ? `node.${index} (${n.name})` : `node.${index}`;
    const at = (field: string) => `node.${index}.${field}`;
    const problemsBefore = r.problems.length;
    const name = r.str(n.name, at('name'), 'the Kubernetes node name (= Talos hostname = Proxmox VM name)');
    r.check(name, at('name'), dnsLabel, `${label}: `, ': it names the Machine, ProxmoxMachine and Node');
    const role = r.oneOf(n.role, at('role'), NODE_ROLES, 'worker');
    if (n.role === null || n.role === undefined) r.add(at('role'), `${label}: required: controlplane or worker`);
    const vmId = r.int(n.vm_id, at('vm_id'), 100, 999_999_999, `${label}: the Proxmox VMID`);
    const vmName = r.str(n.vm_name, at('vm_name'), `${label}: the Proxmox VM name as Terraform set it`);
    const proxmoxNode = r.str(n.proxmox_node, at('proxmox_node'), `${label}: the Proxmox node the VM runs on`);
    r.check(proxmoxNode, at('proxmox_node'), pveNodeName, `${label}: `);
    const ip = r.str(n.ip, at('ip'), `${label}: the node's static IPv4 address`);
    const ipValue = ip === undefined ? undefined : parseIpv4(ip);
    if (ip !== undefined && ipValue === undefined) r.add(at('ip'), `${label}: "${ip}" is not an IPv4 address`);
    if (ipValue !== undefined && cidr && !(ipValue >= cidr.first && ipValue <= cidr.last)) r.add(at('ip'), `${label}: ${ip} is outside network.cidr ${cidr.text}`);
    const smbiosUuid = r.str(n.smbios_uuid, at('smbios_uuid'), `${label}: the VM's SMBIOS uuid (providerID proxmox://<uuid>)`);
    r.check(smbiosUuid, at('smbios_uuid'), smbiosUuidCheck, `${label}: `);
    if (n.started === null || n.started === undefined) r.add(at('started'), `${label}: required: whether the VM is running (from the Terraform VM resource)`);
    if (r.problems.length === problemsBefore && name && vmId !== undefined && vmName && proxmoxNode && ip && smbiosUuid) {
      nodes.push({ name, role, vmId, vmName, proxmoxNode, ip, smbiosUuid, started: n.started === true, index });
    }
  });
  const unique = (field: 'name' | 'vmId' | 'ip' | 'smbiosUuid', attribute: string) => {
    const seen = new Map<string, AdoptedNode>();
    for (const node of nodes) {
      const key = String(node[field]).toLowerCase();
      const other = seen.get(key);
      if (other) r.add(`node.${node.index}.${attribute}`, `node.${node.index} (${node.name}): ${attribute} ${String(node[field])} is also used by node.${other.index} (${other.name})`);
      else seen.set(key, node);
    }
  };
  unique('name', 'name');
  unique('vmId', 'vm_id');
  unique('ip', 'ip');
  unique('smbiosUuid', 'smbios_uuid');
  if (nodes.length > 0 && !nodes.some((n) => n.role === 'controlplane')) {
    r.add('node', 'at least one controlplane node is required: the TalosControlPlane adopts the running control planes');
  }
  return nodes;
}

/** Validates the raw input; throws AdoptionInputError listing every problem. */
export function validateAdoptionInput(raw: RawAdoptionInput, env: NodeJS.ProcessEnv = process.env): AdoptionInput {
  const r = new Reader();
  if (raw === null || typeof raw !== 'object') throw new AdoptionInputError([{ path: '', message: 'expected the adoption attributes' }]);

  const clusterName = r.str(raw.cluster_name, 'cluster_name', 'the Talos cluster name (the CAPI Cluster gets the same name)');
  r.check(clusterName, 'cluster_name', dnsLabel, '', ': CAPI uses it as a label value');
  const namespace = r.optStr(raw.namespace) ?? clusterName ?? '';
  if (namespace) r.check(namespace, 'namespace', namespaceName);

  const host = r.str(raw.control_plane_endpoint_host, 'control_plane_endpoint_host', 'the Kubernetes API VIP or DNS name');
  r.check(host, 'control_plane_endpoint_host', endpointHost);
  const port = r.optInt(raw.control_plane_endpoint_port, 'control_plane_endpoint_port', 1, 65_535) ?? DEFAULTS.port;

  let contract: TalosContract | undefined;
  const talosVersion = r.str(raw.talos_version, 'talos_version', 'the Talos version the nodes run, e.g. v1.13.9');
  if (talosVersion !== undefined) {
    try {
      contract = parseContract(talosVersion, 'talos_version');
    } catch (err) {
      if (!(err instanceof ContractError)) throw err;
      r.add('talos_version', err.message.replace(/^talos_version: /, ''));
    }
  }
  const kubernetesVersion = r.str(raw.kubernetes_version, 'kubernetes_version', 'the running Kubernetes version, e.g. v1.36.3');
  if (kubernetesVersion !== undefined) {
    const problem = kubernetesVersionCheck(kubernetesVersion);
    if (problem) {
      r.add('kubernetes_version', problem);
    } else if (contract) {
      try {
        validateKubernetesVersion(kubernetesVersion, contract, 'kubernetes_version');
      } catch (err) {
        if (!(err instanceof ContractError)) throw err;
        r.add('kubernetes_version', err.message.replace(/^kubernetes_version: /, ''));
      }
    }
  }

  const podCidrs = raw.pod_cidrs && raw.pod_cidrs.length > 0 ? r.strings(raw.pod_cidrs) : [...DEFAULTS.podCidrs];
  const serviceCidrs = raw.service_cidrs && raw.service_cidrs.length > 0 ? r.strings(raw.service_cidrs) : [...DEFAULTS.serviceCidrs];
  podCidrs.forEach((c, i) => r.check(c, `pod_cidrs.${i}`, anyCidr));
  serviceCidrs.forEach((c, i) => r.check(c, `service_cidrs.${i}`, anyCidr));
  const serviceDomain = r.optStr(raw.service_domain) ?? DEFAULTS.serviceDomain;
  r.check(serviceDomain, 'service_domain', dnsDomain);

  let bundle: SecretsBundle | undefined;
  if (!raw.machine_secrets) {
    r.add('machine_secrets', 'required: the machine_secrets of the cluster (talos_machine_secrets.machine_secrets); CABPT must reuse this PKI');
  } else {
    try {
      bundle = valueToSecrets(raw.machine_secrets);
      for (const p of secretsBundleProblems(bundle)) r.add('machine_secrets', p);
    } catch (err) {
      r.add('machine_secrets', `not a machine_secrets object: ${(err as Error).message}`);
      bundle = undefined;
    }
  }

  const talosconfig = r.str(raw.talosconfig, 'talosconfig', 'the cluster talosconfig (talos_client_configuration.talos_config)');
  if (talosconfig !== undefined) {
    try {
      const ctx = selectTalosconfigContext(parseTalosconfig(talosconfig));
      if (bundle && ctx.ca !== undefined && normalisePem(ctx.ca) !== normalisePem(bundle.certs.os.crt)) {
        r.add('talosconfig', 'its CA is not the os CA of machine_secrets: pass the talosconfig generated from the same secrets');
      }
      if (!ctx.crt || !ctx.key) r.add('talosconfig', 'the current context has no client certificate and key (CACPPT authenticates with them)');
    } catch (err) {
      r.add('talosconfig', (err as Error).message);
    }
  }
  const workloadKubeconfig = r.str(raw.workload_kubeconfig, 'workload_kubeconfig', 'an admin kubeconfig of the running cluster (its Nodes are checked before adoption)');
  if (workloadKubeconfig !== undefined) {
    try {
      parseKubeconfig(workloadKubeconfig);
    } catch (err) {
      r.add(
        'workload_kubeconfig',
        // First line only: YAML errors quote the offending source line, which may hold a key.
        `${(err as Error).message.split('\n')[0]}: the <cluster>-kubeconfig Secret Cluster API reads is built from its current context, which needs server, certificate-authority-data, client-certificate-data and client-key-data (pass talos_cluster_kubeconfig.kubeconfig_raw)`,
      );
    }
  }

  const common = r.strings(raw.config_patches);
  const controlPlane = r.strings(raw.control_plane_patches);
  const worker = r.strings(raw.worker_patches);
  const patchFacts = inspectPatches({ common, controlPlane, worker }, (path, message) => r.add(path, message));

  const proxmox: RawProxmox = raw.proxmox ?? {};
  if (!raw.proxmox) r.add('proxmox', 'required: Proxmox facts for CAPMOX (credentials, allowed_nodes)');
  const credentials = readCredentials(r, proxmox, env);
  const allowedNodes = r.strings(proxmox.allowed_nodes);
  allowedNodes.forEach((n, i) => r.check(n, `proxmox.allowed_nodes.${i}`, pveNodeName));
  const network = readNetwork(r, raw.network);
  const controlPlaneTemplate = readTemplate(r, raw.control_plane_template, 'control_plane_template');
  const workerTemplate = readTemplate(r, raw.worker_template, 'worker_template');
  const nodes = readNodes(r, raw.node, network?.cidr);

  const cpCount = nodes.filter((n) => n.role === 'controlplane').length;
  const workerCount = nodes.length - cpCount;
  const controlPlaneReplicas = r.optInt(raw.control_plane_replicas, 'control_plane_replicas', 1, 99) ?? cpCount;
  const workerReplicas = r.optInt(raw.worker_replicas, 'worker_replicas', 0, 10_000) ?? workerCount;
  const controlPlaneRolloutStrategy = r.oneOf(raw.control_plane_rollout_strategy, 'control_plane_rollout_strategy', ROLLOUT_STRATEGIES, DEFAULTS.rolloutStrategy);
  const workerRolloutStrategy = r.oneOf(raw.worker_rollout_strategy, 'worker_rollout_strategy', ROLLOUT_STRATEGIES, DEFAULTS.rolloutStrategy);

  if (r.problems.length > 0) throw new AdoptionInputError(r.problems);
  return {
    clusterName: clusterName!,
    namespace,
    endpoint: { host: host!, port },
    kubernetesVersion: kubernetesVersion!,
    talosVersion: talosVersion!,
    talosContract: formatContract(contract!),
    podCidrs,
    serviceCidrs,
    serviceDomain,
    machineSecrets: raw.machine_secrets!,
    bundle: bundle!,
    talosconfig: talosconfig!,
    workloadKubeconfig: workloadKubeconfig!,
    patches: { common, controlPlane, worker },
    patchFacts,
    credentials,
    allowedNodes,
    network: network!,
    controlPlaneTemplate: controlPlaneTemplate!,
    workerTemplate: workerTemplate!,
    nodes,
    controlPlaneReplicas,
    workerReplicas,
    controlPlaneRolloutStrategy,
    workerRolloutStrategy,
  };
}
