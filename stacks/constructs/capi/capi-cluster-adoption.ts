/**
 * Cluster API for one Talos cluster on a management cluster: the components (clusterctl init)
 * and the adoption of the running cluster. The adoption depends on the components (its preflight
 * needs their CRDs Established), so destroy removes the adoption first.
 */
import { Construct } from 'constructs';
import { clusterAdoption, components } from '../../../providers/bindings/capi';
import { adoptionNetwork, adoptionNodes, kubernetesVersionTag, type AdoptedNodeFacts, type AdoptionNetworkInput } from './adoption-inputs';
import { fieldError } from '../../../providers/kernel/validation';

export type CapiOnDestroy = 'detach' | 'delete';

export interface CapiComponentsSettings {
  /** clusterctl overrides layout `<dir>/<provider-label>/<version>/<file>` (offline installs). @default downloads from the release URLs */
  readonly overridesDir?: string;
  /** `auto` (probe, install when missing) or `external`. @default 'auto' */
  readonly certManager?: 'auto' | 'external';
  /** Go duration per wait. @default 5m */
  readonly waitTimeout?: string;
}

export interface CapiClusterAdoptionProps {
  readonly clusterName: string;
  readonly namespace: string;
  /**
   * CAPMOX's Proxmox API URL and the NAME of the environment variable holding its token
   * (`user@realm!tokenid=secret`), which the capi provider reads where Terraform runs; the value
   * is never in the configuration. The token goes only into this cluster's credentialsRef Secret,
   * never into the manager-wide credentials another cluster's machines would use.
   * TLS is verified unless `insecure` is true (CAPMOX itself skips verification when unset, so it is
   * always written); `rootCaPem` adds the PVE CA for a self-signed API certificate.
   */
  readonly proxmox: { readonly url: string; readonly tokenEnv: string; readonly tokenEnvOrigin?: string; readonly insecure?: boolean; readonly rootCaPem?: string };
  /** How the Cluster API components are installed. @default every setting's own default */
  readonly components?: CapiComponentsSettings;
  /** talos_machine_secrets.machine_secrets of the Talos stage (a reference). */
  readonly machineSecrets: clusterAdoption.ClusterAdoptionMachineSecrets;
  readonly talosconfig: string;
  readonly workloadKubeconfig: string;
  readonly controlPlaneEndpointHost: string;
  /** Talos release the nodes run, e.g. v1.13.9. */
  readonly talosVersion: string;
  /** e.g. 1.36.3 */
  readonly kubernetesVersion: string;
  readonly nodes: readonly AdoptedNodeFacts[];
  readonly network: AdoptionNetworkInput;
  /** Talos patches for the machines Cluster API makes, as for the adopted ones. @default none */
  readonly patches?: { readonly common: readonly string[]; readonly controlPlane: readonly string[]; readonly worker: readonly string[] };
  readonly onDestroy: CapiOnDestroy;
  /**
   * TalosControlPlane / MachineDeployment replicas once adopted (scaling is Cluster API's from then
   * on). @default the adopted counts, which adoption itself requires
   */
  readonly replicas?: { readonly controlPlane?: number; readonly workers?: number };
  /** How long to watch for every adopted Machine's nodeRef; 0 skips the watch. @default 600 */
  readonly adoptionTimeoutSeconds?: number;
  /** Proxmox nodes CAPMOX may place new VMs on. */
  readonly allowedProxmoxNodes: readonly string[];
  /** What new machines of each role are cloned from and sized as. */
  readonly machineTemplates: { readonly controlPlane: MachineTemplateSettings; readonly worker: MachineTemplateSettings };
}

/**
 * A CAPMOX machine template: the Talos template VM is found by its tag, so it can be (re)built
 * without changing the cluster's objects.
 */
export interface MachineTemplateSettings {
  readonly templateTag: string;
  /**
   * Tags of the new VMs (CAPMOX adds them to the clone's). They must include one the template VM
   * lacks: CAPMOX v0.9 starts a clone only after a config change, so a clone identical to its
   * template would be reported ready without ever being started.
   */
  readonly vmTags: readonly string[];
  readonly cores: number;
  readonly memoryMiB: number;
  readonly diskGiB: number;
  readonly bridge: string;
  /** VLAN tag of the clone's NIC. @default untagged */
  readonly vlan?: number;
  /** Datastore for the clone's disks. @default the template's */
  readonly storage?: string;
  /** Resource pool the clone joins. @default none */
  readonly pool?: string;
}

