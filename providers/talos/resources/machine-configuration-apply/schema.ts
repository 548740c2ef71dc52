/** The Terraform schema of `talos_machine_configuration_apply`; what it does is beside it. */
import { attr, block, defineSchema } from '../../../runtime';
import { clientConfigurationType, type ClientConfigurationValue } from '../../../machinery/secrets/secrets-value';
import { timeoutAttribute } from '../common/timeouts';
import { endpointProblem, nonEmpty, oneOf } from '../common/validators';

export const APPLY_MODES = ['auto', 'reboot', 'no_reboot', 'staged', 'staged_if_needing_reboot'] as const;

export const schema = defineSchema({
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
    client_configuration: attr.typed<ClientConfigurationValue>(clientConfigurationType)({
      mode: 'required',
      sensitive: true,
      description: 'Client configuration (talos_machine_secrets.client_configuration) for the authenticated API.',
    }),
    machine_configuration_input: attr.string({ mode: 'required', sensitive: true, description: 'The machine configuration to apply (YAML).' }),
    config_patches: attr.stringList({ mode: 'optional', description: 'Patches applied to the input before it is sent (strategic merge or JSON6902).' }),
    apply_mode: attr.string({
      mode: 'optional',
      default: 'auto',
      description: `One of ${APPLY_MODES.join(', ')}. staged_if_needing_reboot stages a change that would need a reboot, else applies it (auto).`,
      validators: [oneOf(APPLY_MODES)],
    }),
    resolved_apply_mode: attr.string({ mode: 'computed', description: 'The mode used: apply_mode, with staged_if_needing_reboot resolved to auto or staged.' }),
    machine_configuration: attr.string({ mode: 'computed', sensitive: true, description: 'The configuration sent: input with config_patches applied.' }),
    machine_configuration_hash: attr.string({ mode: 'computed', description: 'SHA-256 (hex) of machine_configuration.' }),
  },
  blocks: {
    on_destroy: block.single({
      description: 'What destroy does to the node; without reset = true it only forgets the resource.',
      attributes: {
        reset: attr.bool({ mode: 'optional', default: false, description: 'Wipe STATE and EPHEMERAL (configuration and etcd data).' }),
        graceful: attr.bool({ mode: 'optional', default: true, description: 'Leave etcd first; fails on the last etcd member.' }),
        reboot: attr.bool({ mode: 'optional', default: false, description: 'Reboot into maintenance mode instead of powering off.' }),
      },
    }),
    timeouts: block.single({
      attributes: { create: timeoutAttribute('create'), update: timeoutAttribute('update'), delete: timeoutAttribute('delete') },
    }),
  },
});
