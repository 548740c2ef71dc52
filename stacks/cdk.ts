/**
 * The one door to the CDK core package. Every stack, construct and test imports the core through
 * here; the generated bindings import the same module (providers/bindings/cdk-core.ts), which
 * loads cdktf, or CDK Terrain's cdktn with PTC_CDK=cdktn, once per process.
 */
export {
  App,
  Fn,
  LocalBackend,
  CloudBackend,
  NamedCloudWorkspace,
  TerraformOutput,
  TerraformProvider,
  TerraformResource,
  TerraformDataSource,
  TerraformElement,
  TerraformStack,
  TerraformVariable,
  Testing,
  Token,
  ref,
  CDK_CORE,
} from '../providers/bindings/cdk-core';
export type { TerraformProviderConfig, TerraformResourceConfig, TerraformMetaArguments, LoadedCdkCore } from '../providers/bindings/cdk-core';
export { CDK_FLAVOURS, CDK_FLAVOUR_VARIABLE, type CdkFlavour } from '../providers/bindings/cdk-flavour';

import { CDK_CORE } from '../providers/bindings/cdk-core';

/** Package name of the loaded core library, for the few places that must name it (jest matchers). */
export const CDK_CORE_PACKAGE: string = CDK_CORE.corePackage;
