/**
 * The Proxmox side of a Talos cluster: the bpg/proxmox provider, a resource pool, the cluster
 * network, the Talos nocloud image on every Proxmox node that needs it, one VM per node and the
 * per-VM firewall. Every per-node identity (VMID, IP, SMBIOS UUID, providerID) is planned at synth
 * and exposed for the Talos configuration stage.
 *
 * Credentials never enter the synthesized JSON: the provider block takes them from an ephemeral
 * `talos_proxmox_credentials`, which reads exactly the environment variables the spec names (no
 * fallback to another cluster's or a default variable) and checks the token format and the CA.
 */
import type { Construct } from 'constructs';
import { provider, virtualEnvironmentPool } from '../providers/bindings/proxmox';
import { LocalBackend, TerraformOutput, TerraformStack } from './cdk';
import { localStatePath } from './backend';
import { planProxmoxCluster, type ClusterPlan, type PlannedNode } from './plan/cluster-plan';
import type { ProxmoxClusterSpec } from './plan/cluster-spec';
import { ProxmoxNetwork } from './constructs/proxmox/proxmox-network';
import { TalosClusterFirewall } from './constructs/proxmox/talos-cluster-firewall';
import { TalosImage } from './constructs/proxmox/talos-image';
import { TalosNodeVm } from './constructs/proxmox/talos-node-vm';
import { TalosTemplateVm } from './constructs/proxmox/talos-template-vm';
import { planTalosTemplate, type TalosTemplatePlan } from './plan/template-plan';
import { nodeMacAddress } from './plan/node-identity';
import { applyNodeVmOwnership } from './constructs/proxmox/node-vm-ownership';
import { ProxmoxEnvCredentials } from './constructs/proxmox/proxmox-env-credentials';
import type { MachineOwnership } from './plan/machine-ownership';
import type { TalosNode } from './constructs/talos-machine-configs';

export type ProxmoxInfraStackProps = ProxmoxClusterSpec & {
  /**
   * Set when Cluster API adopts the cluster: who owns the node VMs (node-vm-ownership.ts). The
   * node data below stays the same either way, so later stages see no change. @default Terraform alone owns them
   */
  readonly clusterApi?: MachineOwnership;
  /**
   * The plan of these props, when the caller has computed it already (a cluster definition has):
   * the cluster is then planned once and every stage shares it. @default planned from these props
   */
  readonly plan?: ClusterPlan;
};

/** What the Talos configuration stage needs to know about one node VM. */
export type ProxmoxClusterNode = Pick<PlannedNode, 'name' | 'role' | 'vmid' | 'proxmoxNode' | 'ip' | 'smbiosUuid' | 'providerId'>;

export class ProxmoxInfraStack extends TerraformStack {
  readonly plan: ClusterPlan;
  readonly nodes: readonly ProxmoxClusterNode[];
  /** `https://<vip or first control plane>:6443` */
  readonly clusterEndpoint: string;
  /** Talos Layer 2 VIP, when the spec has one. */
  readonly vip?: string;
  readonly schematicId: string;
  /** Installer image with the same schematic as the boot image (for `machine.install.image`). */
  readonly installerImage: string;
  readonly network: ProxmoxNetwork;
  readonly image: TalosImage;
  /** The node VMs Terraform manages (none while Cluster API owns them). */
  readonly vms: ReadonlyMap<string, TalosNodeVm>;
  /** The Talos template VM Cluster API clones new machines from (only with `capiTemplate`). */
  readonly capiTemplate?: TalosTemplatePlan;
  readonly templateVm?: TalosTemplateVm;

