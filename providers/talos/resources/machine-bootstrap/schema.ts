/** The Terraform schema of `talos_machine_bootstrap`; what it does is beside it. */
import { attr, defineSchema } from '../../../runtime';
import { clientConfigurationAttribute, clientConfigurationWoAttribute } from '../common/write-only';
import { TIMEOUTS_SCHEMA_VERSION, timeoutsAttribute } from '../common/timeouts';
import { endpointProblem, nonEmpty } from '../common/validators';

export const schema = defineSchema({
  version: TIMEOUTS_SCHEMA_VERSION,
  description: 'Bootstraps etcd on a Talos control-plane node (once per cluster; AlreadyExists counts as done).',
  attributes: {
    id: attr.string({ mode: 'computed', computedPlan: 'keep' }),
    node: attr.string({ mode: 'required', requiresReplace: true, description: 'Address (or name) of the control-plane node to bootstrap.', validators: [nonEmpty] }),
    endpoint: attr.string({ mode: 'optional', computedPlan: 'keep', description: 'Talos API endpoint to dial; defaults to node.', validators: [endpointProblem] }),
    client_configuration: clientConfigurationAttribute(),
    client_configuration_wo: clientConfigurationWoAttribute(),
    timeouts: timeoutsAttribute('create'),
  },
});
