/**
 * The embedded default: the lab cluster the app deploys when no cluster is defined. All
 * addresses are loopback (the lab's simulated nodes listen there).
 */
import type { TalosConfigStackProps } from './talos-config-stack';

export const LAB_CLUSTER: TalosConfigStackProps = {
  clusterName: 'lab',
  clusterEndpoint: 'https://127.0.10.10:6443',
  talosVersion: 'v1.13',
  kubernetesVersion: '1.36.3',
  nodes: [
    { name: 'lab-cp-1', role: 'controlplane', address: '127.0.10.11', providerId: 'proxmox://3b1c7f52-0d52-4a53-9a4c-0a6f1d2e1101' },
    { name: 'lab-cp-2', role: 'controlplane', address: '127.0.10.12', providerId: 'proxmox://3b1c7f52-0d52-4a53-9a4c-0a6f1d2e1102' },
    { name: 'lab-cp-3', role: 'controlplane', address: '127.0.10.13', providerId: 'proxmox://3b1c7f52-0d52-4a53-9a4c-0a6f1d2e1103' },
    { name: 'lab-worker-1', role: 'worker', address: '127.0.10.21', providerId: 'proxmox://3b1c7f52-0d52-4a53-9a4c-0a6f1d2e1121' },
    { name: 'lab-worker-2', role: 'worker', address: '127.0.10.22', providerId: 'proxmox://3b1c7f52-0d52-4a53-9a4c-0a6f1d2e1122' },
  ],
};
