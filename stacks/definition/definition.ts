/**
 * One cluster definition from raw data to a `ClusterDefinition`: secret scan, schema (fields and
 * cross-field rules), patch files and the CA file read relative to the definition, then the one
 * cluster plan every stack takes its slice of (per node: name, role, IP, VMID, Proxmox node, SMBIOS
 * UUID, providerID, MAC, labels). Any problem anywhere → ClusterDefinitionError listing all of them.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { planProxmoxCluster, type ClusterPlan, type PlannedNode } from '../plan/cluster-plan';
import { formatFieldPath, ValidationError } from '../../providers/kernel/validation';
import { toProxmoxClusterSpec } from './to-stack-props';
import type { IssuePath, PoolLayout } from '../plan/layout';
import { CA_FILE_EXAMPLE, readCaBundle } from './ca-file';
import { checkRolePatches, patchEntryPath, type RolePatch } from './effective-config';
import { PATCH_GROUPS, resolvePatches, type PatchGroup, type PatchLists, type PatchProblem, type ReadText, type ResolvedPatches } from './patches';
import { ClusterDefinitionError, definitionErrorMap, issuesToProblems, README_HINT, type DefinitionProblem } from './problems';
import { clusterDefinitionSchema, type ClusterDefinitionSpec } from './schema';
import { readTextFile, UnreadableFileError } from './read-text';
import { findInlineSecrets, findPatchSecrets, PATCH_SECRET_FIX, SECRET_EXAMPLE } from './secrets';
import { resolveVersions, type TalosVersions } from './versions';
import { appDirOf, checkOutputFiles } from './outputs';

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
  /** The one plan of the cluster's nodes and endpoint, computed once; every stack takes its slice. */
  readonly plan: ClusterPlan;
  /** Patch texts in order (files read), per group. */
  readonly patches: ResolvedPatches;
  readonly paths: DefinitionPaths;
  /** The CERTIFICATE blocks of proxmox.caFile (public); nothing else of the file is kept. */
  readonly proxmoxCaCertificates?: string;
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
  /**
   * The app directory: credential outputs stay inside it unless `outputs.allowOutsideApp`.
   * @default the directory above the file's (definitions live in `<app>/clusters/`), else baseDir
   */
  readonly appDir?: string;
  /** Cluster name when the data has none (the file name without extension). */
  readonly defaultName?: string;
  readonly readText?: ReadText;
}

/** Bounded: regular files of at most 1 MiB of UTF-8 (read-text.ts). */
const defaultReadText: ReadText = (file) => readTextFile(file);

/** `~/x` → home directory; relative → against baseDir. */
export function resolveUserPath(baseDir: string, p: string): string {
  if (p === '~' || p.startsWith('~/')) return path.join(os.homedir(), p.slice(1));
  return path.resolve(baseDir, p);
}

/** Pools in layout order, with the definition paths they come from. */
export function poolLayoutsOf(spec: ClusterDefinitionSpec): PoolLayout[] {
  return [{ path: ['controlPlane'], role: 'controlplane', ...spec.controlPlane }, ...spec.workers.map((w, i): PoolLayout => ({ path: ['workers', i], role: 'worker', ...w }))];
}

/** Secrets in patch texts (inline or files): refused, since patches reach cdk.tf.json in clear text. */
function patchSecretProblems(source: string, entries: PatchLists, resolved: ResolvedPatches): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  for (const group of PATCH_GROUPS) {
    resolved[group].forEach((patch, i) => {
      const entry = entries[group][i];
      const file = typeof entry === 'object' && 'file' in entry ? `${JSON.stringify(entry.file)} ` : '';
      for (const s of findPatchSecrets(patch.text)) {
        problems.push({
          source,
          path: patchEntryPath(group, i, entry),
          message: `${file}has ${s.kind} at ${s.field}; ${PATCH_SECRET_FIX}`,
          example: `remove ${s.field.split(/[.: ]/).pop()} from the patch`,
        });
      }
    });
  }
  return problems;
}

