/**
 * The Talos configuration each node role gets after the definition's patches, checked before synth.
 * A patch that loads cleanly can still break the configuration: delete `cluster`, flip
 * `machine.type`, point the endpoint elsewhere or over http, drop a required secret, rename the
 * node. The Talos provider would render that happily and the nodes would fail at apply, so the
 * configuration is generated here with the same generator and patch engine, and checked against
 * Talos' own rules (v1alpha1 validation) plus what the app relies on (name, endpoint, host names,
 * providerID). Each problem names the patch that introduced it.
 */
import { generateMachineConfigDocuments, isConfigObject, type ConfigDocument, type ConfigValue, type MachineType } from '../../providers/machinery/config';
import type { SecretsBundle } from '../../providers/machinery/secrets/bundle';
import { applyPatches, loadPatch, PatchApplyError, PatchLoadError } from '../../providers/machinery/patch';
import type { IssuePath } from '../plan/layout';
import type { PatchEntry, PatchGroup, PatchProblem, ResolvedPatch } from './patches';

/** What the app generates for one role, and what the effective configuration must keep. */
export interface RoleExpectation {
  readonly role: MachineType;
  readonly clusterName: string;
  /** `https://host:port` the app derives (VIP or first control plane). */
  readonly endpoint: string;
  readonly contract: string;
  readonly kubernetesVersion: string;
  readonly installDisk?: string;
  readonly vip?: { readonly address: string; readonly link: string };
  /** A node of the role, when the definition has one: its name (HostnameConfig) and providerID. */
  readonly hostname?: string;
  readonly providerId?: string;
}

export interface RuleViolation {
  /** The configuration field, e.g. `cluster.controlPlane.endpoint`. */
  readonly field: string;
  readonly message: string;
  readonly example: string;
}

/**
 * Stand-in secrets for generating the configuration's shape: the rules below check that secret
 * fields are present, never their values, and the real bundle exists only in Terraform state.
 */
const PLACEHOLDER = 'generated-at-apply';
const SHAPE_SECRETS: SecretsBundle = {
  cluster: { id: PLACEHOLDER, secret: PLACEHOLDER },
  secrets: { bootstrapToken: PLACEHOLDER, secretboxEncryptionSecret: PLACEHOLDER },
  trustdInfo: { token: PLACEHOLDER },
  certs: {
    etcd: { crt: PLACEHOLDER, key: PLACEHOLDER },
    k8s: { crt: PLACEHOLDER, key: PLACEHOLDER },
    k8sAggregator: { crt: PLACEHOLDER, key: PLACEHOLDER },
    k8sServiceAccount: { key: PLACEHOLDER },
    os: { crt: PLACEHOLDER, key: PLACEHOLDER },
  },
};

/** The configuration the app generates for a role before patches. */
export function generatedDocuments(e: RoleExpectation): ConfigDocument[] {
  return generateMachineConfigDocuments({
    machineType: e.role,
    clusterName: e.clusterName,
    endpoint: e.endpoint,
    secrets: SHAPE_SECRETS,
    contract: e.contract,
    kubernetesVersion: e.kubernetesVersion,
    installDisk: e.installDisk,
    vip: e.role === 'controlplane' ? e.vip : undefined,
    hostname: e.hostname,
    providerId: e.providerId,
  });
}

function at(v: ConfigValue | undefined, ...keys: string[]): ConfigValue | undefined {
  let cur = v;
  for (const k of keys) cur = isConfigObject(cur) ? cur[k] : undefined;
  return cur;
}

const nonEmpty = (v: ConfigValue | undefined): boolean => typeof v === 'string' && v.trim() !== '';

const DROP_FIX = (field: string) => `remove ${field} from the patch (the app sets it)`;

