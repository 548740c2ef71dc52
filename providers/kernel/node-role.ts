/** What a node is in the cluster; every layer spells it as Talos' machine type does. */
export type NodeRole = 'controlplane' | 'worker';
