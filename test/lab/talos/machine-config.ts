/**
 * What the simulated node reads from an applied machine configuration: YAML parsing, schema
 * validation, the Talos validation rules that matter for bring-up (messages as Talos words them),
 * and the fields the node acts on.
 */
import { createHash } from 'node:crypto';
import { parseAllDocuments } from 'yaml';
import { base64ToPem } from '../../../providers/pki/pem';
import type { TalosConfigSchema } from './config-schema';
import { legacyNetworkProblems } from './legacy-network';

export type MachineType = 'controlplane' | 'worker' | 'init';

export interface PemPair {
  readonly crt: string;
  /** Empty when the config carries only the certificate (workers). */
  readonly key: string;
}

export interface ParsedMachineConfig {
  /** The config as applied (bytes kept for persistence and diffs). */
  readonly raw: string;
  readonly documents: readonly Record<string, unknown>[];
  readonly v1alpha1: Record<string, unknown> | undefined;
  readonly machineType: MachineType;
  readonly machineToken: string;
  /** Talos API (os) CA: key only on control planes. */
  readonly osCa: PemPair;
  readonly acceptedCAs: readonly string[];
  readonly certSANs: readonly string[];
  readonly installDisk: string | undefined;
  readonly clusterId: string;
  readonly clusterSecret: string;
  readonly clusterName: string;
  readonly endpoint: string;
  /** Kubernetes CA: key only on control planes. */
  readonly k8sCa: PemPair;
  readonly etcdCa: PemPair | undefined;
  readonly aggregatorCa: PemPair | undefined;
  readonly serviceAccountKey: string | undefined;
  readonly bootstrapToken: string;
  /** cluster.adminKubeconfig.certLifetime in ms (default 8760h). */
  readonly adminCertLifetimeMs: number;
  /** Hostname from a HostnameConfig document or machine.network.hostname; undefined = automatic. */
  readonly hostname: string | undefined;
  readonly providerId: string | undefined;
  readonly nodeLabels: Readonly<Record<string, string>>;
  readonly kubeletExtraArgs: Readonly<Record<string, string>>;
  /** cluster.externalCloudProvider.enabled: Talos then starts the kubelet with --cloud-provider=external. */
  readonly externalCloudProvider: boolean;
  /** machine.features.kubernetesTalosAPIAccess, when enabled: who may get a Talos API client from Kubernetes. */
  readonly kubernetesTalosApiAccess: { readonly allowedRoles: readonly string[]; readonly allowedKubernetesNamespaces: readonly string[] } | undefined;
}

export class ConfigValidationError extends Error {
  constructor(readonly problems: readonly string[]) {
    // Talos reports validation failures as a multierror list.
    super(`${problems.length} error${problems.length === 1 ? '' : 's'} occurred:\n${problems.map((p) => `\t* ${p}`).join('\n')}\n\n`);
    this.name = 'ConfigValidationError';
  }
}

type Obj = Record<string, unknown>;

function obj(value: unknown): Obj {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : {};
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function strMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj(value))) out[k] = typeof v === 'string' ? v : String(v);
  return out;
}

/** Fields the Go type still accepts but the published schema leaves out (hidden/deprecated). */
const SCHEMA_HIDDEN_V1ALPHA1 = ['persist'];
/** Deprecated machine sections the v1.13 decoder still reads; checked by their own validators. */
const SCHEMA_HIDDEN_MACHINE = ['network'];

function withoutHidden(doc: Obj): Obj {
  const copy: Obj = { ...doc };
  for (const key of SCHEMA_HIDDEN_V1ALPHA1) delete copy[key];
  if (isObjValue(copy.machine)) {
    const machine: Obj = { ...copy.machine };
    for (const key of SCHEMA_HIDDEN_MACHINE) delete machine[key];
    copy.machine = machine;
  }
  return copy;
}

function isObjValue(value: unknown): value is Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function decodePem(value: unknown, field: string, problems: string[]): string {
  const text = str(value);
  if (text === '') return '';
  try {
    return base64ToPem(text);
  } catch (err) {
    problems.push(`${field}: ${(err as Error).message}`);
    return '';
  }
}

