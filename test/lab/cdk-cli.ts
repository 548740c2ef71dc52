/**
 * The CLI of the CDK flavour the app runs with (PTC_CDK: cdktf by default, cdktn for CDK Terrain),
 * as `npm start` and the e2e deploys invoke it: the repository's own node_modules/.bin copy. The
 * app it launches reads the same PTC_CDK, so the synth uses the matching core package.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CDK_FLAVOURS, CDK_FLAVOUR_VARIABLE, cdkCliNodeProblem, type CdkFlavour } from '../../providers/bindings/cdk-flavour';
import { REPO_ROOT } from '../../tools/build/catalog';

export interface CdkCli {
  readonly flavour: CdkFlavour;
  /** `cdktf` or `cdktn`, for messages and the commands printed to the user. */
  readonly command: string;
  readonly bin: string;
  /** How a user runs it from a shell in the repository: `npx cdktf`, `PTC_CDK=cdktn npx cdktn`. */
  readonly npx: string;
}

/** @throws Error naming the fix when this Node.js is too old for the CLI or the CLI is not installed */
export function cdkCli(flavour: CdkFlavour, nodeVersion: string = process.versions.node, root: string = REPO_ROOT): CdkCli {
  const info = CDK_FLAVOURS[flavour];
  const problem = cdkCliNodeProblem(flavour, nodeVersion);
  if (problem) throw new Error(flavour === 'cdktf' ? problem : `${CDK_FLAVOUR_VARIABLE}=${flavour}: ${problem}`);
  const bin = path.join(root, 'node_modules', '.bin', info.command);
  if (!fs.existsSync(bin)) throw new Error(`${bin} is missing: the ${info.cliPackage} package is not installed; run npm install`);
  return { flavour, command: info.command, bin, npx: flavour === 'cdktf' ? `npx ${info.command}` : `${CDK_FLAVOUR_VARIABLE}=${flavour} npx ${info.command}` };
}
