/**
 * Runs the `terraform` command for the plan tools. Output is captured, never echoed: plan JSON
 * and pulled state hold sensitive values and stay in memory.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { CLI_CONFIG_FILE } from '../build/catalog';
import { engineVersionLabel, parseEngineVersion, terraformBinary } from '../build/engine';

export { terraformBinary };

export interface TerraformResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The environment for Terraform: the caller's, non-interactive, no telemetry. Our providers
 * install from the filesystem mirror, so when TF_CLI_CONFIG_FILE is unset or names no file, the
 * CLI config that `npm run build:providers` wrote is used.
 */
export function terraformEnv(env: NodeJS.ProcessEnv = process.env, defaultCliConfig = CLI_CONFIG_FILE): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1', ...env };
  if (!(out.TF_CLI_CONFIG_FILE && fs.existsSync(out.TF_CLI_CONFIG_FILE)) && fs.existsSync(defaultCliConfig)) out.TF_CLI_CONFIG_FILE = defaultCliConfig;
  return out;
}

export function terraform(args: readonly string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): Promise<TerraformResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(terraformBinary(opts.env), ['-chdir=' + opts.cwd, ...args], { env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e) => reject(new Error(`cannot run ${terraformBinary(opts.env)}: ${e.message}; install Terraform or set TERRAFORM_BINARY_NAME`)));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

/** The failure text of a run: Terraform writes diagnostics to stderr, some context to stdout. */
export function failureText(step: string, res: TerraformResult): string {
  return `terraform ${step} failed (exit ${res.code})\n${res.stderr.trim() || res.stdout.trim()}`;
}

/** The engine's version as reviewed plans record it: `1.11.4` for Terraform, `OpenTofu 1.12.6` (see engineVersionLabel). */
export async function terraformVersion(env: NodeJS.ProcessEnv): Promise<string> {
  const res = await terraform(['version'], { cwd: process.cwd(), env });
  if (res.code !== 0) throw new Error(failureText('version', res));
  const version = parseEngineVersion(res.stdout);
  if (!version) throw new Error(`${terraformBinary(env)} version: no "Terraform v…" or "OpenTofu v…" line; is this Terraform >= 1.0 or OpenTofu?`);
  return engineVersionLabel(version);
}
