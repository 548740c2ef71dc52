/**
 * One cluster definition from raw data to a `ClusterDefinition`: secret scan, schema (fields and
 * cross-field rules), patch files and the CA file read relative to the definition, then the values
 * every stack needs derived once (per node: name, role, IP, VMID, Proxmox node, SMBIOS UUID,
 * providerID, MAC). Any problem anywhere → ClusterDefinitionError listing all of them.
 */
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseCidr } from '../constructs/proxmox/ipv4';
import { nodeMacAddress, proxmoxProviderId, smbiosUuid } from '../constructs/proxmox/node-identity';
import { layoutNodes, type IssuePath, type NodeRole, type PoolLayout } from './layout';
import { resolvePatches, type ReadText, type ResolvedPatches } from './patches';
import { ClusterDefinitionError, definitionErrorMap, issuesToProblems, type DefinitionProblem } from './problems';
import { clusterDefinitionSchema, type ClusterDefinitionSpec } from './schema';
import { findInlineSecrets, SECRET_EXAMPLE } from './secrets';
import { resolveVersions, type TalosVersions } from './versions';

/** Everything a stack needs to know about one node VM. */
export interface DerivedNode {
  /** `<cluster>-<pool>-<n>`: VM name = Talos hostname = Kubernetes node = CAPI Machine name. */
  readonly name: string;
  readonly role: NodeRole;
  readonly pool: string;
  readonly ip: string;
  /** Prefix length of network.cidr. */
  readonly prefixLength: number;
  readonly vmid: number;
  readonly proxmoxNode: string;
  /** UUIDv5 of `<cluster>/<node>` in a fixed namespace: pinned in the VM's SMBIOS. */
  readonly smbiosUuid: string;
  /** `proxmox://<smbiosUuid>`, the kubelet providerID Cluster API matches. */
  readonly providerId: string;
  /** Fixed NIC MAC derived from the names, so re-plans stay empty. */
  readonly macAddress: string;
  readonly cores: number;
  readonly memoryMiB: number;
  readonly diskGiB: number;
  /** Kubernetes node labels of the pool. */
  readonly labels: Readonly<Record<string, string>>;
  /** Proxmox tags, sorted and unique as PVE stores them. */
  readonly tags: readonly string[];
}

/** Files the definition refers to, resolved to absolute paths. */
export interface DefinitionPaths {
  readonly caFile?: string;
  /** Management cluster kubeconfig (clusterApi.management.kubeconfig). */
  readonly managementKubeconfig?: string;
  /** Where to write the admin kubeconfig (mode 0600), when requested. */
  readonly kubeconfigOutput?: string;
  /** Where to write the talosconfig (mode 0600), when requested. */
  readonly talosconfigOutput?: string;
}

export interface ClusterDefinition {
  readonly name: string;
  /** As shown in messages: `clusters/prod.yaml`, or `(built-in lab default)`. */
  readonly source: string;
  /** Absolute path of the definition file; undefined for a built-in definition. */
  readonly file?: string;
  /** Relative paths in the definition are resolved against this directory. */
  readonly baseDir: string;
  /** The validated definition, defaults applied, paths as written. */
  readonly spec: ClusterDefinitionSpec;
  readonly versions: TalosVersions;
  /** `https://<vip or first control plane>:6443` */
  readonly clusterEndpoint: string;
  readonly nodes: readonly DerivedNode[];
  /** Patch texts in order (files read), per group. */
  readonly patches: ResolvedPatches;
  readonly paths: DefinitionPaths;
  /** Namespace of the Cluster API objects (defaults to the cluster name); undefined without clusterApi. */
  readonly capiNamespace?: string;
}

export interface ParseOptions {
  /** How the definition is named in messages. @default '(definition)' */
  readonly source?: string;
  /** Absolute path of the file the data came from. */
  readonly file?: string;
  /** Base of relative paths. @default the file's directory, else the current directory */
  readonly baseDir?: string;
  /** Cluster name when the data has none (the file name without extension). */
  readonly defaultName?: string;
  readonly readText?: ReadText;
}

const defaultReadText: ReadText = (file) => readFileSync(file, 'utf8');

/** `~/x` → home directory; relative → against baseDir. */
export function resolveUserPath(baseDir: string, p: string): string {
  if (p === '~' || p.startsWith('~/')) return path.join(os.homedir(), p.slice(1));
  return path.resolve(baseDir, p);
}

/** Pools in layout order, with the definition paths they come from. */
export function poolLayoutsOf(spec: ClusterDefinitionSpec): PoolLayout[] {
  return [
    { path: ['controlPlane'], role: 'controlplane', ...spec.controlPlane },
    ...spec.workers.map((w, i): PoolLayout => ({ path: ['workers', i], role: 'worker', ...w })),
  ];
}

