/** The Terraform schema of `talos_cluster_health`; what it does is beside it. */
import { attr, defineSchema } from '../../../runtime';
import { clientConfigurationType, type ClientConfigurationValue } from '../../../machinery/secrets/secrets-value';
import { timeoutsAttribute } from '../common/timeouts';
import { nonEmptyList } from '../common/validators';

export const schema = defineSchema({
  description: 'Waits for a Talos cluster to be healthy: etcd, services, nodes running, Kubernetes nodes Ready.',
  attributes: {
    id: attr.string({ mode: 'computed' }),
    client_configuration: attr.typed<ClientConfigurationValue>(clientConfigurationType)({
      mode: 'required',
      sensitive: true,
      description: 'Client configuration (talos_machine_secrets.client_configuration) for the authenticated API.',
    }),
    endpoints: attr.stringList({ mode: 'required', description: 'Talos API endpoints (control-plane addresses).', validators: [nonEmptyList] }),
    control_plane_nodes: attr.stringList({ mode: 'required', description: 'Addresses of every control-plane node.', validators: [nonEmptyList] }),
    worker_nodes: attr.stringList({ mode: 'optional', description: 'Addresses of every worker node.' }),
    skip_kubernetes_checks: attr.bool({ mode: 'optional', description: 'Check Talos and etcd only, not the Kubernetes nodes.' }),
    allow_additional_members: attr.bool({
      mode: 'optional',
      description:
        'Nodes not listed (e.g. those Cluster API creates) may belong to the cluster: etcd may have more members than the listed control planes. Every listed node must still be healthy and, for control planes, an etcd member.',
    }),
    timeouts: timeoutsAttribute('read'),
  },
});
