/**
 * Cluster definitions: the file format (schema.ts), loading (load.ts), problems reported as
 * `clusters/<file>: <path>: <what>. Example: <fix>` (problems.ts), the built-in lab cluster
 * (lab-default.ts) and the mappings to stack props (to-stack-props.ts).
 */
export { checkAcrossClusters } from './across-clusters';
export { checkManagementClusters, managementClusterName } from './management';
export { checkClusterDefinition, parseClusterDefinition, resolveUserPath, type ClusterDefinition, type DefinitionPaths, type ParseOptions } from './definition';
export { LAB_DEFAULT_INPUT, LAB_DEFAULT_SOURCE, labDefaultDefinition, type LabDefaultOptions } from './lab-default';
export { definitionFiles, DEFINITION_EXTENSIONS, loadClusterDefinitionFile, loadClusterDefinitions, type LoadOptions } from './load';
export type { NodeRole } from '../plan/layout';
export type { PatchGroup, ResolvedPatch, ResolvedPatches } from './patches';
export { ClusterDefinitionError, formatProblem, type DefinitionProblem } from './problems';
export { clusterDefinitionSchema, defineCluster, type BackendSpec, type ClusterDefinitionInput, type ClusterDefinitionSpec, type ManagementClusterSpec, type NetworkAttachmentSpec } from './schema';
export { talosNodes, toProxmoxClusterSpec, toTalosConfigStackProps } from './to-stack-props';
export type { TalosVersions } from './versions';
