/**
 * A ClusterDefinition in the shapes the stacks take: the Proxmox infrastructure spec, the Talos
 * stage props, and Terraform Cloud workspace names. Pure mappings: the definition is already valid.
 */
import type { ProxmoxInfraStackProps } from '../proxmox-infra-stack';
import type { TalosConfigStackProps } from '../talos-config-stack';
import type { ClusterDefinition } from './definition';
import { cloudControllerPatches, type CloudControllerPatches } from '../../providers/machinery/config';
import type { ProxmoxCredentialNames } from '../plan/cluster-spec';
import type { ClusterPlan } from '../plan/cluster-plan';

/** The credential variable names the definition gives (the schema guarantees one complete method). */
export function credentialNames(def: Pick<ClusterDefinition, 'spec'>): ProxmoxCredentialNames {
  const c = def.spec.proxmox.credentials;
  if (c.apiTokenEnv !== undefined) return { apiTokenEnv: c.apiTokenEnv };
  return { usernameEnv: c.usernameEnv as string, passwordEnv: c.passwordEnv as string };
}

/** What the Proxmox stage's spec is made of: a definition, or one being built (definition.ts plans from it). */
type ProxmoxSource = Pick<ClusterDefinition, 'spec' | 'source' | 'proxmoxCaCertificates' | 'paths' | 'versions'>;

/** The Proxmox stage, with who owns the node VMs when Cluster API adopts the cluster; with the plan when the definition has one. */
export function toProxmoxClusterSpec(def: ProxmoxSource & { readonly plan?: ClusterPlan }): ProxmoxInfraStackProps {
  const s = def.spec;
  const pool = (p: (typeof s.workers)[number] | typeof s.controlPlane, role: 'controlplane' | 'worker') => ({
    name: p.name,
    role,
    count: p.count,
    cores: p.cores,
    memoryMiB: p.memoryMiB,
    diskGiB: p.diskGiB,
    firstIp: p.firstIp,
    ips: p.ips,
    proxmoxNodes: p.proxmoxNodes,
    vmidBase: p.vmidBase,
    tags: p.tags,
    labels: p.labels,
  });
  return {
    clusterName: s.name,
    proxmox: {
      endpoint: s.proxmox.endpoint,
      credentials: credentialNames(def),
      credentialsOrigin: def.source,
      insecure: s.proxmox.insecure,
      caPem: def.proxmoxCaCertificates,
      caFile: def.paths.caFile,
      nodes: s.proxmox.nodes,
      datastores: s.proxmox.datastores,
      imageDatastore: s.proxmox.imageDatastore,
      vmDatastore: s.proxmox.vmDatastore,
    },
    talos: {
      version: def.versions.release,
      extensions: s.talos.extensions,
      extraKernelArgs: s.talos.extraKernelArgs,
      schematicId: s.talos.schematicId,
      factoryUrl: s.talos.factoryUrl,
      installerRegistry: s.talos.installerRegistry,
      format: s.talos.imageFormat,
    },
    network: {
      cidr: s.network.cidr,
      gateway: s.network.gateway,
      dnsServers: s.network.dnsServers,
      searchDomain: s.network.searchDomain,
      vip: s.network.vip,
      attachment: s.network.attachment,
    },
    nodePools: [pool(s.controlPlane, 'controlplane'), ...s.workers.map((w) => pool(w, 'worker'))],
    vmidBase: s.vmidBase,
    firewall: s.firewall,
    tags: s.tags,
    // Cluster API clones new machines from a Talos template VM the Proxmox stage builds.
    capiTemplate: s.clusterApi ? {} : undefined,
    clusterApi: s.clusterApi ? { owner: s.clusterApi.machineOwner, importMachines: s.clusterApi.importMachines } : undefined,
    plan: def.plan,
  };
}

export function talosNodes(def: ClusterDefinition): TalosConfigStackProps['nodes'][number][] {
  return def.plan.nodes.map((n) => ({
    name: n.name,
    role: n.role,
    address: n.ip,
    providerId: n.providerId,
    labels: Object.keys(n.labels).length ? n.labels : undefined,
  }));
}

/**
 * The cloud controller's settings as Talos patches, ahead of the definition's own (which may
 * override them): on with Cluster API unless `clusterApi.cloudController.enabled: false`.
 */
function cloudControllerPatchesOf(def: ClusterDefinition): CloudControllerPatches | undefined {
  const ccm = def.spec.clusterApi?.cloudController;
  if (!def.spec.clusterApi || ccm?.enabled === false) return undefined;
  return cloudControllerPatches({ manifests: ccm?.manifests });
}

/** The Talos stage (configuration only; add `bootstrap` to bring the nodes up). */
export function toTalosConfigStackProps(def: ClusterDefinition): TalosConfigStackProps {
  const s = def.spec;
  const ccm = cloudControllerPatchesOf(def);
  const texts = (group: keyof ClusterDefinition['patches']) => def.patches[group].map((p) => p.text);
  return {
    clusterName: s.name,
    clusterEndpoint: def.plan.clusterEndpoint,
    talosVersion: def.versions.contract,
    kubernetesVersion: def.versions.kubernetesVersion,
    nodes: talosNodes(def),
    configPatches: [...(ccm ? [ccm.common] : []), ...texts('common')],
    controlPlanePatches: [...(ccm ? [ccm.controlPlane] : []), ...texts('controlPlane')],
    workerPatches: texts('worker'),
    installDisk: s.talos.installDisk,
    vip: s.network.vip !== undefined ? { address: s.network.vip, link: s.network.vipLink } : undefined,
    machineOwner: s.clusterApi?.machineOwner,
    // Absolute (resolved against the definition's directory): Terraform runs in the stack's directory.
    outputs: { kubeconfig: def.paths.kubeconfigOutput, talosconfig: def.paths.talosconfigOutput, ...(s.outputs.adoptExisting ? { adoptExisting: true } : {}) },
  };
}
