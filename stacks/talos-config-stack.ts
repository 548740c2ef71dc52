/**
 * The Talos stage of a cluster: its secrets bundle, one machine configuration per node and the
 * talosconfig; with `bootstrap` set, also the bring-up over the Talos API (apply per node,
 * bootstrap, kubeconfig, health gate) once the nodes run in maintenance mode. With `outputs`, the
 * talosconfig and (with bring-up) the kubeconfig are also written to local files, mode 0600.
 */
import type { Construct } from 'constructs';
import { provider as talos } from '../providers/bindings/talos';
import { LocalBackend, TerraformOutput, TerraformStack } from './cdk';
import { localStatePath } from './backend';
import { TalosClusterBootstrap, type TalosClusterBootstrapProps } from './constructs/talos-cluster-bootstrap';
import { TalosCredentialFiles, type CredentialFile } from './constructs/talos-credential-files';
import { TalosMachineConfigs, type TalosMachineConfigsProps } from './constructs/talos-machine-configs';
import { TalosSecrets } from './constructs/talos-secrets';
import type { MachineOwner } from './plan/machine-ownership';
import { handTalosNodesToClusterApi } from './constructs/talos-node-ownership';

/** The bring-up settings a stack takes; nodes, secrets and configurations come from the stack. */
export type TalosBootstrapSettings = Omit<TalosClusterBootstrapProps, 'secrets' | 'machineConfigs' | 'nodes'>;

/** The oldest engines with write-only arguments: Terraform 1.11, OpenTofu 1.11 (required_version compares either's own version). */
export const WRITE_ONLY_REQUIRED_VERSION = '>= 1.11.0';

export type TalosConfigStackProps = Omit<TalosMachineConfigsProps, 'secrets' | 'ephemeral'> & {
  /**
   * Bring the nodes up over the Talos API (they must be reachable, in maintenance mode or already
   * configured). @default configuration only
   */
  readonly bootstrap?: TalosBootstrapSettings;
  /**
   * Absolute paths to write credentials to (mode 0600) on apply, removed on destroy. The
   * kubeconfig exists only with `bootstrap`; without it, `kubeconfig` is ignored. A file already
   * at a path fails the plan unless `adoptExisting` is set. @default no files
   */
  readonly outputs?: { readonly kubeconfig?: string; readonly talosconfig?: string; readonly adoptExisting?: boolean };
  /**
   * With `clusterApi` (adoption confirmed, definition `clusterApi.machineOwner`), the per-node
   * applies are forgotten and the health gate dropped (talos-node-ownership.ts). @default 'terraform'
   */
  readonly machineOwner?: MachineOwner;
  /**
   * With `bootstrap`: the machine configurations are ephemeral resources handed to the nodes as
   * `machine_configuration_input_wo`, and the client configuration goes as `client_configuration_wo`
   * where destroy does not need it, so neither the configurations nor those copies enter state (a
   * hash of each configuration does). Declares `required_version >= 1.11.0`. Without `bootstrap`
   * nothing takes the configurations but state, so they stay data sources. @default false
   */
  readonly writeOnly?: boolean;
};

export class TalosConfigStack extends TerraformStack {
  readonly secrets: TalosSecrets;
  readonly machineConfigs: TalosMachineConfigs;
  readonly cluster?: TalosClusterBootstrap;
  readonly credentialFiles?: TalosCredentialFiles;

  constructor(scope: Construct, id: string, props: TalosConfigStackProps) {
    super(scope, id);
    // Relative, so the synthesized JSON does not depend on where it was synthesized.
    new LocalBackend(this, { path: localStatePath(id) });
    new talos.TalosProvider(this, 'talos');
    this.secrets = new TalosSecrets(this, 'cluster-secrets', { talosVersion: props.talosVersion });
    const writeOnly = props.writeOnly === true && props.bootstrap !== undefined;
    // An older engine then fails on this line, by name, instead of on a block it does not know.
    if (writeOnly) this.addOverride('terraform.required_version', WRITE_ONLY_REQUIRED_VERSION);
    this.machineConfigs = new TalosMachineConfigs(this, 'machine-configs', { ...props, secrets: this.secrets, ephemeral: writeOnly });
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
        // machineOwner is set exactly when Cluster API manages the cluster, which may add machines.
        allowAdditionalMembers: props.machineOwner !== undefined,
        writeOnly,
      });
      if (props.machineOwner === 'clusterApi') handTalosNodesToClusterApi(this.cluster);
      new TerraformOutput(this, 'kubeconfig', {
        value: this.cluster.kubeconfig.kubeconfigRaw,
        sensitive: true,
        staticId: true,
        description: `admin kubeconfig of cluster ${props.clusterName}`,
      });
    }
    const file = (p: string | undefined, content: string | undefined): CredentialFile | undefined =>
      p !== undefined && content !== undefined ? { path: p, content, adoptExisting: props.outputs?.adoptExisting } : undefined;
    const kubeconfig = file(props.outputs?.kubeconfig, this.cluster?.kubeconfig.kubeconfigRaw);
    const talosconfig = file(props.outputs?.talosconfig, this.machineConfigs.clientConfiguration.talosConfig);
    if (kubeconfig || talosconfig) this.credentialFiles = new TalosCredentialFiles(this, 'credential-files', { kubeconfig, talosconfig });
  }
}
