/**
 * The app's stacks from cluster definitions. Per cluster `<name>`:
 *   `<name>-proxmox`  network, image, node VMs (ProxmoxInfraStack)
 *   `<name>-talos`    secrets, machine configurations, bring-up, kubeconfig (after -proxmox)
 *   `<name>-capi`     Cluster API components and adoption (after -talos; only with clusterApi), on
 *                     the management cluster: a kubeconfig file, the lab's, or the kubeconfig of a
 *                     Talos stage of this app (`<other>-talos` for kind cluster, its own for self)
 * Later stages read earlier ones through cross-stack references, so `cdktf deploy '*'` runs them
 * in this order and `cdktf destroy '*'` in reverse.
 */
import * as path from 'node:path';
import type { Construct } from 'constructs';
import { applyBackend, applyCloudWorkspace, cloudWorkspaceName, LOCAL_BACKEND } from './backend';
import { readAppEnvironment, type AppEnvironment } from './app-environment';
import { CapiStack, type CapiStackProps, type ManagementClusterAccess } from './capi-stack';
import type { TerraformStack } from './cdk';
import type { clusterAdoption } from '../providers/bindings/capi';
import type { CapiComponentsSettings } from './constructs/capi/capi-cluster-adoption';
import { ClusterDefinitionError, labDefaultDefinition, loadClusterDefinitions, toProxmoxClusterSpec, toTalosConfigStackProps, type ClusterDefinition, type DefinitionProblem } from './definition';
import { talosTemplateTag } from './plan/template-plan';
import { nodeVmTags } from './plan/cluster-plan';
import { roleSettingsPatch } from '../providers/machinery/config';
import { ProxmoxInfraStack } from './proxmox-infra-stack';
import { checkProxmoxCredentials } from './credential-preflight';
import { TalosConfigStack, type TalosBootstrapSettings } from './talos-config-stack';

/**
 * The definitions in `<rootDir>/clusters`, or the lab default (pointed at the running lab).
 * @throws ClusterDefinitionError listing every problem
 */
export function loadAppDefinitions(environment: AppEnvironment = readAppEnvironment()): ClusterDefinition[] {
  const defs = loadClusterDefinitions('clusters', { cwd: environment.rootDir, fallback: () => labDefaultDefinition(environment.lab) });
  const problems = defs.flatMap((def) => managementEnvProblems(def, environment));
  if (problems.length) throw new ClusterDefinitionError(problems);
  return defs;
}

/** The environment variable a definition names for its management kubeconfig, when unset (checked before synth). */
function managementEnvProblems(def: ClusterDefinition, environment: AppEnvironment): DefinitionProblem[] {
  const m = def.spec.clusterApi?.management;
  if (m?.kind !== 'existing' || def.paths.managementKubeconfig || m.kubeconfigEnv === undefined) return [];
  const name = m.kubeconfigEnv;
  if (environment.variables[name]) return [];
  return [
    {
      source: def.source,
      path: ['clusterApi', 'management', 'kubeconfigEnv'],
      message: `names the environment variable ${name}, which is ${name in environment.variables ? 'empty' : 'not set'}; it must hold the path of the management cluster's kubeconfig`,
      example: `export ${name}=/path/to/management.kubeconfig (or set clusterApi.management.kubeconfig: ~/.kube/management.yaml instead)`,
    },
  ];
}

export interface BuildAppOptions {
  /** The environment, read once (the credentials the definitions name are looked up in it at synth). @default readAppEnvironment() */
  readonly environment?: AppEnvironment;
  /** Talos bring-up settings; `false` stops after the configurations (and leaves Cluster API out). @default bring-up with its defaults */
  readonly bootstrap?: TalosBootstrapSettings | false;
  /** How the Cluster API components are installed. @default each setting's default */
  readonly capiComponents?: CapiComponentsSettings;
  /** Adoption watch in seconds (0 skips it). @default the environment's, else 600 */
  readonly adoptionTimeoutSeconds?: number;
  /** Where synth-time warnings go. @default stderr */
  readonly warn?: (message: string) => void;
}

export interface ClusterStacks {
  readonly definition: ClusterDefinition;
  readonly proxmox: ProxmoxInfraStack;
  readonly talos: TalosConfigStack;
  readonly capi?: CapiStack;
}

/** The management cluster a definition names outside the app (existing or lab), as a kubeconfig path (checked at synth, never read). */
export function managementKubeconfigPath(def: ClusterDefinition, environment: AppEnvironment): string {
  const m = def.spec.clusterApi?.management;
  if (!m) throw new Error(`${def.source}: clusterApi: not set`);
  if (m.kind === 'cluster' || m.kind === 'self') throw new Error(`${def.source}: clusterApi.management: kind ${m.kind} is reached through a Talos stage's kubeconfig, not a file`);
  if (m.kind === 'lab') return environment.labManagementKubeconfig;
  if (def.paths.managementKubeconfig) return def.paths.managementKubeconfig;
  const unset = managementEnvProblems(def, environment);
  if (unset.length) throw new ClusterDefinitionError(unset);
  return path.resolve(environment.rootDir, environment.variables[m.kubeconfigEnv as string] as string);
}

