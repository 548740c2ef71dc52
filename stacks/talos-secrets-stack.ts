/**
 * The first stage of a cluster: its Talos secrets. Later stages (configs, nodes, bootstrap,
 * Cluster API) read them through cross-stack references.
 */
import type { Construct } from 'constructs';
import { provider as talos } from '../providers/bindings/talos';
import { LocalBackend, TerraformOutput, TerraformStack } from './cdk';
import { TalosSecrets } from './constructs/talos-secrets';

export interface TalosSecretsStackProps {
  readonly clusterName: string;
  readonly talosVersion: string;
}

export class TalosSecretsStack extends TerraformStack {
  readonly secrets: TalosSecrets;

  constructor(scope: Construct, id: string, props: TalosSecretsStackProps) {
    super(scope, id);
    // Relative, so the synthesized JSON does not depend on where it was synthesized.
    new LocalBackend(this, { path: `terraform.${id}.tfstate` });
    new talos.TalosProvider(this, 'talos');
    this.secrets = new TalosSecrets(this, 'cluster-secrets', { talosVersion: props.talosVersion });
    new TerraformOutput(this, 'talos_secrets_id', { value: this.secrets.secrets.id, staticId: true });
    new TerraformOutput(this, 'talos_client_ca', {
      value: this.secrets.secrets.clientConfiguration.caCertificate,
      sensitive: true,
      staticId: true,
      description: `Talos API CA of cluster ${props.clusterName} (base64 PEM)`,
    });
  }
}