/** The effective Talos configuration of each role the cluster runs, after its patches (effective-config.ts). */
function effectiveConfigProblems(spec: ClusterDefinitionSpec, nodes: readonly PlannedNode[], endpoint: string, versions: TalosVersions, patches: ResolvedPatches): PatchProblem[] {
  const entries = spec.patches;
  const rolePatches = (group: PatchGroup): RolePatch[] => patches[group].map((patch, index) => ({ group, index, entry: entries[group][index], patch }));
  const problems: PatchProblem[] = [];
  const seen = new Set<string>();
  for (const role of ['controlplane', 'worker'] as const) {
    const node = nodes.find((n) => n.role === role);
    // Workers without a worker pool exist only when Cluster API scales them.
    if (!node && !spec.clusterApi) continue;
    const list = [...rolePatches('common'), ...rolePatches(role === 'controlplane' ? 'controlPlane' : 'worker')];
    if (list.length === 0) continue;
    const found = checkRolePatches(
      {
        role,
        clusterName: spec.name,
        endpoint,
        contract: versions.contract,
        kubernetesVersion: versions.kubernetesVersion,
        installDisk: spec.talos.installDisk,
        vip: spec.network.vip !== undefined ? { address: spec.network.vip, link: spec.network.vipLink } : undefined,
        hostname: node?.name,
        providerId: node?.providerId,
      },
      list,
    );
    // A common patch breaking a rule for both roles is one problem.
    for (const { field, ...p } of found) {
      const k = `${p.path.join('.')}\u0000${field ?? p.message}`;
      if (!seen.has(k)) problems.push(p);
      seen.add(k);
    }
  }
  return problems;
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
  if (!patchProblems.length) problems.push(...patchSecretProblems(source, spec.patches, patches));
  const caFile = spec.proxmox.caFile !== undefined ? resolveUserPath(baseDir, spec.proxmox.caFile) : undefined;
  let caCertificates: string | undefined;
  if (caFile !== undefined) {
    try {
      const bundle = readCaBundle(caFile, readText(caFile));
      if ('problem' in bundle) problems.push({ source, path: ['proxmox', 'caFile'], message: bundle.problem, example: CA_FILE_EXAMPLE });
      else caCertificates = bundle.certificates;
    } catch (err) {
      if (err instanceof UnreadableFileError && err.code !== 'ENOENT') {
        problems.push({
          source,
          path: ['proxmox', 'caFile'],
          message: `${JSON.stringify(spec.proxmox.caFile)} (${caFile}) ${err.reason}${err.aboutPath ? '; paths are relative to the definition file' : ''}`,
          example: `caFile: certs/pve-root-ca.pem (${err.fix})`,
        });
      } else
        problems.push({
          source,
          path: ['proxmox', 'caFile'],
          message: `${JSON.stringify(spec.proxmox.caFile)} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}: ${caFile}); paths are relative to the definition file`,
          example: 'caFile: certs/pve-root-ca.pem',
        });
    }
  }
  const management = spec.clusterApi?.management;
  const paths: DefinitionPaths = {
    caFile,
    managementKubeconfig: management?.kind === 'existing' && management.kubeconfig !== undefined ? resolveUserPath(baseDir, management.kubeconfig) : undefined,
    kubeconfigOutput: spec.outputs.kubeconfig !== undefined ? resolveUserPath(baseDir, spec.outputs.kubeconfig) : undefined,
    talosconfigOutput: spec.outputs.talosconfig !== undefined ? resolveUserPath(baseDir, spec.outputs.talosconfig) : undefined,
  };
  // Where the credential files go, before anything could write them (outputs.ts).
  const appDir = options.appDir ?? appDirOf(options.file, baseDir);
  const outputProblems = checkOutputFiles({ name: spec.name, file: options.file, appDir, allowOutsideApp: spec.outputs.allowOutsideApp === true, paths, patches });
  problems.push(...outputProblems.map((p) => ({ source, ...p })));
  if (problems.length) return { problems };

  const versions = resolveVersions(spec.talos.version, spec.kubernetes.version);
  const base = {
    name: spec.name,
    source,
    file: options.file,
    baseDir,
    spec,
    versions,
    patches,
    proxmoxCaCertificates: caCertificates,
    paths,
    capiNamespace: spec.clusterApi ? (spec.clusterApi.namespace ?? spec.name) : undefined,
  };
  // The one plan, from the same mapping the Proxmox stage takes (to-stack-props.ts). The schema's
  // cross-field rules have checked what it checks, so a refusal here is a rule they lack.
  let plan: ClusterPlan;
  try {
    plan = planProxmoxCluster(toProxmoxClusterSpec(base), source);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    // The plan names its own fields (the Proxmox spec's): each issue keeps them in its message.
    return { problems: err.issues.map((i) => ({ source, path: [], message: `${formatFieldPath(i.path)} ${i.problem}`, example: i.fix ?? README_HINT })) };
  }
  const configProblems = effectiveConfigProblems(spec, plan.nodes, plan.clusterEndpoint, versions, patches);
  if (configProblems.length) return { problems: configProblems.map((p) => ({ source, ...p })) };
  return { problems: [], definition: { ...base, plan } };
}

/** Validates raw definition data. @throws ClusterDefinitionError with every problem */
export function parseClusterDefinition(raw: unknown, options: ParseOptions = {}): ClusterDefinition {
  const { definition, problems } = checkClusterDefinition(raw, options);
  if (!definition) throw new ClusterDefinitionError(problems);
  return definition;
}
