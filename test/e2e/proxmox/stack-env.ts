/**
 * What every e2e of a Proxmox stack (test/e2e/proxmox/app.ts) against the PVE simulator needs: the
 * real bpg/proxmox provider from the local mirror only, our talos provider (its ephemeral
 * talos_proxmox_credentials reads the token the spec names), the simulator's CA for Go's TLS
 * (insecure stays false), the token in the variable the spec names, and a cdktf runner.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildProvider } from '../../../tools/build/build-providers';
import { PROVIDERS, providerSource } from '../../../tools/build/catalog';
import { BPG_PROXMOX, ensureProxmoxProvider, REPO_ROOT } from '../../../tools/build/proxmox-provider';
import type { ProxmoxSimulator } from '../../lab/proxmox/simulator';
import { run, type RunResult } from '../../support/terraform';
import { cdktfTestEnv } from '../support/cdktf-env';

const FQPN = `${BPG_PROXMOX.hostname}/${BPG_PROXMOX.namespace}/${BPG_PROXMOX.type}`;
const cdktfBin = path.join(REPO_ROOT, 'node_modules', '.bin', 'cdktf');

/** Builds bpg/proxmox if needed (call it before starting anything slow to time out on). */
export async function ensureBpgProvider(): Promise<string> {
  return (await ensureProxmoxProvider({ log: () => undefined })).mirrorDir;
}

/** A CLI config installing bpg/proxmox and our talos provider from their mirrors only. */
export async function proxmoxStageCliConfig(dir: string): Promise<string> {
  const bpgMirror = await ensureBpgProvider();
  const talos = PROVIDERS.find((p) => p.type === 'talos');
  if (!talos) throw new Error('the provider catalog has no talos provider');
  const ownMirror = path.join(dir, 'own-mirror');
  buildProvider(talos, ownMirror);
  const rc = path.join(dir, 'terraformrc');
  const block = (mirror: string, fqpn: string) => ['  filesystem_mirror {', `    path    = ${JSON.stringify(path.resolve(mirror))}`, `    include = [${JSON.stringify(fqpn)}]`, '  }'];
  fs.writeFileSync(rc, ['provider_installation {', ...block(bpgMirror, FQPN), ...block(ownMirror, providerSource(talos)), '}', ''].join('\n'));
  return rc;
}

export async function proxmoxStackEnv(opts: {
  readonly tmp: string;
  readonly sim: ProxmoxSimulator;
  readonly stack: string;
  readonly specFile: string;
  readonly tokenEnv?: string;
}): Promise<NodeJS.ProcessEnv> {
  return cdktfTestEnv({
    TF_CLI_CONFIG_FILE: await proxmoxStageCliConfig(opts.tmp),
    SSL_CERT_FILE: opts.sim.caFile,
    PTC_PROXMOX_SPEC_FILE: opts.specFile,
    PTC_PROXMOX_STACK: opts.stack,
    // The variable the spec's proxmox.credentials names (the lab cluster's: PROXMOX_VE_API_TOKEN).
    [opts.tokenEnv ?? 'PROXMOX_VE_API_TOKEN']: opts.sim.credentials.apiToken,
  });
}

/** `cdktf <args>` of the Proxmox test app, synthesized into `out`. */
export function runProxmoxApp(args: readonly string[], out: string, env: NodeJS.ProcessEnv, timeoutMs = 15 * 60_000): Promise<RunResult> {
  return run(cdktfBin, [...args, '-a', 'npx tsx test/e2e/proxmox/app.ts', '-o', out, '--skip-provider-lock'], { cwd: REPO_ROOT, env, timeoutMs });
}
