/**
 * The CDK core package, chosen once per process: cdktf, or CDK Terrain's `cdktn` with PTC_CDK=cdktn
 * (or, without PTC_CDK, when `npx cdktn …` launched the app).
 * The generated bindings import it (instead of 'cdktf'), and stacks/cdk.ts, the door of the stacks,
 * re-exports it, so every construct of one synth comes from one package: an App of one with
 * resources of the other would not synthesize (each keeps its own construct and token machinery).
 *
 * Types are cdktf's for both: CDK Terrain 0.24's declarations are a superset of cdktf 0.21's for
 * every symbol below (checked by typechecking the app against cdktn's declarations).
 */
import type * as Core from 'cdktf';
import { CDK_FLAVOURS, CDK_FLAVOUR_VARIABLE, DEFAULT_CDK_FLAVOUR, cdkFlavourFromEnv, type CdkFlavour } from './cdk-flavour';

export type * from 'cdktf';

export interface LoadedCdkCore {
  readonly flavour: CdkFlavour;
  readonly corePackage: string;
  /** Version of the loaded core package: what the synth records in manifest.json and each stack's `//` metadata. */
  readonly version: string;
  /**
   * Why PTC_CDK could not be honoured (unknown value, package not installed), with the fix; the
   * default core is loaded meanwhile and readAppEnvironment() refuses to go on with this text.
   */
  readonly problem?: string;
}

const packageVersion = (pkg: string): string => (require(`${pkg}/package.json`) as { version: string }).version;

function notInstalled(err: unknown, pkg: string): boolean {
  const e = err as NodeJS.ErrnoException;
  return e?.code === 'MODULE_NOT_FOUND' && typeof e.message === 'string' && e.message.includes(`'${pkg}'`);
}

function load(): { core: typeof Core; loaded: LoadedCdkCore } {
  // Read here rather than in stacks/app-environment.ts: binding classes extend core classes as their
  // modules load, which is before any code of the app runs. A problem is reported by
  // readAppEnvironment(), as a clear error rather than a stack trace from a module load.
  const choice = cdkFlavourFromEnv(process.env);
  let problem = choice.problem;
  if (choice.flavour !== undefined && choice.flavour !== DEFAULT_CDK_FLAVOUR) {
    const pkg = CDK_FLAVOURS[choice.flavour].corePackage;
    try {
      return { core: require(pkg) as typeof Core, loaded: { flavour: choice.flavour, corePackage: pkg, version: packageVersion(pkg) } };
    } catch (err) {
      if (!notInstalled(err, pkg)) throw err;
      problem = `${choice.flavour} is chosen but the package ${pkg} is not installed; run npm install (it is one of the devDependencies), or unset ${CDK_FLAVOUR_VARIABLE} to use cdktf`;
    }
  }
  const pkg = CDK_FLAVOURS[DEFAULT_CDK_FLAVOUR].corePackage;
  return { core: require(pkg) as typeof Core, loaded: { flavour: DEFAULT_CDK_FLAVOUR, corePackage: pkg, version: packageVersion(pkg), problem } };
}

const { core, loaded } = load();

/** Which core this process loaded. */
export const CDK_CORE: LoadedCdkCore = Object.freeze(loaded);

// The values the stacks and the bindings use. A class is exported as a value and as a type (the
// type-only star export above is shadowed by these names). Typecheck fails on a missing one.
export const App = core.App;
export type App = Core.App;
export const TerraformStack = core.TerraformStack;
export type TerraformStack = Core.TerraformStack;
export const TerraformProvider = core.TerraformProvider;
export type TerraformProvider = Core.TerraformProvider;
export const TerraformResource = core.TerraformResource;
export type TerraformResource = Core.TerraformResource;
export const TerraformDataSource = core.TerraformDataSource;
export type TerraformDataSource = Core.TerraformDataSource;
export const TerraformOutput = core.TerraformOutput;
export type TerraformOutput = Core.TerraformOutput;
export const TerraformVariable = core.TerraformVariable;
export type TerraformVariable = Core.TerraformVariable;
export const ImportableResource = core.ImportableResource;
export type ImportableResource = Core.ImportableResource;
export const LocalBackend = core.LocalBackend;
export type LocalBackend = Core.LocalBackend;
export const CloudBackend = core.CloudBackend;
export type CloudBackend = Core.CloudBackend;
export const NamedCloudWorkspace = core.NamedCloudWorkspace;
export type NamedCloudWorkspace = Core.NamedCloudWorkspace;
export const ComplexObject = core.ComplexObject;
export type ComplexObject = Core.ComplexObject;
export const ComplexList = core.ComplexList;
export type ComplexList = Core.ComplexList;
export const StringListList = core.StringListList;
export type StringListList = Core.StringListList;
export const BooleanList = core.BooleanList;
export type BooleanList = Core.BooleanList;
export const Testing = core.Testing;
export type Testing = Core.Testing;
export const Token = core.Token;
export type Token = Core.Token;
export const Tokenization = core.Tokenization;
export type Tokenization = Core.Tokenization;
export const Fn = core.Fn;
export type Fn = Core.Fn;
// For elements cdktf has no class for (the `ephemeral` block: stacks/constructs/ephemeral-resource.ts).
export const TerraformElement = core.TerraformElement;
export type TerraformElement = Core.TerraformElement;
export const ref = core.ref;

export const stringToTerraform = core.stringToTerraform;
export const stringToHclTerraform = core.stringToHclTerraform;
export const numberToTerraform = core.numberToTerraform;
export const numberToHclTerraform = core.numberToHclTerraform;
export const booleanToTerraform = core.booleanToTerraform;
export const booleanToHclTerraform = core.booleanToHclTerraform;
export const listMapper = core.listMapper;
export const listMapperHcl = core.listMapperHcl;
export const hashMapper = core.hashMapper;
export const hashMapperHcl = core.hashMapperHcl;
export const isComplexElement = core.isComplexElement;
export const canInspect = core.canInspect;
