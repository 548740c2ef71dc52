/**
 * The cluster's Talos secrets bundle and admin client configuration, generated once by our
 * `talos` provider and kept (sensitive) in Terraform state.
 */
import { Construct, type IConstruct } from 'constructs';
import { machineSecrets } from '../../providers/bindings/talos';
import { fieldError } from '../../providers/kernel/validation';

export interface TalosSecretsProps {
  /** Talos config contract the secrets are made for, e.g. `v1.13`. Lowering it later replaces the secrets. */
  readonly talosVersion: string;
}

/** What other constructs take from a cluster's secrets: the `talos_machine_secrets` resource. */
export interface ITalosSecrets extends IConstruct {
  readonly secrets: machineSecrets.MachineSecrets;
}

const TALOS_VERSION = /^v\d+\.\d+(\.\d+)?$/;

export class TalosSecrets extends Construct implements ITalosSecrets {
  readonly secrets: machineSecrets.MachineSecrets;

  constructor(scope: Construct, id: string, props: TalosSecretsProps) {
    super(scope, id);
    if (!TALOS_VERSION.test(props.talosVersion)) {
      throw fieldError(this.node.path, 'talosVersion', `"${props.talosVersion}" is not a Talos version; use the form v1.13`);
    }
    this.secrets = new machineSecrets.MachineSecrets(this, 'secrets', { talosVersion: props.talosVersion });
  }
}
