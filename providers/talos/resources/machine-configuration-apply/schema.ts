/** The Terraform schema of `talos_machine_configuration_apply`; what it does is beside it. */
import { attr, defineSchema } from '../../../runtime';
import { clientConfigurationAttribute, clientConfigurationWoAttribute } from '../common/write-only';
import { TIMEOUTS_SCHEMA_VERSION, timeoutsAttribute } from '../common/timeouts';
import { endpointProblem, nonEmpty, oneOf } from '../common/validators';

export const APPLY_MODES = ['auto', 'reboot', 'no_reboot', 'staged', 'staged_if_needing_reboot'] as const;

export const schema = defineSchema({
  version: TIMEOUTS_SCHEMA_VERSION,
  description: 'Applies a machine configuration to a Talos node (maintenance mode or configured) and waits until the node runs it.',
  attributes: {
    id: attr.string({ mode: 'computed', computedPlan: 'keep' }),
    node: attr.string({ mode: 'required', requiresReplace: true, description: 'Address (or name) of the node to configure.', validators: [nonEmpty] }),
    endpoint: attr.string({
      mode: 'optional',
      computedPlan: 'keep',
      description: 'Talos API endpoint to dial (host or host:port); defaults to node. A node in maintenance mode must be dialled directly.',
      validators: [endpointProblem],
    }),
    client_configuration: clientConfigurationAttribute(),
    client_configuration_wo: clientConfigurationWoAttribute(),
    machine_configuration_input: attr.string({ mode: 'optional', sensitive: true, description: 'The machine configuration to apply (YAML), kept in state. Or machine_configuration_input_wo.' }),
    machine_configuration_input_wo: attr.string({
      mode: 'optional',
      sensitive: true,
      writeOnly: true,
      description:
        'Write-only machine configuration (Terraform >= 1.11): as machine_configuration_input, but never kept in plan or state; machine_configuration_hash detects changes. Set exactly one of the two.',
    }),
    config_patches: attr.stringList({ mode: 'optional', description: 'Patches applied to the input before it is sent (strategic merge or JSON6902).' }),
    apply_mode: attr.string({
      mode: 'optional',
      default: 'auto',
      description: `One of ${APPLY_MODES.join(', ')}. staged_if_needing_reboot stages a change that would need a reboot, else applies it (auto).`,
      validators: [oneOf(APPLY_MODES)],
    }),
    resolved_apply_mode: attr.string({ mode: 'computed', description: 'The mode used: apply_mode, with staged_if_needing_reboot resolved to auto or staged.' }),
    machine_configuration: attr.string({ mode: 'computed', sensitive: true, description: 'The configuration sent: input with config_patches applied (null with machine_configuration_input_wo).' }),
    machine_configuration_hash: attr.string({ mode: 'computed', description: 'SHA-256 (hex) of the configuration sent; a change of it applies the configuration again.' }),
    on_destroy: attr.single({
      reset: attr.bool({ mode: 'optional', default: false, description: 'Wipe STATE and EPHEMERAL (configuration and etcd data). Default false.' }),
      graceful: attr.bool({ mode: 'optional', default: true, description: 'Leave etcd first; fails on the last etcd member. Default true.' }),
      reboot: attr.bool({ mode: 'optional', default: false, description: 'Reboot into maintenance mode instead of powering off. Default false.' }),
    })({
      mode: 'optional',
      description: 'What destroy does to the node; without reset = true it only forgets the resource. A change takes effect on destroy only once applied.',
    }),
    timeouts: timeoutsAttribute('create', 'update', 'delete'),
  },
});
