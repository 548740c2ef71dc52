/**
 * The package's public API (`import { … } from 'proxmox-talos-capi'`): the three stages as stacks,
 * the constructs they are made of, cluster definitions and the app that turns them into stacks.
 * Other modules are internal and may change without notice.
 */

// The CDK core the package was loaded with: cdktf, or CDK Terrain's cdktn with PTC_CDK=cdktn. An app
// on the package takes App and TerraformStack from here, so its constructs and ours share one core.
export { App, TerraformStack, CDK_CORE, CDK_FLAVOURS, CDK_FLAVOUR_VARIABLE, type CdkFlavour, type LoadedCdkCore } from './cdk';

// The app: definitions in, one set of stacks per cluster out.
export { buildApp, loadAppDefinitions, type BuildAppOptions, type ClusterStacks } from './app';
export { readAppEnvironment, AppEnvironmentError, APP_ENV, type AppEnvironment } from './app-environment';

// Cluster definitions (what `clusters/*.yaml` holds), validated before synth.
export { defineCluster, type ClusterDefinitionInput, type ClusterDefinitionSpec } from './definition/schema';
export { parseClusterDefinition, type ClusterDefinition, type ParseOptions } from './definition/definition';
export { loadClusterDefinitions, loadClusterDefinitionFile, type LoadOptions } from './definition/load';
export { ClusterDefinitionError, type DefinitionProblem } from './definition/problems';
export { labDefaultDefinition, LAB_DEFAULT_INPUT, type LabDefaultOptions } from './definition/lab-default';
export { toProxmoxClusterSpec, toTalosConfigStackProps, talosNodes } from './definition/to-stack-props';

// Stacks: one per stage.
export { ProxmoxInfraStack, type ProxmoxInfraStackProps, type ProxmoxClusterNode } from './proxmox-infra-stack';
export { TalosConfigStack, type TalosConfigStackProps, type TalosBootstrapSettings } from './talos-config-stack';
export { CapiStack, type CapiStackProps, type ManagementClusterAccess, type ManagementKubeconfigFile, type ManagementKubeconfigReference } from './capi-stack';

// Proxmox constructs and the cluster spec they are planned from.
export type {
  ProxmoxClusterSpec,
  ProxmoxApiSpec,
  ProxmoxCredentialNames,
  DatastoreSpec,
  DatastoreContent,
  ClusterNetworkSpec,
  NetworkAttachment,
  BridgeAttachment,
  VlanAttachment,
  SdnAttachment,
  TalosImageSpec,
  NodePoolSpec,
  ClusterFirewallSpec,
  CapiTemplateSpec,
} from './plan/cluster-spec';
export { ProxmoxEnvCredentials, type ProxmoxEnvCredentialsProps } from './constructs/proxmox/proxmox-env-credentials';
export { ProxmoxNetwork, type ProxmoxNetworkProps } from './constructs/proxmox/proxmox-network';
export { TalosImage, type TalosImageProps } from './constructs/proxmox/talos-image';
export { TalosNodeVm, type TalosNodeVmProps, type ScsiController } from './constructs/proxmox/talos-node-vm';
export { TalosTemplateVm, type TalosTemplateVmProps } from './constructs/proxmox/talos-template-vm';
export { TalosClusterFirewall, type TalosClusterFirewallProps, type FirewalledNode } from './constructs/proxmox/talos-cluster-firewall';

// Talos constructs; other constructs take the interfaces (I…), so any implementation will do.
export { TalosSecrets, type TalosSecretsProps, type ITalosSecrets } from './constructs/talos-secrets';
export { TalosMachineConfigs, type TalosMachineConfigsProps, type ITalosMachineConfigs, type TalosNode, type MachineConfigurationSource } from './constructs/talos-machine-configs';
export { EphemeralResource, type EphemeralResourceProps } from './constructs/ephemeral-resource';
export { TalosClusterBootstrap, type TalosClusterBootstrapProps, type TalosClusterBootstrapTimeouts, type TalosApplyMode } from './constructs/talos-cluster-bootstrap';
export { TalosCredentialFiles, type TalosCredentialFilesProps, type CredentialFile } from './constructs/talos-credential-files';

// Cluster API adoption.
export { CapiClusterAdoption, type CapiClusterAdoptionProps, type CapiComponentsSettings, type CapiOnDestroy, type MachineTemplateSettings } from './constructs/capi/capi-cluster-adoption';

// Values every layer shares.
export type { NodeRole } from '../providers/kernel/node-role';

// The generated provider bindings (L1): one class per resource and data source, as the schemas
// declare them; e.g. `new talos.provider.TalosProvider(stack, 'talos')` in a stack of your own.
export * as talos from '../providers/bindings/talos';
export * as capi from '../providers/bindings/capi';
export * as proxmox from '../providers/bindings/proxmox';
