/**
 * Runs the real `terraform` binary for end-to-end tests, with an isolated CLI config that
 * installs providers from a filesystem mirror only (no registry is reachable here).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildProvider, cliConfig, mirroredAddresses } from '../../tools/build/build-providers';
import type { ProviderPackage } from '../../tools/build/catalog';
import { terraformBinary } from '../../tools/build/engine';

export { terraformBinary };

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A scratch workspace: its own mirror with the given providers and its own CLI config. */
export class TerraformWorkspace {
  readonly root: string;
  readonly mirror: string;
  readonly cliConfigFile: string;

  constructor(prefix: string, providers: readonly ProviderPackage[], extraMirrorAddresses: readonly string[] = []) {
    this.root = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
    this.mirror = path.join(this.root, 'mirror');
    for (const p of providers) buildProvider(p, this.mirror);
    this.cliConfigFile = path.join(this.root, 'terraformrc');
    fs.writeFileSync(this.cliConfigFile, cliConfig(this.mirror, [...mirroredAddresses(this.mirror), ...extraMirrorAddresses]));
  }

  env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      TF_CLI_CONFIG_FILE: this.cliConfigFile,
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      CHECKPOINT_DISABLE: '1',
      ...extra,
    };
    delete env.TF_PLUGIN_CACHE_DIR;
    return env;
  }

  dir(name: string): string {
    const d = path.join(this.root, name);
    fs.mkdirSync(d, { recursive: true });
    return d;
  }

  run(args: readonly string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<RunResult> {
    return run(terraformBinary(), args, { cwd: opts.cwd, env: this.env(opts.env), timeoutMs: opts.timeoutMs });
  }

  cleanup(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

export function run(cmd: string, args: readonly string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string }): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${cmd} ${args.join(' ')} timed out after ${opts.timeoutMs} ms\n${stdout}\n${stderr}`));
    }, opts.timeoutMs ?? 300_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}

/** Fails with the whole output when terraform did not succeed. */
export function ok(res: RunResult): RunResult {
  if (res.code !== 0) throw new Error(`terraform failed (exit ${res.code}):\n${res.stdout}\n${res.stderr}`);
  return res;
}
