/**
 * Adoption of a running, Terraform-built Talos cluster on Proxmox by Cluster API
 * (spec cluster-api.md §7): the input model, the recipe's objects, the failure-mode guards, the
 * run and the teardown. The Terraform resource that drives it is `resources/cluster-adoption/`.
 * See README.md for the hand-back design.
 */
export { kubeObjectClient, workloadClient } from './context';
export { ADOPTION_KINDS, keyOf, describeKey, type AdoptionProviderContext, type KubeObject, type KubeObjectClient, type ObjectKey, type OwnerReference } from './kube';
export type { AdoptedNode, AdoptionInput } from './input';
export { buildAdoptionObjects, templateNames, withOwners, type AdoptionPlan, type AdoptionStep, type DesiredObject, type ObjectLifecycle } from './objects';
export { AdoptionGuardError, assertGuardsPass, checkAdoptionGuards, formatFinding, GUARDS, type GuardFinding, type GuardId } from './guards';
export { simulatedState, workloadNodeOf, type ObservedState, type WorkloadNode } from './observed';
export { observeManagement, observeWorkload, preflightCrds, ComponentsMissingError, WorkloadUnreachableError } from './observe';
export { runAdoption, type AdoptionOutcome, type AdoptionRunOptions } from './adopt';
export { detach, deleteThroughCapi, discoverClusterObjects, DetachRefusedError, type OnDestroy, type TeardownTarget } from './teardown';
export { machineInventory, detectDrift, type MachineInventoryEntry } from './inventory';
export { AdoptionSafetyStop, safetyViolations } from './watch';
export { CAPI, CAPMOX, OURS, clusterNames, type AdoptionPhase, type ClusterNames } from './names';