function deriveNodes(spec: ClusterDefinitionSpec): DerivedNode[] {
  const prefixLength = (parseCidr(spec.network.cidr) as { prefix: number }).prefix;
  const pools = [spec.controlPlane, ...spec.workers];
  const layouts = poolLayoutsOf(spec);
  const slots = layoutNodes(spec.name, layouts, spec.vmidBase, spec.proxmox.nodes);
  return slots.map((s) => {
    const pool = pools[layouts.findIndex((l) => l.name === s.pool && l.role === s.role)];
    const uuid = smbiosUuid(spec.name, s.name);
    const ip = s.ip as number;
    return {
      name: s.name,
      role: s.role,
      pool: s.pool,
      ip: [ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255].join('.'),
      prefixLength,
      vmid: s.vmid as number,
      proxmoxNode: s.proxmoxNode as string,
      smbiosUuid: uuid,
      providerId: proxmoxProviderId(uuid),
      macAddress: nodeMacAddress(spec.name, s.name),
      cores: pool.cores,
      memoryMiB: pool.memoryMiB,
      diskGiB: pool.diskGiB,
      labels: { ...(pool.labels ?? {}) },
      tags: [...new Set(['talos', spec.name, s.role, ...spec.tags, ...(pool.tags ?? [])])].sort(),
    };
  });
}

function samePath(a: IssuePath, b: IssuePath): boolean {
  return a.length === b.length && a.every((k, i) => k === b[i]);
}

/** Validates raw definition data; returns the definition, or every problem found. */
export function checkClusterDefinition(raw: unknown, options: ParseOptions = {}): { definition?: ClusterDefinition; problems: DefinitionProblem[] } {
  const source = options.source ?? '(definition)';
  const baseDir = options.baseDir ?? (options.file ? path.dirname(options.file) : process.cwd());
  const readText = options.readText ?? defaultReadText;
  const isObject = raw !== null && typeof raw === 'object' && !Array.isArray(raw);
  const nameFromFile = isObject && options.defaultName !== undefined && (raw as Record<string, unknown>).name === undefined;
  const input = nameFromFile ? { name: options.defaultName, ...(raw as Record<string, unknown>) } : raw;

  const secrets = findInlineSecrets(input);
  const problems: DefinitionProblem[] = secrets.map((s) => ({
    source,
    path: s.path,
    message: `looks like ${s.kind}; a definition never holds secrets (it is committed and its values reach the synthesized JSON): put the value in an environment variable and name the variable`,
    example: SECRET_EXAMPLE,
  }));

  const parsed = clusterDefinitionSchema.safeParse(input, { error: definitionErrorMap });
  if (!parsed.success) {
    for (const p of issuesToProblems(source, parsed.error.issues, clusterDefinitionSchema, input)) {
      // A secret found at a path already says what is wrong there, and what its parent lacks.
      if (secrets.some((s) => samePath(s.path, p.path) || samePath(s.path.slice(0, -1), p.path))) continue;
      if (nameFromFile && samePath(p.path, ['name'])) {
        problems.push({ ...p, message: `${p.message} (taken from the file name; rename the file or set name in it)` });
      } else {
        problems.push(p);
      }
    }
  }
  if (!parsed.success || problems.length) return { problems };

  const spec = parsed.data;
  const { patches, problems: patchProblems } = resolvePatches(spec.patches, baseDir, readText);
  problems.push(...patchProblems.map((p) => ({ source, ...p })));
  const caFile = spec.proxmox.caFile !== undefined ? resolveUserPath(baseDir, spec.proxmox.caFile) : undefined;
  if (caFile !== undefined) {
    try {
      const pem = readText(caFile);
      if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
        problems.push({ source, path: ['proxmox', 'caFile'], message: `${caFile} holds no PEM certificate`, example: 'caFile: certs/pve-root-ca.pem (the PEM of /etc/pve/pve-root-ca.pem)' });
      }
    } catch (err) {
      problems.push({
        source,
        path: ['proxmox', 'caFile'],
        message: `${JSON.stringify(spec.proxmox.caFile)} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}: ${caFile}); paths are relative to the definition file`,
        example: 'caFile: certs/pve-root-ca.pem',
      });
    }
  }
  if (problems.length) return { problems };

  const nodes = deriveNodes(spec);
  const firstCp = nodes.find((n) => n.role === 'controlplane') as DerivedNode;
  const management = spec.clusterApi?.management;
  return {
    problems: [],
    definition: {
      name: spec.name,
      source,
      file: options.file,
      baseDir,
      spec,
      versions: resolveVersions(spec.talos.version, spec.kubernetes.version),
      clusterEndpoint: `https://${spec.network.vip ?? firstCp.ip}:6443`,
      nodes,
      patches,
      paths: {
        caFile,
        managementKubeconfig: management?.kind === 'existing' && management.kubeconfig !== undefined ? resolveUserPath(baseDir, management.kubeconfig) : undefined,
        kubeconfigOutput: spec.outputs.kubeconfig !== undefined ? resolveUserPath(baseDir, spec.outputs.kubeconfig) : undefined,
        talosconfigOutput: spec.outputs.talosconfig !== undefined ? resolveUserPath(baseDir, spec.outputs.talosconfig) : undefined,
      },
      capiNamespace: spec.clusterApi ? (spec.clusterApi.namespace ?? spec.name) : undefined,
    },
  };
}

/** Validates raw definition data. @throws ClusterDefinitionError with every problem */
export function parseClusterDefinition(raw: unknown, options: ParseOptions = {}): ClusterDefinition {
  const { definition, problems } = checkClusterDefinition(raw, options);
  if (!definition) throw new ClusterDefinitionError(problems);
  return definition;
}
