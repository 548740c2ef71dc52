/** Talos machine configuration: contract, generation (talosctl gen config) and Talos-compatible encoding. */
export { ConfigDecodeError, decodeDocument, encodeDocument, encodeMachineConfig, parseMachineConfig } from './codec';
export {
  compareContracts,
  contractFeatures,
  contractNewerThan,
  ContractError,
  DEFAULT_CONTRACT,
  DEFAULT_INSTALLER_REPOSITORY,
  defaultKubernetesVersion,
  formatContract,
  isSupportedContract,
  kubernetesRange,
  parseContract,
  SUPPORTED_CONTRACTS,
  TALOS_MACHINERY_VERSION,
  validateKubernetesVersion,
  type KubernetesRange,
  type TalosContract,
} from './contract';
export {
  cloneDocuments,
  cloneValue,
  documentApiVersion,
  documentId,
  documentKind,
  documentLabel,
  documentName,
  findDocument,
  isConfigObject,
  V1ALPHA1,
  type ConfigDocument,
  type ConfigObject,
  type ConfigScalar,
  type ConfigValue,
} from './document';
export { DocumentSetError, validateDocumentSet } from './document-set';
export {
  DEFAULT_DNS_DOMAIN,
  DEFAULT_INSTALL_DISK,
  DEFAULT_INSTALL_IMAGE,
  DEFAULT_POD_SUBNETS,
  DEFAULT_SERVICE_SUBNETS,
  generateMachineConfig,
  generateMachineConfigDocuments,
  resolveMachineConfigInput,
  serializeMachineConfig,
  type ConfigShapeGenerator,
  type MachineConfigInput,
  type MachineType,
  type ProviderIdPlacement,
  type ResolvedMachineConfigInput,
} from './generate';
export { roleSettingsPatch, type RoleSettings } from './role-patch';
export { cloudControllerPatches, TALOS_CCM_MANIFEST, type CloudControllerPatches, type CloudControllerSettings } from './cloud-controller-patch';
export { KNOWN_KINDS } from './types/type-spec';
export { MachineConfigInputError, proxmoxProviderId, validateEndpoint } from './validate-input';
