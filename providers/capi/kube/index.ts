/** Our own small Kubernetes client: kubeconfig, REST calls with server-side apply, discovery. */
export { KubeClient, type KubeClientOptions, type RawResponse, type ServerVersion } from './client';
export { ResourceMapper, UnknownKindError, resourcePath, type ApiResource } from './discovery';
export { KubeApiError, KubeUnreachableError, isNotFound, isTransient } from './errors';
export { ExecCredentialCache, ExecCredentialError, parseExecCredential, runExecPlugin, type ExecCredential } from './exec-credential';
export { KubeconfigError, loadKubeconfigFile, parseKubeconfig, type ClientAuth, type ClusterAccess, type ExecConfig, type KubeconfigSource } from './kubeconfig';
export { cloneJson, conditionStatus, describeObject, groupOf, isAppliedBy, objectKey, type Condition, type KubeObject, type ManagedFieldsEntry, type ObjectMeta, type OwnerReference } from './objects';
