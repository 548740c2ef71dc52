/**
 * Our `talos` Terraform provider: Talos secrets, machine configuration, client configuration,
 * the Talos API resources that take nodes from maintenance mode to a healthy cluster, the
 * local files (mode 0600) users ask their credentials to be written to, the Image Factory schematic
 * upload and catalogue (provider `image_factory_url`, as siderolabs' provider), and the ephemeral Proxmox
 * credentials of a cluster's Proxmox stage (see resources/proxmox-credentials.ts for why here).
 */
import { defineProvider } from '../runtime';
import { configureProvider, providerSchema } from './resources/common/provider-config';
import { clientConfiguration } from './resources/client-configuration/data-source';
import { clusterHealth } from './resources/cluster-health/data-source';
import { clusterKubeconfig } from './resources/cluster-kubeconfig/resource';
import { imageFactoryExtensionsVersions } from './resources/image-factory-extensions-versions/data-source';
import { imageFactorySchematic } from './resources/image-factory-schematic/resource';
import { imageFactoryVersions } from './resources/image-factory-versions/data-source';
import { localFile } from './resources/local-file/resource';
import { machineBootstrap } from './resources/machine-bootstrap/resource';
import { machineConfiguration } from './resources/machine-configuration/data-source';
import { machineConfigurationEphemeral } from './resources/machine-configuration/ephemeral-resource';
import { machineConfigurationApply } from './resources/machine-configuration-apply/resource';
import { machineDisks } from './resources/machine-disks/data-source';
import { machineSecrets } from './resources/machine-secrets/resource';
import { proxmoxCredentials } from './resources/proxmox-credentials/ephemeral-resource';

export const TALOS_PROVIDER_VERSION = '0.1.0';

export const provider = defineProvider({
  typeName: 'talos',
  version: TALOS_PROVIDER_VERSION,
  schema: providerSchema,
  configure: configureProvider,
  resources: [machineSecrets, machineConfigurationApply, machineBootstrap, clusterKubeconfig, localFile, imageFactorySchematic],
  dataSources: [machineConfiguration, clientConfiguration, clusterHealth, machineDisks, imageFactoryVersions, imageFactoryExtensionsVersions],
  ephemeralResources: [proxmoxCredentials, machineConfigurationEphemeral],
});
