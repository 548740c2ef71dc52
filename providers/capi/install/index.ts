/** Installing, observing and removing the Cluster API components on a management cluster. */
export { applyBody, applyInOrder, applyObject, liveKey, type AppliedObject } from './apply';
export { certManagerIsOurs, ensureCertManager, probeCertManager, type CertManagerMode, type CertManagerOutcome } from './cert-manager';
export { customResourcesOf, type CustomResourceRef } from './custom-resources';
export { deletionRank, installComponents, type AppliedRef, type InstallRequest, type InstallResult } from './install';
export { FIELD_MANAGER, ManagementCluster, type Progress } from './management-cluster';
export { observeInstall, type ObservedInstall, type ObservedProvider } from './observe';
export { componentOf, listOwnedObjects, type OwnedObject } from './owned';
export { checkInventoryConflicts, checkManagementVersion, listInventory, preflight, PreflightError, type InventoryEntry } from './preflight';
export { UninstallBlockedError, uninstallComponents, type UninstallRequest, type UninstallResult } from './uninstall';
export { pollUntilDone, waitForCrdsEstablished, waitForDeletion, waitForDeploymentsAvailable, WaitTimeoutError, type DeploymentRef } from './wait';
