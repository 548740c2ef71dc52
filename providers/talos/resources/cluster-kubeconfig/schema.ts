/** The Terraform schema of `talos_cluster_kubeconfig`; what it does is beside it. */
import { attr, defineSchema } from '../../../runtime';
import { kubernetesClientConfigurationType, type KubernetesClientConfigurationValue } from '../../../machinery/clientconfig/kubeconfig';
import { clientConfigurationAttribute, clientConfigurationWoAttribute } from '../common/write-only';
import { TIMEOUTS_SCHEMA_VERSION, timeoutProblem, timeoutsAttribute } from '../common/timeouts';
import { endpointProblem, nonEmpty } from '../common/validators';

export const DEFAULT_RENEWAL_DURATION = '720h';

export const schema = defineSchema({
  version: TIMEOUTS_SCHEMA_VERSION,
  description: 'Admin kubeconfig of a Talos cluster, from a control-plane node; renewed before its client certificate expires.',
  attributes: {
    id: attr.string({ mode: 'computed', computedPlan: 'keep' }),
    node: attr.string({ mode: 'required', description: 'Control-plane node to ask for the kubeconfig.', validators: [nonEmpty] }),
    endpoint: attr.string({ mode: 'optional', computedPlan: 'keep', description: 'Talos API endpoint to dial; defaults to node.', validators: [endpointProblem] }),
    client_configuration: clientConfigurationAttribute(),
    client_configuration_wo: clientConfigurationWoAttribute(),
    certificate_renewal_duration: attr.string({
      mode: 'optional',
      default: DEFAULT_RENEWAL_DURATION,
      description: 'Renew the kubeconfig when its client certificate expires within this duration (Go duration, default 720h).',
      validators: [(v) => timeoutProblem(v)],
    }),
    kubeconfig_raw: attr.string({ mode: 'computed', sensitive: true, computedPlan: 'keep' }),
    kubernetes_client_configuration: attr.typed<KubernetesClientConfigurationValue>(kubernetesClientConfigurationType)({
      mode: 'computed',
      sensitive: true,
      computedPlan: 'keep',
      description: 'host, and base64 PEM ca_certificate, client_certificate, client_key of the kubeconfig.',
    }),
    client_certificate_expires_at: attr.string({ mode: 'computed', computedPlan: 'keep', description: 'When the kubeconfig client certificate expires (RFC 3339).' }),
    timeouts: timeoutsAttribute('create', 'update'),
  },
});
