/**
 * Takes the cluster's nodes from maintenance mode to a healthy Kubernetes cluster with our
 * `talos` provider: one configuration apply per node, bootstrap on the first control plane, the
 * admin kubeconfig, and a health gate. Credentials and configurations flow by reference (never
 * as literals in the synthesized JSON).
 */
import { Construct } from 'constructs';
import { clusterKubeconfig, dataTalosClusterHealth, machineBootstrap, machineConfigurationApply } from '../../providers/bindings/talos';
import { parseGoDuration } from '../../providers/kernel/duration';
import type { ITalosMachineConfigs, TalosNode } from './talos-machine-configs';
import type { ITalosSecrets } from './talos-secrets';
import { fieldError } from '../../providers/kernel/validation';

export type TalosApplyMode = 'auto' | 'reboot' | 'no_reboot' | 'staged' | 'staged_if_needing_reboot';

/** Go durations (e.g. `30s`, `10m`, `1h30m`) for each step. */
export interface TalosClusterBootstrapTimeouts {
  /** Per node: the configuration apply (create and update). @default 10m */
  readonly apply?: string;
  /** Per node: the reset on destroy. @default 10m */
  readonly reset?: string;
  /** The etcd bootstrap on the first control plane. @default 10m */
  readonly bootstrap?: string;
  /** Fetching the admin kubeconfig. @default 10m */
  readonly kubeconfig?: string;
  /** How long the health gate waits. @default 10m */
  readonly health?: string;
}

export interface TalosClusterBootstrapProps {
  readonly secrets: ITalosSecrets;
  readonly machineConfigs: ITalosMachineConfigs;
  readonly nodes: readonly TalosNode[];
  /** Node (name) that bootstraps etcd. @default the first control plane */
  readonly bootstrapNode?: string;
  /** How a configuration change reaches a running node (Talos apply modes). @default 'auto' */
  readonly applyMode?: TalosApplyMode;
  /**
   * What destroy does to each node: reset (wipe configuration and etcd), not graceful (the whole
   * cluster goes, so no etcd member can leave cleanly), reboot into maintenance mode.
   * @default { reset: true, graceful: false, reboot: true }
   */
  readonly onDestroy?: { readonly reset: boolean; readonly graceful?: boolean; readonly reboot?: boolean };
  /** @default 10m for every step */
  readonly timeouts?: TalosClusterBootstrapTimeouts;
  /** Health gate without the Kubernetes node checks. @default false */
  readonly skipKubernetesChecks?: boolean;
  /**
   * The health gate accepts etcd members beyond these nodes: machines Cluster API added after
   * adoption. @default false
   */
  readonly allowAdditionalMembers?: boolean;
  /**
   * Hand the admin client configuration over as `client_configuration_wo` (Terraform >= 1.11), so
   * the bootstrap, kubeconfig and apply resources keep no client key in state. The applies keep
   * the stored `client_configuration` while `onDestroy.reset` is set: destroy dials the node with
   * credentials from state. @default false
   */
  readonly writeOnly?: boolean;
}

function checkTimeouts(path: string, timeouts: TalosClusterBootstrapTimeouts | undefined): void {
  for (const [key, value] of Object.entries(timeouts ?? {})) {
    const ns = value === undefined ? undefined : parseGoDuration(value);
    if (value !== undefined && (ns === undefined || ns <= 0n)) throw fieldError(path, `timeouts.${key}`, `"${value}" is not a Go duration; use e.g. 30s, 10m, 1h`);
  }
}

export class TalosClusterBootstrap extends Construct {
  /** Configuration apply per node name. */
  readonly applies: ReadonlyMap<string, machineConfigurationApply.MachineConfigurationApply>;
  readonly bootstrap: machineBootstrap.MachineBootstrap;
  readonly kubeconfig: clusterKubeconfig.ClusterKubeconfig;
  readonly health: dataTalosClusterHealth.DataTalosClusterHealth;