/** Every rule the effective configuration of one role breaks (empty when it is valid). */
export function checkEffectiveConfig(docs: readonly ConfigDocument[], e: RoleExpectation): RuleViolation[] {
  const out: RuleViolation[] = [];
  const add = (field: string, message: string, example: string) => out.push({ field, message, example });
  const main = docs.find((d) => d.version === 'v1alpha1' && d.kind === undefined);
  if (!main) {
    add('v1alpha1', 'the main (v1alpha1) document is missing; Talos refuses a configuration without it outside maintenance mode', 'do not delete the v1alpha1 document');
    return out;
  }
  if (main.persist === false) add('persist', 'is false; Talos requires persist: true', DROP_FIX('persist'));

  const machine = main.machine;
  if (!isConfigObject(machine)) {
    add('machine', 'is missing: Talos requires the machine section', 'do not delete machine; patch only the fields you change');
  } else {
    if (machine.type !== e.role) {
      const was = machine.type === undefined || machine.type === null ? 'missing' : JSON.stringify(machine.type);
      add('machine.type', `is ${was}, but this configuration is for ${e.role} nodes (Talos accepts controlplane or worker; the app sets the type per pool)`, DROP_FIX('machine.type'));
    }
    if (!nonEmpty(machine.token)) add('machine.token', 'is missing or empty: nodes need the trustd token to join', DROP_FIX('machine.token'));
    if (!nonEmpty(at(machine, 'ca', 'crt'))) add('machine.ca.crt', 'is missing or empty: the Talos API CA certificate is required', DROP_FIX('machine.ca'));
    if (e.role === 'controlplane' && !nonEmpty(at(machine, 'ca', 'key'))) add('machine.ca.key', 'is missing or empty: control planes need the Talos API CA key', DROP_FIX('machine.ca'));
    if (e.role === 'worker' && nonEmpty(at(machine, 'ca', 'key'))) add('machine.ca.key', 'is set: issuing Talos API CA key is not allowed on worker nodes', DROP_FIX('machine.ca.key'));
    const hostname = at(machine, 'network', 'hostname');
    if (nonEmpty(hostname) && docs.some((d) => d.kind === 'HostnameConfig')) {
      add(
        'machine.network.hostname',
        'is set while the HostnameConfig document sets the host name (Talos: "static hostname is already set"); the app names each node itself',
        DROP_FIX('machine.network.hostname'),
      );
    }
    const interfaces = at(machine, 'network', 'interfaces');
    if (e.role === 'worker' && Array.isArray(interfaces) && interfaces.some((i) => isConfigObject(i) && i.vip !== undefined && i.vip !== null)) {
      add('machine.network.interfaces[].vip', 'is set on a worker: a shared VIP is announced by control planes only', 'move the VIP to patches.controlPlane, or set network.vip in the definition');
    }
    if (e.providerId !== undefined) {
      const pid = at(machine, 'kubelet', 'extraArgs', 'provider-id') ?? at(machine, 'kubelet', 'extraConfig', 'providerID');
      if (pid !== e.providerId) {
        add(
          'machine.kubelet.extraArgs.provider-id',
          `is ${pid === undefined ? 'missing' : JSON.stringify(pid)}; Cluster API matches nodes by the providerID the app sets (${e.providerId})`,
          DROP_FIX('provider-id'),
        );
      }
    }
  }

  const cluster = main.cluster;
  if (!isConfigObject(cluster)) {
    add(
      'cluster',
      'is missing: Talos requires the cluster section ("cluster instructions are required")',
      'do not delete cluster; patch only the fields you change, e.g. cluster: {network: {cni: {name: none}}}',
    );
    return out;
  }
  checkEndpoint(at(cluster, 'controlPlane', 'endpoint'), e.endpoint, add);
  if (cluster.clusterName !== e.clusterName) {
    add(
      'cluster.clusterName',
      `is ${nonEmpty(cluster.clusterName) ? JSON.stringify(cluster.clusterName) : 'missing'}; it must stay "${e.clusterName}" (the definition's name: kubeconfig, talosconfig and Cluster API use it)`,
      "rename the cluster with the definition's name, not a patch",
    );
  }
  for (const f of ['id', 'secret', 'token'] as const)
    if (!nonEmpty(cluster[f])) add(`cluster.${f}`, 'is missing or empty: it is part of the cluster secrets the app generates', DROP_FIX(`cluster.${f}`));
  if (!nonEmpty(at(cluster, 'ca', 'crt'))) add('cluster.ca.crt', 'is missing or empty: the Kubernetes CA certificate is required', DROP_FIX('cluster.ca'));
  if (e.role === 'controlplane') {
    const required = [
      ['ca', 'key'],
      ['aggregatorCA', 'crt'],
      ['aggregatorCA', 'key'],
      ['serviceAccount', 'key'],
      ['etcd', 'ca', 'crt'],
      ['etcd', 'ca', 'key'],
    ];
    for (const p of required) if (!nonEmpty(at(cluster, ...p))) add(`cluster.${p.join('.')}`, 'is missing or empty: control planes need it', DROP_FIX(`cluster.${p[0]}`));
    const box = nonEmpty(cluster.secretboxEncryptionSecret);
    const aes = nonEmpty(cluster.aescbcEncryptionSecret);
    if (box === aes)
      add(
        'cluster.secretboxEncryptionSecret',
        box ? 'and aescbcEncryptionSecret are both set; Talos allows exactly one' : 'is missing: control planes need an etcd encryption secret',
        DROP_FIX('the encryption secrets'),
      );
  } else {
    if (nonEmpty(at(cluster, 'ca', 'key'))) add('cluster.ca.key', 'is set: the Kubernetes CA key is not allowed on worker nodes', DROP_FIX('cluster.ca.key'));
    if (cluster.etcd !== undefined && cluster.etcd !== null) add('cluster.etcd', 'is set: etcd runs on control planes only', 'move the etcd settings to patches.controlPlane');
  }
  const cni = at(cluster, 'network', 'cni');
  if (isConfigObject(cni)) {
    const name = cni.name;
    if (name !== undefined && !['flannel', 'custom', 'none'].includes(String(name)))
      add('cluster.network.cni.name', `${JSON.stringify(name)} is not one of flannel, custom, none`, 'cluster: {network: {cni: {name: none}}}');
    const urls = cni.urls;
    if (Array.isArray(urls) && urls.length > 0 && name !== 'custom')
      add('cluster.network.cni.urls', 'is set, but URLs apply only to cni name custom', 'cluster: {network: {cni: {name: custom, urls: [https://example.com/cni.yaml]}}}');
  }

  const hostnameDoc = docs.find((d) => d.kind === 'HostnameConfig');
  if (e.hostname !== undefined) {
    if (!hostnameDoc)
      add('HostnameConfig', `is removed; the app names each node (e.g. ${e.hostname}) so VMs, Kubernetes nodes and Cluster API Machines match`, 'do not delete the HostnameConfig document');
    else if (hostnameDoc.hostname !== e.hostname || (hostnameDoc.auto !== undefined && hostnameDoc.auto !== 'off')) {
      add(
        'HostnameConfig.hostname',
        `is changed (${JSON.stringify(hostnameDoc.hostname ?? null)}, auto ${JSON.stringify(hostnameDoc.auto ?? null)}); a patch applies to every node of the role, but each node has its own name (e.g. ${e.hostname})`,
        DROP_FIX('the HostnameConfig document'),
      );
    }
  }
  if (e.role === 'worker') {
    for (const d of docs)
      if (d.kind === 'Layer2VIPConfig' || d.kind === 'HCloudVIPConfig')
        add(String(d.kind), 'is set on a worker: a shared VIP is announced by control planes only', 'move it to patches.controlPlane, or set network.vip in the definition');
  }
  return out;
}