function machineTemplate(t: MachineTemplateSettings) {
  return {
    templateTags: [t.templateTag],
    tags: [...t.vmTags],
    cores: t.cores,
    memoryMib: t.memoryMiB,
    bootDisk: 'scsi0',
    bootDiskSizeGb: t.diskGiB,
    bridge: t.bridge,
    vlan: t.vlan,
    storage: t.storage,
    pool: t.pool,
  };
}

export class CapiClusterAdoption extends Construct {
  readonly components: components.Components;
  readonly adoption: clusterAdoption.ClusterAdoption;

  constructor(scope: Construct, id: string, props: CapiClusterAdoptionProps) {
    super(scope, id);
    const where = this.node.path;
    if (props.onDestroy !== 'detach' && props.onDestroy !== 'delete') throw fieldError(where, 'onDestroy', `"${String(props.onDestroy)}" must be detach or delete`);
    if (!/^v\d+\.\d+\.\d+$/.test(props.talosVersion)) throw fieldError(where, 'talosVersion', `"${props.talosVersion}" must be an exact Talos release such as v1.13.9`);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(props.proxmox.tokenEnv))
      throw fieldError(where, 'proxmox.tokenEnv', `"${props.proxmox.tokenEnv}" must be an environment variable name (e.g. PROXMOX_VE_API_TOKEN), never the token`);
    const nodes = adoptionNodes(where, props.nodes);
    for (const [role, t] of Object.entries(props.machineTemplates)) {
      if (!t.vmTags.some((tag) => tag !== t.templateTag)) {
        throw new Error(
          `${where}: machineTemplates.${role}.vmTags ${JSON.stringify(t.vmTags)} must add a tag the template VM (tag "${t.templateTag}") lacks: CAPMOX starts a clone only after changing its config; use the planned nodes' tags (talos, the cluster name, the role)`,
        );
      }
    }
    const c = props.components ?? {};
    this.components = new components.Components(this, 'components', {
      overridesDir: c.overridesDir,
      certManager: c.certManager,
      waitTimeout: c.waitTimeout,
    });
    const count = (role: AdoptedNodeFacts['role']) => props.nodes.filter((n) => n.role === role).length;
    this.adoption = new clusterAdoption.ClusterAdoption(this, 'adoption', {
      clusterName: props.clusterName,
      namespace: props.namespace,
      machineSecrets: props.machineSecrets,
      talosconfig: props.talosconfig,
      workloadKubeconfig: props.workloadKubeconfig,
      controlPlaneEndpointHost: props.controlPlaneEndpointHost,
      talosVersion: props.talosVersion,
      kubernetesVersion: kubernetesVersionTag(props.kubernetesVersion),
      controlPlaneReplicas: props.replicas?.controlPlane ?? count('controlplane'),
      workerReplicas: props.replicas?.workers ?? count('worker'),
      nodeAttribute: nodes,
      network: adoptionNetwork(where, props.network),
      configPatches: props.patches?.common.length ? [...props.patches.common] : undefined,
      controlPlanePatches: props.patches?.controlPlane.length ? [...props.patches.controlPlane] : undefined,
      workerPatches: props.patches?.worker.length ? [...props.patches.worker] : undefined,
      onDestroy: props.onDestroy,
      adoptionTimeoutSeconds: props.adoptionTimeoutSeconds,
      proxmox: {
        url: props.proxmox.url,
        tokenEnv: props.proxmox.tokenEnv,
        tokenEnvOrigin: props.proxmox.tokenEnvOrigin,
        insecure: props.proxmox.insecure ?? false,
        rootCa: props.proxmox.rootCaPem,
        allowedNodes: [...props.allowedProxmoxNodes],
      },
      controlPlaneTemplate: machineTemplate(props.machineTemplates.controlPlane),
      workerTemplate: machineTemplate(props.machineTemplates.worker),
      dependsOn: [this.components],
    });
  }
}
