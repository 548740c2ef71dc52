/**
 * Our `talos` Terraform provider: Talos secrets, machine configuration, client configuration,
 * the Talos API resources that take nodes from maintenance mode to a healthy cluster, the
 * local files (mode 0600) users ask their credentials to be written to, and the ephemeral Proxmox
 * credentials of a cluster's Proxmox stage (see resources/proxmox-credentials.ts for why here).
 */
import { defineProvider, defineSchema } from '../runtime';
import { clientConfiguration } from './resources/client-configuration/data-source';
import { clusterHealth } from './resources/cluster-health/data-source';
import { clusterKubeconfig } from './resources/cluster-kubeconfig/resource';
import { localFile } from './resources/local-file/resource';
import { machineBootstrap } from './resources/machine-bootstrap/resource';
import { machineConfiguration } from './resources/machine-configuration/data-source';
import { machineConfigurationApply } from './resources/machine-configuration-apply/resource';
import { machineSecrets } from './resources/machine-secrets/resource';
import { proxmoxCredentials } from './resources/proxmox-credentials/ephemeral-resource';

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
