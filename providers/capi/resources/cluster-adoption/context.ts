/**
 * The adoption's view of the `capi` provider context: the management cluster the provider is
 * configured with, and workload clusters from the kubeconfig text the resource is given.
 */
import type { CapiProviderContext } from '../../provider-context';
import type { AdoptionProviderContext } from '../../adoption/kube';
import { kubeObjectClient, workloadClient } from '../../adoption/context';

/** What the adoption resource uses from the `capi` provider context. */
export function adoptionContextOf(provider: CapiProviderContext): AdoptionProviderContext {
  return {
    async management() {
      const cluster = provider.management();
      return kubeObjectClient(cluster.client, cluster.mapper);
    },
    async workload(kubeconfig: string) {
      return workloadClient(kubeconfig);
    },
  };
}