/** One stage's backend, set once: PTC_BACKEND's (CI), else the definition's (local, or its named workspace). */
function applyDefinitionBackend(stack: TerraformStack, def: ClusterDefinition, environment: AppEnvironment): void {
  const b = def.spec.backend;
  if (environment.backendOverride || b.kind !== 'cloud') {
    applyBackend(stack, environment.backendOverride ?? LOCAL_BACKEND);
    return;
  }
  // The definition's workspaces are `<workspacePrefix><cluster>-<stage>`: the prefix as written.
  applyCloudWorkspace(stack, { organization: b.organization, hostname: b.hostname, project: b.project, workspace: cloudWorkspaceName(b.workspacePrefix, stack.node.id, '') });
}

/** Where the VMs' NIC attaches: the bridge, or the SDN VNet. */
function nicAttachment(def: ClusterDefinition): { bridge: string; vlan?: number } {
  const a = def.spec.network.attachment;
  if (a.kind === 'sdn') return { bridge: a.vnetId };
  if (a.kind === 'bridge') return { bridge: a.bridge, vlan: a.vlanId };
  return { bridge: a.bridge };
}

/**
 * What Cluster API clones new machines from: the cluster's Talos template VM (found by its tag)
 * with the pool sizes of the definition. Workers take the first worker pool's sizes.
 */
function machineTemplates(def: ClusterDefinition): CapiStackProps['machineTemplates'] {
  const nic = nicAttachment(def);
  const base = { templateTag: talosTemplateTag(def.name), ...nic, storage: def.spec.proxmox.vmDatastore, pool: def.name };
  const cp = def.spec.controlPlane;
  const w = def.spec.workers[0] ?? cp;
  // New VMs carry the tags the planned nodes of their role carry.
  const tagsOf = (role: 'controlplane' | 'worker'): readonly string[] => def.plan.nodes.find((n) => n.role === role)?.tags ?? nodeVmTags(def.name, role, def.spec.tags);
  return {
    controlPlane: { ...base, vmTags: tagsOf('controlplane'), cores: cp.cores, memoryMiB: cp.memoryMiB, diskGiB: cp.diskGiB },
    worker: { ...base, vmTags: tagsOf('worker'), cores: w.cores, memoryMiB: w.memoryMiB, diskGiB: w.diskGiB },
  };
}

/**
 * The Talos patches of the machines Cluster API creates: per role, the settings the Talos stage
 * gives its nodes (install disk and image, VIP on control planes, the role's node labels), then the
 * definition's patches, in the order the Talos stage applies them.
 */
function capiPatches(def: ClusterDefinition): CapiStackProps['patches'] {
  // The same mapping the Talos stage is built from, so both get one answer.
  const talos = toTalosConfigStackProps(def);
  const labelsOf = (role: 'controlplane' | 'worker') => def.plan.nodes.find((n) => n.role === role)?.labels;
  return {
    common: [...(talos.configPatches ?? [])],
    controlPlane: [roleSettingsPatch({ machineType: 'controlplane', installDisk: talos.installDisk, vip: talos.vip, nodeLabels: labelsOf('controlplane') }), ...(talos.controlPlanePatches ?? [])],
    worker: [roleSettingsPatch({ machineType: 'worker', installDisk: talos.installDisk, nodeLabels: labelsOf('worker') }), ...(talos.workerPatches ?? [])],
  };
}

function buildCluster(app: Construct, def: ClusterDefinition, options: BuildAppOptions, environment: AppEnvironment): ClusterStacks {
  const proxmox = new ProxmoxInfraStack(app, `${def.name}-proxmox`, toProxmoxClusterSpec(def));
  applyDefinitionBackend(proxmox, def, environment);

  // Both stages take their slice of the definition's one plan.
  const bootstrap = options.bootstrap === false ? undefined : (options.bootstrap ?? {});
  const talos = new TalosConfigStack(app, `${def.name}-talos`, { ...toTalosConfigStackProps(def), bootstrap, writeOnly: environment.writeOnly });
  talos.addDependency(proxmox);
  applyDefinitionBackend(talos, def, environment);
  return { definition: def, proxmox, talos };
}

/**
 * How the capi stage reaches its management cluster: a kubeconfig file outside the app, or the
 * kubeconfig output of a Talos stage of the app (its own for `self`) as a sensitive cross-stack
 * reference; then that Talos stage is a dependency, so it is deployed before and destroyed after.
 */
