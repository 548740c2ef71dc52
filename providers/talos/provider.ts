/**
 * Our `talos` Terraform provider: Talos secrets, machine configuration, client configuration
 * (and, as they land, the Talos API resources).
 */
import { defineProvider, defineSchema } from '../runtime';
import { clientConfiguration } from './resources/client-configuration';
import { machineConfiguration } from './resources/machine-configuration';
import { machineSecrets } from './resources/machine-secrets';

export const TALOS_PROVIDER_VERSION = '0.1.0';

export const provider = defineProvider({
  typeName: 'talos',
  version: TALOS_PROVIDER_VERSION,
  schema: defineSchema({ attributes: {} }),
  configure: () => ({}),
  resources: [machineSecrets],
  dataSources: [machineConfiguration, clientConfiguration],
});
