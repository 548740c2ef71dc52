/**
 * Lab Kubernetes: real kube-apiserver, etcd, controller-manager, scheduler and kwok built from
 * the Go module proxy (build.sh), started on loopback with a given or generated PKI.
 * A test facility: product code never imports test/lab.
 */
export { ensureLabBinaries, labBinariesIn, BUILD_SCRIPT, type LabBinaries } from './binaries';
export { startLabCluster, labClusterLogTails, type LabCluster, type LabClusterPorts, type LabComponentName } from './cluster';
export { resolveLabClusterOptions, firstAddressOf, type LabClusterOptions, type LabClusterRole, type LabComponents } from './cluster-options';
export {
  generateLabClusterPki,
  issueClientCertificate,
  issueServingCertificate,
  labClusterPkiFromTalosCerts,
  validateLabClusterPki,
  type CaPem,
  type CertKeyPem,
  type ClientIdentity,
  type LabClusterPki,
  type TalosBundleCerts,
} from './lab-pki';
export { renderKubeconfig, writeKubeconfig, type KubeconfigProps } from './kubeconfig';
export { KubeApiError, LabKubeClient, waitFor, waitForValue, type TlsClientCredentials, type WaitOptions } from './kube-client';
export { kubectl, runKubectl, waitForCrdsEstablished, type KubectlOptions, type KubectlResult } from './kubectl';
export { isLoopbackIPv4, allocateLoopbackPort } from './loopback';
export { KWOK_NODE_ANNOTATION, PROVIDED_NODE_IP_ANNOTATION, UNINITIALIZED_TAINT, nodeObject, validateLabNodeSpec, type LabNodeSpec, type NodeAddress, type NodeTaint } from './node-spec';
export { isNodeReady, registerLabNodes, unregisterLabNode } from './nodes';
