/** The Terraform schema of `talos_machine_bootstrap`; what it does is beside it. */
import { attr, block, defineSchema } from '../../../runtime';
import { clientConfigurationType, type ClientConfigurationValue } from '../../../machinery/secrets/secrets-value';
import { timeoutAttribute } from '../common/timeouts';
import { endpointProblem, nonEmpty } from '../common/validators';

export const schema = defineSchema({
  description: 'Bootstraps etcd on a Talos control-plane node (once per cluster; AlreadyExists counts as done).',
  attributes: {
    id: attr.string({ mode: 'computed', computedPlan: 'keep' }),
    node: attr.string({ mode: 'required', requiresReplace: true, description: 'Address (or name) of the control-plane node to bootstrap.', validators: [nonEmpty] }),
    endpoint: attr.string({ mode: 'optional', computedPlan: 'keep', description: 'Talos API endpoint to dial; defaults to node.', validators: [endpointProblem] }),
    client_configuration: attr.typed<ClientConfigurationValue>(clientConfigurationType)({
      mode: 'required',
      sensitive: true,
      description: 'Client configuration (talos_machine_secrets.client_configuration) for the authenticated API.',
    }),
  },
  blocks: {
    timeouts: block.single({ attributes: { create: timeoutAttribute('create') } }),
  },
});
