/**
 * The one door to the CDK core package. Every stack, construct and test imports cdktf
 * through here, so moving to the CDK Terrain fork (`cdktn`) is a change to this file,
 * package.json and a binding regeneration.
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
  TerraformStack,
  TerraformVariable,
  Testing,
  Token,
} from 'cdktf';
export type { TerraformProviderConfig, TerraformResourceConfig, TerraformMetaArguments } from 'cdktf';

/** Package name of the core library, for the few places that must name it (jest matchers). */
export const CDK_CORE_PACKAGE = 'cdktf';
