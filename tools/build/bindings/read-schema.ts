/**
 * Reads a provider's schema the way `cdktf get` does (`terraform init` + `terraform providers
 * schema -json` in a scratch directory), but installing only from a filesystem mirror: offline,
 * and never touching the user's CLI config or plugin cache.
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { terraformBinary } from '../engine';
import { assertConstraint, parseProviderSource } from './provider-address';

const execFileAsync = promisify(execFile);

export interface ReadSchemaOptions {
  /** `bpg/proxmox` or `ptc.internal/ptc/talos`. */
  source: string;
  /** Constraint for `required_providers` (an exact version selects exactly that package). */
  version: string;
  /** Filesystem mirror root (unpacked or packed layout). */
  mirrorDir: string;
  /** Terraform executable; default `$TERRAFORM_BINARY_NAME` or `terraform`. */
  terraformBinary?: string;
}

/** A CLI config that installs `fqpns` from `mirrorDir` only (no registry, no dev_overrides). */
export function mirrorOnlyCliConfig(mirrorDir: string, fqpns: readonly string[]): string {
  const include = fqpns.map((f) => JSON.stringify(f)).join(', ');
  return ['provider_installation {', '  filesystem_mirror {', `    path    = ${JSON.stringify(path.resolve(mirrorDir))}`, `    include = [${include}]`, '  }', '}', ''].join('\n');
}

/** Environment for terraform children: our CLI config, no plugin cache, no checkpoint calls. */
export function terraformEnv(cliConfigFile: string, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, TF_CLI_CONFIG_FILE: cliConfigFile, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' };
  delete env.TF_PLUGIN_CACHE_DIR;
  return env;
}

export async function readProviderSchemaFromMirror(options: ReadSchemaOptions): Promise<unknown> {
  const address = parseProviderSource(options.source);
  const constraint = assertConstraint(options.version, 'version');
  const terraform = options.terraformBinary ?? terraformBinary();
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ptc-schema-'));
  try {
    const rc = path.join(dir, 'terraformrc');
    await fs.writeFile(rc, mirrorOnlyCliConfig(options.mirrorDir, [address.fqpn]));
    const config = {
      terraform: { required_providers: { [address.type]: { source: address.source, version: constraint } } },
    };
    await fs.writeFile(path.join(dir, 'main.tf.json'), JSON.stringify(config, null, 2));
    const env = terraformEnv(rc);
    const tf = async (args: string[]): Promise<string> => {
      try {
        const { stdout } = await execFileAsync(terraform, args, { cwd: dir, env, maxBuffer: 256 * 1024 * 1024 });
        return stdout;
      } catch (err) {
        const e = err as Error & { stderr?: string; stdout?: string };
        throw new Error(`terraform ${args.join(' ')} failed for ${address.fqpn} ${constraint} (mirror ${options.mirrorDir}):\n${e.stderr || e.stdout || e.message}`);
      }
    };
    await tf(['init', '-input=false', '-no-color', '-backend=false']);
    return JSON.parse(await tf(['providers', 'schema', '-json']));
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
