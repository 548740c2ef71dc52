/**
 * The Talos stage of a cluster: its secrets bundle, one machine configuration per node and the
 * talosconfig; with `bootstrap` set, also the bring-up over the Talos API (apply per node,
 * bootstrap, kubeconfig, health gate) once the nodes run in maintenance mode.
 */
import type { Construct } from 'constructs';
import { provider as talos } from '../providers/bindings/talos';
import { LocalBackend, TerraformOutput, TerraformStack } from './cdk';
import { localStatePath } from './backend';
import { TalosClusterBootstrap, type TalosClusterBootstrapProps } from './constructs/talos-cluster-bootstrap';
import { TalosMachineConfigs, type TalosMachineConfigsProps } from './constructs/talos-machine-configs';
import { TalosSecrets } from './constructs/talos-secrets';

/** The bring-up settings a stack takes; nodes, secrets and configurations come from the stack. */
export type TalosBootstrapSettings = Omit<TalosClusterBootstrapProps, 'secrets' | 'machineConfigs' | 'nodes'>;

export type TalosConfigStackProps = Omit<TalosMachineConfigsProps, 'secrets'> & {
  /**
   * Bring the nodes up over the Talos API (they must be reachable, in maintenance mode or already
   * configured). Unset: configuration only.
   */
  readonly bootstrap?: TalosBootstrapSettings;
};

export class TalosConfigStack extends TerraformStack {
  readonly secrets: TalosSecrets;
  readonly machineConfigs: TalosMachineConfigs;
  readonly cluster?: TalosClusterBootstrap;

  constructor(scope: Construct, id: string, props: TalosConfigStackProps) {
    super(scope, id);
    // Relative, so the synthesized JSON does not depend on where it was synthesized.
    new LocalBackend(this, { path: localStatePath(id) });
    new talos.TalosProvider(this, 'talos');
    this.secrets = new TalosSecrets(this, 'cluster-secrets', { talosVersion: props.talosVersion });
    this.machineConfigs = new TalosMachineConfigs(this, 'machine-configs', { ...props, secrets: this.secrets });
    new TerraformOutput(this, 'talos_secrets_id', { value: this.secrets.secrets.id, staticId: true });
    new TerraformOutput(this, 'talosconfig', {
      value: this.machineConfigs.clientConfiguration.talosConfig,
      sensitive: true,
      staticId: true,
      description: `talosconfig of cluster ${props.clusterName}`,
    });
    if (props.bootstrap) {
      this.cluster = new TalosClusterBootstrap(this, 'cluster', {
        ...props.bootstrap,
        secrets: this.secrets,
        machineConfigs: this.machineConfigs,
        nodes: props.nodes,
      });
      new TerraformOutput(this, 'kubeconfig', {
        value: this.cluster.kubeconfig.kubeconfigRaw,
        sensitive: true,
        staticId: true,
        description: `admin kubeconfig of cluster ${props.clusterName}`,
      });
    }
  }
}
