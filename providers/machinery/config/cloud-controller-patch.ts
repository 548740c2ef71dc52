/**
 * What a cluster needs for its Nodes to get their providerID from the platform, as Cluster API
 * requires for the machines it creates: Talos' external cloud provider (the kubelet registers
 * with --cloud-provider=external; Talos applies the controller's manifests at bootstrap) and, on
 * control planes, the Kubernetes Talos API access that gives the controller an os:reader Talos
 * client. talos-cloud-controller-manager then copies each node's platform metadata provider ID
 * (on Proxmox, the NoCloud `provider-id` CAPMOX writes) to its Node.
 */
import { yamlLib } from '../../kernel/lazy';

/** talos-cloud-controller-manager v1.12.0's manifest (its image is pinned to the same tag). */
export const TALOS_CCM_MANIFEST = 'https://raw.githubusercontent.com/siderolabs/talos-cloud-controller-manager/v1.12.0/docs/deploy/cloud-controller-manager.yml';

export interface CloudControllerSettings {
  /** Manifests Talos applies at bootstrap (default: talos-ccm v1.12.0). */
  readonly manifests?: readonly string[];
}

export interface CloudControllerPatches {
  /** Every node: the kubelet runs for an external cloud provider. */
  readonly common: string;
  /** Control planes: the controller's Talos API access (os:reader, from kube-system). */
  readonly controlPlane: string;
}

export function cloudControllerPatches(settings: CloudControllerSettings = {}): CloudControllerPatches {
  const manifests = settings.manifests ?? [TALOS_CCM_MANIFEST];
  if (manifests.length === 0) throw new Error('cloudControllerPatches: list at least one manifest URL');
  return {
    common: yamlLib().stringify({ cluster: { externalCloudProvider: { enabled: true, manifests: [...manifests] } } }),
    controlPlane: yamlLib().stringify({
      machine: { features: { kubernetesTalosAPIAccess: { enabled: true, allowedRoles: ['os:reader'], allowedKubernetesNamespaces: ['kube-system'] } } },
    }),
  };
}