function parseDuration(text: string): number | undefined {
  const re = /(\d+(?:\.\d+)?)(h|ms|m|s)/g;
  let total = 0;
  let consumed = '';
  for (const m of text.matchAll(re)) {
    const n = Number(m[1]);
    total += m[2] === 'h' ? n * 3_600_000 : m[2] === 'm' ? n * 60_000 : m[2] === 's' ? n * 1000 : n;
    consumed += m[0];
  }
  return consumed === text && text !== '' ? total : undefined;
}

export interface ParseOptions {
  /** Maintenance mode accepts configs without the v1alpha1 document. */
  readonly inMaintenance: boolean;
  /** Metal platform (ISO boot, not installed): install.disk is required. */
  readonly requiresInstall: boolean;
}

/** Parses and validates; throws ConfigValidationError (the node answers InvalidArgument with its message). */
export function parseMachineConfig(raw: string, schema: TalosConfigSchema, options: ParseOptions): ParsedMachineConfig {
  const problems: string[] = [];
  const parsed = parseAllDocuments(raw);
  const list = Array.isArray(parsed) ? parsed : [parsed];
  const documents: Obj[] = [];
  for (const doc of list) {
    if (doc.errors.length > 0) throw new ConfigValidationError(doc.errors.map((e) => `failed to decode config: ${e.message}`));
    const value = doc.toJS();
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) throw new ConfigValidationError(['failed to decode config: document is not a mapping']);
    documents.push(value as Obj);
  }
  if (documents.length === 0) throw new ConfigValidationError(['failed to decode config: no documents']);

  for (const doc of documents) {
    const isV1 = doc.version !== undefined && doc.kind === undefined;
    const result = schema.check(isV1 ? withoutHidden(doc) : doc);
    for (const e of result.errors) problems.push(`${result.kind}: ${e}`);
  }
  const v1Docs = documents.filter((d) => d.version !== undefined && d.kind === undefined);
  if (v1Docs.length > 1) problems.push('duplicate v1alpha1 document');
  const v1 = v1Docs[0];
  if (!v1 && !options.inMaintenance) {
    throw new ConfigValidationError(["the applied machine configuration doesn't contain v1alpha1 config, did you mean to patch the machine config instead?"]);
  }
  if (!v1) throw new ConfigValidationError([...problems, 'lab: this simulator needs the v1alpha1 document to act on a config']);

  const machine = obj(v1.machine);
  const cluster = obj(v1.cluster);
  if (Object.keys(machine).length === 0) problems.push('machine instructions are required');
  if (Object.keys(cluster).length === 0) problems.push('cluster instructions are required');
  if (v1.persist === false) problems.push('.persist should be enabled');

  const typeText = str(machine.type);
  let machineType: MachineType;
  if (typeText === 'controlplane' || typeText === 'init') machineType = typeText;
  else if (typeText === 'worker' || typeText === 'join' || typeText === '') machineType = 'worker';
  else {
    problems.push(`unknown machine type "${typeText}"`);
    machineType = 'worker';
  }
  const isControlPlane = machineType !== 'worker';

  const machineCa = obj(machine.ca);
  const osCa = { crt: decodePem(machineCa.crt, 'machine.ca.crt', problems), key: decodePem(machineCa.key, 'machine.ca.key', problems) };
  const acceptedCAs = (Array.isArray(machine.acceptedCAs) ? machine.acceptedCAs : []).map((c, i) => decodePem(obj(c).crt, `machine.acceptedCAs[${i}].crt`, problems)).filter(Boolean);
  if (!osCa.crt && acceptedCAs.length === 0) problems.push('issuing CA or some accepted CAs are required (.machine.ca, machine.acceptedCAs)');
  if (isControlPlane) {
    if (!osCa.crt) problems.push('issuing CA is required (.machine.ca)');
    else if (!osCa.key) problems.push('issuing CA key is required for controlplane nodes (.machine.ca.key)');
  } else {
    if (osCa.key) problems.push('issuing Talos API CA key is not allowed on non-controlplane nodes (.machine.ca)');
    if (str(obj(cluster.ca).key)) problems.push('issuing Kubernetes API CA key is not allowed on non-controlplane nodes (.cluster.ca)');
    if (Object.keys(obj(cluster.etcd)).length > 0) problems.push('lab: etcd section is not allowed on non-controlplane nodes (.cluster.etcd)');
  }

  const install = obj(machine.install);
  const installDisk = str(install.disk) || undefined;
  if (options.requiresInstall && !installDisk && Object.keys(obj(install.diskSelector)).length === 0) {
    problems.push('either install disk or diskSelector should be defined');
  }

  const endpoint = str(obj(cluster.controlPlane).endpoint);
  if (!endpoint) problems.push('cluster controlplane endpoint is required');
  else {
    try {
      const url = new URL(endpoint);
      if (url.protocol !== 'https:') problems.push(`cluster controlplane endpoint must be https: ${endpoint}`);
    } catch {
      problems.push(`cluster controlplane endpoint is not a valid URL: ${endpoint}`);
    }
  }

  const clusterId = str(cluster.id);
  const clusterSecret = str(cluster.secret);
  if (!clusterId) problems.push('lab: cluster.id is required (nodes of one cluster are matched by it)');
  if (!clusterSecret) problems.push('lab: cluster.secret is required');

  const k8sCaObj = obj(cluster.ca);
  const k8sCa = { crt: decodePem(k8sCaObj.crt, 'cluster.ca.crt', problems), key: decodePem(k8sCaObj.key, 'cluster.ca.key', problems) };
  if (!k8sCa.crt) problems.push('lab: cluster.ca.crt (Kubernetes CA) is required');
  if (isControlPlane && !k8sCa.key) problems.push('lab: cluster.ca.key (Kubernetes CA key) is required on control planes');

  const etcdCaObj = obj(obj(cluster.etcd).ca);
  const etcdCa = isControlPlane ? { crt: decodePem(etcdCaObj.crt, 'cluster.etcd.ca.crt', problems), key: decodePem(etcdCaObj.key, 'cluster.etcd.ca.key', problems) } : undefined;
  if (isControlPlane && (!etcdCa?.crt || !etcdCa.key)) problems.push('lab: cluster.etcd.ca (etcd CA and key) is required on control planes');
  const aggObj = obj(cluster.aggregatorCA);
  const aggregatorCa =
    isControlPlane && str(aggObj.crt) ? { crt: decodePem(aggObj.crt, 'cluster.aggregatorCA.crt', problems), key: decodePem(aggObj.key, 'cluster.aggregatorCA.key', problems) } : undefined;
  const serviceAccountKey = isControlPlane ? decodePem(obj(cluster.serviceAccount).key, 'cluster.serviceAccount.key', problems) || undefined : undefined;

  const lifetimeText = str(obj(cluster.adminKubeconfig).certLifetime);
  const adminCertLifetimeMs = lifetimeText ? parseDuration(lifetimeText) : 8760 * 3_600_000;
  if (adminCertLifetimeMs === undefined) problems.push(`cluster.adminKubeconfig.certLifetime: invalid duration "${lifetimeText}"`);

  const discovery = obj(cluster.discovery);
  problems.push(
    ...legacyNetworkProblems(machine.network, {
      controlPlane: isControlPlane,
      discoveryEnabled: discovery.enabled === true,
      clusterId: str(cluster.id),
      clusterSecret: str(cluster.secret),
    }),
  );

  const hostnameDoc = documents.find((d) => d.kind === 'HostnameConfig');
  const legacyHostname = str(obj(machine.network).hostname);
  if (hostnameDoc && legacyHostname) problems.push('static hostname is already set in v1alpha1 config');
  const hostname = str(hostnameDoc?.hostname) || legacyHostname || undefined;

  const kubelet = obj(machine.kubelet);
  const kubeletExtraArgs = strMap(kubelet.extraArgs);
  const talosApiAccess = obj(obj(machine.features).kubernetesTalosAPIAccess);
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

  if (problems.length > 0) throw new ConfigValidationError(problems);
  return {
    raw,
    documents,
    v1alpha1: v1,
    machineType,
    machineToken: str(machine.token),
    osCa,
    acceptedCAs,
    certSANs: (Array.isArray(machine.certSANs) ? machine.certSANs : []).map(String),
    installDisk,
    clusterId,
    clusterSecret,
    clusterName: str(cluster.clusterName) || 'talos-default',
    endpoint,
    k8sCa,
    etcdCa,
    aggregatorCa,
    serviceAccountKey,
    bootstrapToken: str(cluster.token),
    adminCertLifetimeMs: adminCertLifetimeMs ?? 0,
    hostname,
    providerId: kubeletExtraArgs['provider-id'],
    nodeLabels: strMap(machine.nodeLabels),
    kubeletExtraArgs,
    externalCloudProvider: obj(cluster.externalCloudProvider).enabled === true,
    kubernetesTalosApiAccess:
      talosApiAccess.enabled === true ? { allowedRoles: strings(talosApiAccess.allowedRoles), allowedKubernetesNamespaces: strings(talosApiAccess.allowedKubernetesNamespaces) } : undefined,
  };
}

