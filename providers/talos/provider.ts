/**
 * Our `talos` Terraform provider: Talos secrets, machine configuration, client configuration,
 * the Talos API resources that take nodes from maintenance mode to a healthy cluster, the
 * local files (mode 0600) users ask their credentials to be written to, and the ephemeral Proxmox
 * credentials of a cluster's Proxmox stage (see resources/proxmox-credentials.ts for why here).
 */
import { defineProvider, defineSchema } from '../runtime';
import { clientConfiguration } from './resources/client-configuration';
import { clusterHealth } from './resources/cluster-health';
import { clusterKubeconfig } from './resources/cluster-kubeconfig';
import { localFile } from './resources/local-file';
import { machineBootstrap } from './resources/machine-bootstrap';
import { machineConfiguration } from './resources/machine-configuration';
import { machineConfigurationApply } from './resources/machine-configuration-apply';
import { machineSecrets } from './resources/machine-secrets';
import { proxmoxCredentials } from './resources/proxmox-credentials';

export const TALOS_PROVIDER_VERSION = '0.1.0';

export const provider = defineProvider({
  typeName: 'talos',
  version: TALOS_PROVIDER_VERSION,
  schema: defineSchema({ attributes: {} }),
  configure: () => ({}),
  resources: [machineSecrets, machineConfigurationApply, machineBootstrap, clusterKubeconfig, localFile],
  dataSources: [machineConfiguration, clientConfiguration, clusterHealth],
  ephemeralResources: [proxmoxCredentials],
});
