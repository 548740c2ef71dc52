/**
 * The Talos configuration stage of a cluster: its secrets bundle, one machine configuration per
 * node and the talosconfig. Later stages (nodes, bootstrap, Cluster API) read them.
 */
import type { Construct } from 'constructs';
import { provider as talos } from '../providers/bindings/talos';
import { LocalBackend, TerraformOutput, TerraformStack } from './cdk';
import { TalosMachineConfigs, type TalosMachineConfigsProps } from './constructs/talos-machine-configs';
import { TalosSecrets } from './constructs/talos-secrets';

export type TalosConfigStackProps = Omit<TalosMachineConfigsProps, 'secrets'>;

export class TalosConfigStack extends TerraformStack {
  readonly secrets: TalosSecrets;
  readonly machineConfigs: TalosMachineConfigs;

  constructor(scope: Construct, id: string, props: TalosConfigStackProps) {
    super(scope, id);
    // Relative, so the synthesized JSON does not depend on where it was synthesized.
    new LocalBackend(this, { path: `terraform.${id}.tfstate` });
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
  }
}
