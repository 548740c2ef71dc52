/**
 * Adapts the `capi` provider's own Kubernetes client (providers/capi/kube: REST + discovery +
 * server-side apply) to the KubeObjectClient adoption needs, for the management cluster and for
 * workload clusters from the kubeconfig text the adoption resource is given.
 */
import { KubeClient, parseKubeconfig, resourcePath, ResourceMapper, type KubeObject as RestObject } from '../kube';
import type { KubeObject, KubeObjectClient, ObjectKey } from './kube';

/** A KubeObjectClient over a KubeClient, resolving kinds through discovery. */
export function kubeObjectClient(client: KubeClient, mapper: ResourceMapper = new ResourceMapper(client)): KubeObjectClient {
  const path = async (apiVersion: string, kind: string, namespace?: string, name?: string): Promise<string> => {
    const resource = await mapper.resolve(apiVersion, kind);
    return resourcePath(resource, { ...(namespace ? { namespace } : {}), ...(name ? { name } : {}) });
  };
  const of = (o: RestObject | null): KubeObject | null => o as unknown as KubeObject | null;
  return {
    async get(key: ObjectKey) {
      return of(await client.getOptional<RestObject>(await path(key.apiVersion, key.kind, key.namespace, key.name)));
    },
    async list(apiVersion, kind, options = {}) {
      const items = await client.list<RestObject>(await path(apiVersion, kind, options.namespace), options.labelSelector);
      // List items carry no apiVersion/kind; put them back so callers can key them.
      return items.map((item) => ({ ...item, apiVersion, kind }) as unknown as KubeObject);
    },
    async apply(object, options) {
      if (!options.force) throw new Error('adoption always applies with force: it owns the fields it declares');
      const target = await path(object.apiVersion, object.kind, object.metadata.namespace, object.metadata.name);
      return (await client.apply<RestObject>(target, object, options.fieldManager)) as unknown as KubeObject;
    },
    async applyStatus(object, options) {
      if (!options.force) throw new Error('adoption always applies with force: it owns the fields it declares');
      const target = await path(object.apiVersion, object.kind, object.metadata.namespace, object.metadata.name);
      return (await client.apply<RestObject>(`${target}/status`, object, options.fieldManager)) as unknown as KubeObject;
    },
    async mergePatch(key, patch) {
      return (await client.mergePatch<RestObject>(await path(key.apiVersion, key.kind, key.namespace, key.name), patch)) as unknown as KubeObject;
    },
    async delete(key, options = {}) {
      return client.delete(await path(key.apiVersion, key.kind, key.namespace, key.name), options.propagationPolicy ?? 'Background');
    },
  };
}

/** A client for a workload cluster from kubeconfig text (validated here, so errors name the attribute). */
export function workloadClient(kubeconfig: string): KubeObjectClient {
  const access = parseKubeconfig({ text: kubeconfig, origin: 'workload_kubeconfig' });
  const client = new KubeClient(access, { userAgent: 'ptc-capi-adoption' });
  return { ...kubeObjectClient(client), close: () => client.close() };
}
