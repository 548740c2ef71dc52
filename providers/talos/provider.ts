/**
 * Our `talos` Terraform provider: Talos secrets, machine configuration, client configuration,
 * and the Talos API resources that take nodes from maintenance mode to a healthy cluster.
 */
import { defineProvider, defineSchema } from '../runtime';
import { clientConfiguration } from './resources/client-configuration';
import { clusterHealth } from './resources/cluster-health';
import { clusterKubeconfig } from './resources/cluster-kubeconfig';
import { machineBootstrap } from './resources/machine-bootstrap';
import { machineConfiguration } from './resources/machine-configuration';
import { machineConfigurationApply } from './resources/machine-configuration-apply';
import { machineSecrets } from './resources/machine-secrets';

export const TALOS_PROVIDER_VERSION = '0.1.0';

export const provider = defineProvider({
  typeName: 'talos',
  version: TALOS_PROVIDER_VERSION,
  schema: defineSchema({ attributes: {} }),
  configure: () => ({}),
  resources: [machineSecrets, machineConfigurationApply, machineBootstrap, clusterKubeconfig],
  dataSources: [machineConfiguration, clientConfiguration, clusterHealth],
});
