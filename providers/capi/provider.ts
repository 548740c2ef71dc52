/**
 * Our `capi` Terraform provider: Cluster API on a management cluster given by kubeconfig. It
 * installs the components (`capi_components`, the equivalent of clusterctl init) and, through the
 * adoption resources, hands the Terraform-built cluster over to Cluster API.
 */
import { attr, defineProvider, defineSchema } from '../runtime';
import { createProviderContext, type CapiProviderContext } from './provider-context';
import { adoptionContextOf } from './resources/cluster-adoption/context';
import { createAdoptionResource } from './resources/cluster-adoption/resource';
import { components } from './resources/components/resource';

export const CAPI_PROVIDER_VERSION = '0.1.0';

const schema = defineSchema({
  description: 'Cluster API on a management cluster reached through a kubeconfig.',
  attributes: {
    kubeconfig: attr.string({ mode: 'optional', sensitive: true, description: 'Kubeconfig of the management cluster (file contents). Set this or kubeconfig_path.' }),
    kubeconfig_path: attr.string({ mode: 'optional', description: 'Path of the management cluster kubeconfig. Set this or kubeconfig.' }),
    context: attr.string({ mode: 'optional', description: "Kubeconfig context to use; default the kubeconfig's current-context." }),
  },
});

export const provider = defineProvider<typeof schema, CapiProviderContext>({
  typeName: 'capi',
  version: CAPI_PROVIDER_VERSION,
  schema,
  configure: (config) => createProviderContext(config),
  // `capi_cluster_adoption` on this provider's context (the management cluster from its kubeconfig).
  resources: [components, createAdoptionResource<CapiProviderContext>(adoptionContextOf)],
  dataSources: [],
});
