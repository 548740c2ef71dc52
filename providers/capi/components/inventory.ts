/**
 * clusterctl's inventory: the `providers.clusterctl.cluster.x-k8s.io` CRD (embedded in the clusterctl
 * binary, so we define an equivalent one here) and one `Provider` object per installed provider,
 * exactly as `clusterctl init` writes it. `clusterctl upgrade`, `move` and `delete` find our
 * install through these objects and the labels on the components.
 */
import type { KubeObject } from '../kube/objects';
import type { ProviderSpec, ProviderType } from './catalog';
import { CLUSTERCTL_CORE_LABEL, commonLabels } from './transform';

export const INVENTORY_GROUP = 'clusterctl.cluster.x-k8s.io';
export const INVENTORY_VERSION = 'v1alpha3';
export const INVENTORY_API_VERSION = `${INVENTORY_GROUP}/${INVENTORY_VERSION}`;
export const INVENTORY_CRD_NAME = `providers.${INVENTORY_GROUP}`;
export const INVENTORY_LABEL_VALUE = 'inventory';

/** The Provider object, with the fields `clusterctl init` sets (watchedNamespace is deprecated and left empty). */
export interface InventoryProvider extends KubeObject {
  providerName: string;
  type: ProviderType;
  version: string;
}

export function inventoryObject(provider: ProviderSpec, version: string, namespace: string = provider.namespace): InventoryProvider {
  return {
    apiVersion: INVENTORY_API_VERSION,
    kind: 'Provider',
    metadata: {
      name: provider.manifestLabel,
      namespace,
      labels: { ...commonLabels(provider.manifestLabel), [CLUSTERCTL_CORE_LABEL]: INVENTORY_LABEL_VALUE },
    },
    providerName: provider.name,
    type: provider.type,
    version,
  };
}

const str = (description: string) => ({ type: 'string', description });

/** Our definition of the inventory CRD, equivalent to the one clusterctl v1.12 embeds (same names, scope, version, columns and fields). */
export function inventoryCrd(): KubeObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: INVENTORY_CRD_NAME, labels: { [CLUSTERCTL_CORE_LABEL]: INVENTORY_LABEL_VALUE } },
    spec: {
      group: INVENTORY_GROUP,
      names: { categories: ['cluster-api'], kind: 'Provider', listKind: 'ProviderList', plural: 'providers', singular: 'provider' },
      scope: 'Namespaced',
      versions: [
        {
          name: INVENTORY_VERSION,
          served: true,
          storage: true,
          subresources: {},
          additionalPrinterColumns: [
            { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp', description: 'Time since the Provider was created' },
            { name: 'Type', type: 'string', jsonPath: '.type' },
            { name: 'Provider', type: 'string', jsonPath: '.providerName' },
            { name: 'Version', type: 'string', jsonPath: '.version' },
          ],
          schema: {
            openAPIV3Schema: {
              type: 'object',
              description: 'An entry of the clusterctl provider inventory: one installed Cluster API provider.',
              properties: {
                apiVersion: str('Versioned schema of this representation of the object.'),
                kind: str('REST resource this object represents.'),
                metadata: { type: 'object' },
                providerName: str('Name of the provider, e.g. cluster-api, talos, proxmox, in-cluster.'),
                type: str('Provider type: CoreProvider, BootstrapProvider, ControlPlaneProvider, InfrastructureProvider, IPAMProvider, ...'),
                version: str('Installed release of the provider, e.g. v1.12.11.'),
                watchedNamespace: str('Deprecated: namespace the controller watches; empty means all namespaces.'),
              },
            },
          },
        },
      ],
    },
  };
}