  constructor(scope: Construct, id: string, props: TalosClusterBootstrapProps) {
    super(scope, id);
    const controlPlanes = props.nodes.filter((n) => n.role === 'controlplane');
    if (controlPlanes.length === 0) throw fieldError(this.node.path, 'nodes', `at least one controlplane node is required`);
    const first = props.bootstrapNode === undefined ? controlPlanes[0] : props.nodes.find((n) => n.name === props.bootstrapNode);
    if (!first) throw fieldError(this.node.path, 'bootstrapNode', `"${props.bootstrapNode}" is not one of the nodes`);
    if (first.role !== 'controlplane') throw fieldError(this.node.path, 'bootstrapNode', `"${first.name}" is a worker; only a control plane can bootstrap etcd`);
    checkTimeouts(this.node.path, props.timeouts);

    const secrets = props.secrets.secrets;
    const clientConfiguration = secrets.clientConfiguration as unknown as machineConfigurationApply.MachineConfigurationApplyClientConfiguration;
    // One of each pair: the write-only twin keeps the value out of state.
    const credentials = props.writeOnly ? { clientConfigurationWo: clientConfiguration } : { clientConfiguration };
    const onDestroy = props.onDestroy ?? { reset: true, graceful: false, reboot: true };
    const t = props.timeouts ?? {};

    const applies = new Map<string, machineConfigurationApply.MachineConfigurationApply>();
    // Control planes first: a worker's API certificate comes from a control plane's trustd, so a
    // worker apply (which waits for that API) must not hold a parallelism slot a control plane needs.
    const ordered = [...controlPlanes, ...props.nodes.filter((n) => n.role !== 'controlplane')];
    for (const n of ordered) {
      const config = props.machineConfigs.configs.get(n.name);
      if (!config) throw fieldError(this.node.path, 'nodes', `"${n.name}" has no machine configuration in ${props.machineConfigs.node.path}`);
      applies.set(
        n.name,
        new machineConfigurationApply.MachineConfigurationApply(this, `apply-${n.name}`, {
          nodeAttribute: n.address,
          ...(onDestroy.reset ? { clientConfiguration } : credentials),
          // An ephemeral configuration can only go to the write-only argument.
          ...(config.ephemeral ? { machineConfigurationInputWo: config.machineConfiguration } : { machineConfigurationInput: config.machineConfiguration }),
          applyMode: props.applyMode,
          onDestroy: { reset: onDestroy.reset, graceful: onDestroy.graceful, reboot: onDestroy.reboot },
          timeouts: t.apply || t.reset ? { create: t.apply, update: t.apply, delete: t.reset } : undefined,
          dependsOn: n.role === 'controlplane' ? undefined : controlPlanes.map((cp) => applies.get(cp.name)!),
        }),
      );
    }
    this.applies = applies;

    // Only the bootstrap node must run its configuration; the others join etcd as they come up.
    this.bootstrap = new machineBootstrap.MachineBootstrap(this, 'bootstrap', {
      nodeAttribute: first.address,
      ...credentials,
      timeouts: t.bootstrap ? { create: t.bootstrap } : undefined,
      dependsOn: [applies.get(first.name)!],
    });

    this.kubeconfig = new clusterKubeconfig.ClusterKubeconfig(this, 'kubeconfig', {
      nodeAttribute: first.address,
      ...credentials,
      timeouts: t.kubeconfig ? { create: t.kubeconfig, update: t.kubeconfig } : undefined,
      dependsOn: [this.bootstrap],
    });

    // A data source with pending dependencies is read during apply, after every node was configured.
    // A data source takes no write-only arguments (its arguments are kept in state).
    this.health = new dataTalosClusterHealth.DataTalosClusterHealth(this, 'health', {
      clientConfiguration: secrets.clientConfiguration as unknown as dataTalosClusterHealth.DataTalosClusterHealthClientConfiguration,
      endpoints: controlPlanes.map((n) => n.address),
      controlPlaneNodes: controlPlanes.map((n) => n.address),
      workerNodes: props.nodes.filter((n) => n.role === 'worker').map((n) => n.address),
      skipKubernetesChecks: props.skipKubernetesChecks,
      allowAdditionalMembers: props.allowAdditionalMembers,
      timeouts: t.health ? { read: t.health } : undefined,
      dependsOn: [...applies.values(), this.bootstrap, this.kubeconfig],
    });
  }
}