function checkEndpoint(value: ConfigValue | undefined, expected: string, add: (field: string, message: string, example: string) => void): void {
  const field = 'cluster.controlPlane.endpoint';
  const fix = `remove ${field} from the patch; the app sets ${expected} (from network.vip or the first control plane)`;
  if (!nonEmpty(value)) return add(field, 'is missing: Talos requires the control plane endpoint', fix);
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    return add(field, `${JSON.stringify(value)} is not a URL`, fix);
  }
  const want = new URL(expected);
  if (url.protocol !== 'https:') return add(field, `${JSON.stringify(value)} uses ${url.protocol.replace(':', '')}; the Kubernetes API is served over https only`, fix);
  if (url.host !== want.host) return add(field, `${JSON.stringify(value)} is another host than the cluster endpoint ${expected}; nodes, kubeconfig and Cluster API must agree on it`, fix);
  if (url.pathname !== '/' || url.search !== '' || url.username !== '' || url.password !== '') add(field, `${JSON.stringify(value)} has a path, query or user info; use ${expected}`, fix);
}

// ---- patches → problems ------------------------------------------------------------------------

export interface RolePatch {
  readonly group: PatchGroup;
  readonly index: number;
  readonly entry: PatchEntry;
  readonly patch: ResolvedPatch;
}

/** Where a patch entry is in the definition, for messages. */
export function patchEntryPath(group: PatchGroup, index: number, entry: PatchEntry): IssuePath {
  if (typeof entry === 'string') return ['patches', group, index];
  return 'file' in entry ? ['patches', group, index, 'file'] : ['patches', group, index, 'inline'];
}

function patchLabel(p: RolePatch): string {
  return typeof p.entry === 'object' && 'file' in p.entry ? `${JSON.stringify(p.entry.file)} ` : '';
}

const key = (v: RuleViolation) => `${v.field}\u0000${v.message}`;

/**
 * Applies `patches` (common, then the role's) to the role's generated configuration and returns
 * a problem per broken rule, at the patch after which it first holds for good.
 */
export function checkRolePatches(e: RoleExpectation, patches: readonly RolePatch[]): (PatchProblem & { readonly field?: string })[] {
  let current = generatedDocuments(e);
  const baseline = new Set(checkEffectiveConfig(current, e).map(key));
  const states: Set<string>[] = [];
  const problems: (PatchProblem & { readonly field?: string })[] = [];
  for (const p of patches) {
    try {
      current = applyPatches(current, [loadPatch(p.patch.text, p.patch.source)]);
    } catch (err) {
      if (!(err instanceof PatchApplyError || err instanceof PatchLoadError)) throw err;
      const why = err.message.replace(/^patch \S+: /, '');
      problems.push({
        path: patchEntryPath(p.group, p.index, p.entry),
        message: `${patchLabel(p)}does not apply to the ${e.role} configuration: ${why}`,
        example: 'patch only fields and documents the configuration has, e.g. machine: {install: {disk: /dev/sda}}',
      });
      return problems;
    }
    states.push(new Set(checkEffectiveConfig(current, e).map(key)));
  }
  const final = checkEffectiveConfig(current, e);
  for (const v of final) {
    if (baseline.has(key(v))) continue;
    let culprit = states.length - 1;
    while (culprit > 0 && states[culprit - 1].has(key(v))) culprit--;
    const p = patches[culprit];
    problems.push({
      path: patchEntryPath(p.group, p.index, p.entry),
      message: `${patchLabel(p)}makes the ${e.role} configuration invalid: ${v.field} ${v.message}`,
      example: v.example,
      field: v.field,
    });
  }
  return problems;
}