/** Whether Talos starts this node's kubelet for an external cloud provider (its Node waits for a CCM). */
export function kubeletCloudProviderExternal(cfg: ParsedMachineConfig): boolean {
  return cfg.externalCloudProvider || cfg.kubeletExtraArgs['cloud-provider'] === 'external';
}

export function isControlPlane(cfg: ParsedMachineConfig): boolean {
  return cfg.machineType !== 'worker';
}

/** Fields Talos can change on a running node without a reboot (runtime CanApplyImmediate). */
const LIVE_MACHINE_FIELDS = [
  'ca',
  'acceptedCAs',
  'time',
  'certSANs',
  'install',
  'network',
  'sysfs',
  'sysctls',
  'logging',
  'controlPlane',
  'kubelet',
  'kernel',
  'registries',
  'pods',
  'seccompProfiles',
  'nodeAnnotations',
  'nodeLabels',
  'nodeTaints',
];
const LIVE_FEATURE_FIELDS = ['kubernetesTalosAPIAccess', 'kubePrism', 'hostDNS', 'imageCache', 'nodeAddressSortAlgorithm'];

function stable(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));
}

/** undefined when `next` can be applied live; otherwise the reason (Talos' wording, with a short diff). */
export function immediateApplyBlocker(current: ParsedMachineConfig, next: ParsedMachineConfig): string | undefined {
  const cur = obj(current.v1alpha1);
  const nxt: Obj = { ...obj(next.v1alpha1) };
  nxt.debug = cur.debug;
  nxt.cluster = cur.cluster;
  const curMachine = obj(cur.machine);
  const nxtMachine: Obj = { ...obj(nxt.machine) };
  for (const f of LIVE_MACHINE_FIELDS) {
    if (curMachine[f] === undefined) delete nxtMachine[f];
    else nxtMachine[f] = curMachine[f];
  }
  const curFeatures = obj(curMachine.features);
  if (nxtMachine.features !== undefined && curMachine.features !== undefined) {
    const nxtFeatures: Obj = { ...obj(nxtMachine.features) };
    for (const f of LIVE_FEATURE_FIELDS) {
      if (curFeatures[f] === undefined) delete nxtFeatures[f];
      else nxtFeatures[f] = curFeatures[f];
    }
    nxtMachine.features = nxtFeatures;
  }
  nxt.machine = nxtMachine;
  if (stable(cur) === stable(nxt)) return undefined;
  const changed = Object.keys({ ...curMachine, ...nxtMachine }).filter((k) => stable(curMachine[k]) !== stable(nxtMachine[k]));
  return `this config change can't be applied in immediate mode\ndiff:\n${changed.map((k) => `machine.${k} changed`).join('\n') || 'top-level fields changed'}`;
}

/** Short fingerprint for comparing PEM material between nodes without keeping it around. */
export function fingerprint(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
