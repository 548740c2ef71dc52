/**
 * The two CDK flavours the app runs on: HashiCorp's CDKTF (archived at 0.21.0) and its community
 * fork CDK Terrain (cdktn). Same API and same synthesized output format; each has its own core
 * package and CLI. Pure names and checks here; cdk-core.ts loads the chosen core.
 */

export interface CdkFlavourInfo {
  /** The core library every construct of a synth comes from. */
  readonly corePackage: string;
  /** The CLI package and its command (synth, deploy, diff, destroy). */
  readonly cliPackage: string;
  readonly command: string;
  /** Lowest Node.js the CLI supports (its `engines`), as [major, minor]. */
  readonly minNode: readonly [number, number];
  readonly title: string;
}

export const CDK_FLAVOURS = {
  cdktf: { corePackage: 'cdktf', cliPackage: 'cdktf-cli', command: 'cdktf', minNode: [20, 19], title: 'CDKTF' },
  cdktn: { corePackage: 'cdktn', cliPackage: 'cdktn-cli', command: 'cdktn', minNode: [22, 19], title: 'CDK Terrain' },
} as const satisfies Record<string, CdkFlavourInfo>;

export type CdkFlavour = keyof typeof CDK_FLAVOURS;

/** The variable that picks the flavour; unset or empty means cdktf. */
export const CDK_FLAVOUR_VARIABLE = 'PTC_CDK';
export const DEFAULT_CDK_FLAVOUR: CdkFlavour = 'cdktf';

export type CdkFlavourChoice = { readonly flavour: CdkFlavour; readonly problem?: undefined } | { readonly flavour?: undefined; readonly problem: string };

const isFlavour = (value: string): value is CdkFlavour => Object.prototype.hasOwnProperty.call(CDK_FLAVOURS, value);

/** The flavour a PTC_CDK value names, or what is wrong with it (with the fix). */
export function parseCdkFlavour(value: string | undefined): CdkFlavourChoice {
  if (value === undefined || value === '') return { flavour: DEFAULT_CDK_FLAVOUR };
  if (isFlavour(value)) return { flavour: value };
  const names = Object.keys(CDK_FLAVOURS).join(' or ');
  return { problem: `"${value}" is not a CDK flavour; use ${names} (cdktn is CDK Terrain, the community fork of CDKTF), or unset it for cdktf` };
}

/**
 * The CLI that launched the app, when npm tells: `npx cdktn …` (and an npm script running `cdktn …`)
 * sets npm_lifecycle_script to the command. The CLIs themselves launch the app identically
 * (same CDKTF_* variables, same cdktf.json), so this is the only trace of which one it was.
 */
export function launchingCdkCli(npmLifecycleScript: string | undefined): CdkFlavour | undefined {
  const command = npmLifecycleScript?.trim().split(/\s+/)[0];
  return command !== undefined && isFlavour(command) && CDK_FLAVOURS[command].command === command ? command : undefined;
}

/** PTC_CDK when set; else the flavour of the CLI that launched the app (via npx or an npm script); else cdktf. */
export function cdkFlavourFromEnv(env: Readonly<Record<string, string | undefined>>): CdkFlavourChoice {
  const explicit = env[CDK_FLAVOUR_VARIABLE];
  if (explicit !== undefined && explicit !== '') return parseCdkFlavour(explicit);
  return { flavour: launchingCdkCli(env.npm_lifecycle_script) ?? DEFAULT_CDK_FLAVOUR };
}

/** Why the flavour's CLI cannot run on this Node.js, with the fix; undefined when it can. */
export function cdkCliNodeProblem(flavour: CdkFlavour, nodeVersion: string = process.versions.node): string | undefined {
  const info = CDK_FLAVOURS[flavour];
  const [major, minor] = nodeVersion.split('.').map((n) => Number.parseInt(n, 10));
  const [needMajor, needMinor] = info.minNode;
  if (major > needMajor || (major === needMajor && minor >= needMinor)) return undefined;
  const fix =
    flavour === DEFAULT_CDK_FLAVOUR
      ? `use Node.js ${needMajor}.${needMinor} or later`
      : `use Node.js ${needMajor}.${needMinor} or later (e.g. Node 24 LTS), or unset ${CDK_FLAVOUR_VARIABLE} to use cdktf`;
  return `${info.title} (${info.cliPackage}) needs Node.js >= ${needMajor}.${needMinor}, this is Node.js ${nodeVersion}; ${fix}`;
}
