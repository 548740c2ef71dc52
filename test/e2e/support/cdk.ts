/**
 * Which CDK flavour an e2e deploy runs: CDKTF (default) or, with PTC_E2E_CDK=cdktn, CDK Terrain's
 * CLI and core package (Node >= 22.19), chosen the way a user would: PTC_CDK in the environment.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CDK_FLAVOURS, parseCdkFlavour } from '../../../providers/bindings/cdk-flavour';
import { cdkCli, type CdkCli } from '../../lab/cdk-cli';

export interface E2eCdk extends CdkCli {
  /** Version of the core package the app must synthesize with (what manifest.json records). */
  readonly coreVersion: string;
  /** For the CLI and the app it launches. */
  readonly env: Readonly<Record<string, string>>;
}

export function e2eCdk(choice = process.env.PTC_E2E_CDK): E2eCdk {
  const parsed = parseCdkFlavour(choice);
  if (parsed.problem !== undefined) throw new Error(`PTC_E2E_CDK: ${parsed.problem}`);
  const cli = cdkCli(parsed.flavour);
  const coreVersion = (require(`${CDK_FLAVOURS[parsed.flavour].corePackage}/package.json`) as { version: string }).version;
  return { ...cli, coreVersion, env: { PTC_CDK: parsed.flavour } };
}

/** The core versions a synth output records: manifest.json's and each stack's `//` metadata. */
export function synthesizedCoreVersions(outdir: string): { manifest: string; stacks: Record<string, string> } {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as { version: string; stacks: Record<string, { synthesizedStackPath: string }> };
  const stacks = Object.fromEntries(
    Object.entries(manifest.stacks).map(([name, s]) => {
      const json = JSON.parse(fs.readFileSync(path.join(outdir, s.synthesizedStackPath), 'utf8')) as { '//'?: { metadata?: { version?: string } } };
      return [name, json['//']?.metadata?.version ?? '(none)'];
    }),
  );
  return { manifest: manifest.version, stacks };
}
