/**
 * Lab workload: the Talos node simulator wired to the lab Kubernetes (a real kube-apiserver per
 * bootstrapped cluster, nodes registered through kwok). A test facility: product code never imports test/lab.
 */
export { LabWorkload, type LabWorkloadEvents, type LabWorkloadOptions } from './lab-workload';
export { apiServerAddressOf, labClusterName, labPkiFromMachineConfig, nodeSpecOf, type ApiServerAddress } from './from-talos';