function managementAccess(cluster: ClusterStacks, all: ReadonlyMap<string, ClusterStacks>, environment: AppEnvironment): { access: ManagementClusterAccess; talos?: TalosConfigStack } {
  const def = cluster.definition;
  const m = def.spec.clusterApi?.management;
  if (m?.kind !== 'cluster' && m?.kind !== 'self') {
    return { access: { kubeconfigPath: managementKubeconfigPath(def, environment), context: m?.kind === 'existing' ? m.context : undefined } };
  }
  const target = m.kind === 'self' ? cluster : all.get(m.name);
  // loadClusterDefinitions reports these with the fix; definitions built by hand may still get here.
  if (!target) throw new Error(`${def.source}: clusterApi.management.name: "${(m as { name: string }).name}" is not a cluster of this app`);
  const kubeconfig = target.talos.cluster?.kubeconfig.kubeconfigRaw;
  if (!kubeconfig) throw new Error(`${def.source}: clusterApi.management: cluster "${target.definition.name}" is not brought up (bootstrap is off), so it has no kubeconfig`);
  return { access: { kubeconfig }, talos: target.talos };
}

function buildCapi(app: Construct, cluster: ClusterStacks, all: ReadonlyMap<string, ClusterStacks>, options: BuildAppOptions, environment: AppEnvironment): ClusterStacks {
  const { definition: def, proxmox, talos } = cluster;
  const api = def.spec.clusterApi;
  if (!api || !talos.cluster) return cluster;
  const management = managementAccess(cluster, all, environment);
  const capi = new CapiStack(app, `${def.name}-capi`, {
    clusterName: def.name,
    namespace: def.capiNamespace ?? def.name,
    management: management.access,
    proxmoxUrl: def.spec.proxmox.endpoint,
    // CAPMOX takes only API tokens: the definition check refuses clusterApi with username/password.
    proxmoxTokenEnv: def.spec.proxmox.credentials.apiTokenEnv as string,
    proxmoxTokenEnvOrigin: `${def.source}: proxmox.credentials.apiTokenEnv`,
    // Only the CA file's certificates (public); the loader refuses a file holding a key.
    proxmoxTls: { insecure: def.spec.proxmox.insecure, rootCaPem: def.proxmoxCaCertificates },
    components: { overridesDir: environment.capiOverridesDir, ...options.capiComponents },
    // Cross-stack references: the Talos stage's state holds them (sensitive); the JSON only names them.
    machineSecrets: talos.secrets.secrets.machineSecrets as unknown as clusterAdoption.ClusterAdoptionMachineSecrets,
    talosconfig: talos.machineConfigs.clientConfiguration.talosConfig,
    workloadKubeconfig: talos.cluster.kubeconfig.kubeconfigRaw,
    controlPlaneEndpointHost: new URL(def.plan.clusterEndpoint).hostname,
    talosVersion: def.versions.release,
    kubernetesVersion: def.versions.kubernetesVersion,
    nodes: def.plan.nodes,
    network: { cidr: def.spec.network.cidr, gateway: def.spec.network.gateway, dnsServers: def.spec.network.dnsServers, newNodeAddresses: api.nodeAddresses },
    patches: capiPatches(def),
    onDestroy: api.onDestroy,
    replicas: api.replicas,
    adoptionTimeoutSeconds: options.adoptionTimeoutSeconds ?? environment.adoptionTimeoutSeconds,
    // Clones go only where the template's disks can be copied to (its node, or all with shared storage).
    allowedProxmoxNodes: proxmox.capiTemplate?.cloneNodes ?? def.spec.proxmox.nodes,
    machineTemplates: machineTemplates(def),
  });
  capi.addDependency(talos);
  capi.addDependency(proxmox);
  if (management.talos && management.talos !== talos) capi.addDependency(management.talos);
  applyDefinitionBackend(capi, def, environment);
  return { ...cluster, capi };
}

/**
 * Adds every cluster's stacks to `app`: the Proxmox and Talos stages of all clusters first, then
 * the capi stages, which may reference another cluster's Talos stage (management kind `cluster`).
 * Definitions are already validated (loadClusterDefinitions); the credentials they name are
 * checked against the environment's variables (@throws ClusterDefinitionError for a malformed token).
 */
export function buildApp(app: Construct, definitions: readonly ClusterDefinition[], options: BuildAppOptions = {}): ClusterStacks[] {
  // Credentials the synth environment has are checked now; the providers check them again at plan.
  const environment = options.environment ?? readAppEnvironment();
  const preflight = checkProxmoxCredentials(definitions, environment.variables);
  if (preflight.problems.length) throw new ClusterDefinitionError(preflight.problems);
  const warn = options.warn ?? ((m: string) => process.stderr.write(`warning: ${m}\n`));
  for (const w of preflight.warnings) warn(w);
  const clusters = definitions.map((def) => buildCluster(app, def, options, environment));
  const byName = new Map(clusters.map((c) => [c.definition.name, c]));
  return clusters.map((c) => buildCapi(app, c, byName, options, environment));
}