  constructor(scope: Construct, id: string, props: ProxmoxInfraStackProps) {
    super(scope, id);
    const plan = props.plan ?? planProxmoxCluster(props, id);
    this.plan = plan;
    // Relative, so the synthesized JSON does not depend on where it was synthesized.
    new LocalBackend(this, { path: localStatePath(id) });

    const credentials = new ProxmoxEnvCredentials(this, 'proxmox-credentials', {
      endpoint: props.proxmox.endpoint,
      credentials: props.proxmox.credentials,
      origin: props.proxmox.credentialsOrigin,
      caPem: props.proxmox.caPem,
      caFile: props.proxmox.caFile,
      insecure: props.proxmox.insecure,
    });
    new provider.ProxmoxProvider(this, 'proxmox', {
      endpoint: props.proxmox.endpoint,
      insecure: props.proxmox.insecure ?? false,
      apiToken: credentials.apiToken,
      username: credentials.username,
      password: credentials.password,
    });

    const pool = new virtualEnvironmentPool.VirtualEnvironmentPool(this, 'pool', {
      poolId: props.clusterName,
      comment: `Talos cluster ${props.clusterName}`,
    });
    this.network = new ProxmoxNetwork(this, 'network', {
      clusterName: props.clusterName,
      proxmoxNodes: props.proxmox.nodes,
      cidr: props.network.cidr,
      gateway: props.network.gateway,
      attachment: props.network.attachment,
    });
    this.image = new TalosImage(this, 'talos-image', {
      talosVersion: props.talos.version,
      extensions: props.talos.extensions,
      extraKernelArgs: props.talos.extraKernelArgs,
      schematicId: props.talos.schematicId,
      factoryUrl: props.talos.factoryUrl,
      installerRegistry: props.talos.installerRegistry,
      format: props.talos.format,
      datastoreId: plan.imageDatastore,
      proxmoxNodes: plan.usedProxmoxNodes,
      shared: plan.imageDatastoreShared,
      fileNamePrefix: `talos-${props.clusterName}`,
    });

    const firewallOn = props.firewall?.enabled ?? true;
    const vms = new Map<string, TalosNodeVm>();
    for (const n of plan.nodes) {
      vms.set(
        n.name,
        new TalosNodeVm(this, n.name, {
          name: n.name,
          role: n.role,
          vmid: n.vmid,
          proxmoxNode: n.proxmoxNode,
          cores: n.cores,
          memoryMiB: n.memoryMiB,
          diskGiB: n.diskGiB,
          datastoreId: plan.vmDatastore,
          imageFileId: this.image.fileIdFor(n.proxmoxNode),
          bridge: this.network.bridgeFor(n.proxmoxNode),
          vlanId: this.network.nicVlanId,
          macAddress: n.macAddress,
          ip: n.ip,
          prefixLength: n.prefixLength,
          gateway: props.network.gateway,
          dnsServers: props.network.dnsServers,
          searchDomain: props.network.searchDomain,
          smbiosUuid: n.smbiosUuid,
          tags: n.tags,
          poolId: pool.poolId,
          firewall: firewallOn,
          dependsOn: this.network.dependables,
        }),
      );
    }
    const firewall = firewallOn
      ? new TalosClusterFirewall(this, 'firewall', {
          clusterCidr: props.network.cidr,
          managementCidrs: props.firewall?.managementCidrs,
          enableDatacenterFirewall: props.firewall?.enableDatacenterFirewall,
          nodes: plan.nodes.map((n) => ({ name: n.name, role: n.role, proxmoxNode: n.proxmoxNode, ip: n.ip, vmId: (vms.get(n.name) as TalosNodeVm).vm.vmId })),
        })
      : undefined;
    if (props.clusterApi) {
      applyNodeVmOwnership(
        props.clusterApi,
        plan.nodes.map((n) => ({ name: n.name, vmid: n.vmid, proxmoxNode: n.proxmoxNode, vm: vms.get(n.name) as TalosNodeVm })),
        firewall,
      );
    }
    this.vms = props.clusterApi?.owner === 'clusterApi' ? new Map() : vms;

    this.nodes = plan.nodes.map(({ name, role, vmid, proxmoxNode, ip, smbiosUuid, providerId }) => ({ name, role, vmid, proxmoxNode, ip, smbiosUuid, providerId }));
    this.clusterEndpoint = plan.clusterEndpoint;
    this.vip = props.network.vip;
    this.schematicId = this.image.schematicId;
    this.installerImage = this.image.installerImage;

    if (props.capiTemplate) {
      const t = planTalosTemplate(props, plan, id);
      this.capiTemplate = t;
      this.templateVm = new TalosTemplateVm(this, 'talos-template', {
        name: t.name,
        vmid: t.vmid,
        proxmoxNode: t.proxmoxNode,
        tag: t.tag,
        cores: t.cores,
        memoryMiB: t.memoryMiB,
        diskGiB: t.diskGiB,
        datastoreId: plan.vmDatastore,
        imageFileId: this.image.fileIdFor(t.proxmoxNode),
        bridge: this.network.bridgeFor(t.proxmoxNode),
        vlanId: this.network.nicVlanId,
        macAddress: nodeMacAddress(props.clusterName, t.name, new Set(plan.nodes.map((n) => n.macAddress))),
        poolId: pool.poolId,
        description: `Talos ${props.talos.version} template Cluster API clones ${props.clusterName} machines from (found by its tag ${t.tag})`,
        dependsOn: this.network.dependables,
      });
      new TerraformOutput(this, 'capi_template', {
        value: { vmid: t.vmid, proxmox_node: t.proxmoxNode, tag: t.tag, clone_nodes: t.cloneNodes },
        staticId: true,
        description: 'the Talos template VM Cluster API clones: VMID, Proxmox node, tag, nodes clones can be placed on',
      });
    }
    new TerraformOutput(this, 'nodes', { value: this.nodes, staticId: true, description: 'node VMs: name, role, vmid, proxmoxNode, ip, smbiosUuid, providerId' });
    new TerraformOutput(this, 'cluster_endpoint', { value: this.clusterEndpoint, staticId: true });
    new TerraformOutput(this, 'talos_schematic_id', { value: this.schematicId, staticId: true });
    new TerraformOutput(this, 'talos_installer_image', { value: this.installerImage, staticId: true });
  }

  /** The nodes in the shape TalosConfigStack / TalosMachineConfigs take. */
  talosNodes(): TalosNode[] {
    return this.nodes.map((n) => ({ name: n.name, role: n.role, address: n.ip, providerId: n.providerId }));
  }
}
