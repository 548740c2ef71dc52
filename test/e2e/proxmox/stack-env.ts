/**
 * What every e2e of a Proxmox stack (test/e2e/proxmox/app.ts) against the PVE simulator needs: the
 * real bpg/proxmox provider from the local mirror only, the simulator's CA for Go's TLS (insecure
 * stays false), the token through the sensitive variable, and a cdktf runner for that app.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { mirrorOnlyCliConfig } from '../../../providers/build/bindings/read-schema';
import { BPG_PROXMOX, ensureProxmoxProvider, REPO_ROOT } from '../../../providers/build/proxmox-provider';
import type { ProxmoxSimulator } from '../../lab/proxmox/simulator';
import { run, type RunResult } from '../../support/terraform';
import { cdktfTestEnv } from '../support/cdktf-env';

const FQPN = `${BPG_PROXMOX.hostname}/${BPG_PROXMOX.namespace}/${BPG_PROXMOX.type}`;
const cdktfBin = path.join(REPO_ROOT, 'node_modules', '.bin', 'cdktf');

/** Builds bpg/proxmox if needed (call it before starting anything slow to time out on). */
export async function ensureBpgProvider(): Promise<string> {
  return (await ensureProxmoxProvider({ log: () => undefined })).mirrorDir;
}

export async function proxmoxStackEnv(opts: { readonly tmp: string; readonly sim: ProxmoxSimulator; readonly stack: string; readonly specFile: string }): Promise<NodeJS.ProcessEnv> {
  const rc = path.join(opts.tmp, 'terraformrc');
  fs.writeFileSync(rc, mirrorOnlyCliConfig(await ensureBpgProvider(), [FQPN]));
  return cdktfTestEnv({
    TF_CLI_CONFIG_FILE: rc,
    SSL_CERT_FILE: opts.sim.caFile,
    PTC_PROXMOX_SPEC_FILE: opts.specFile,
    PTC_PROXMOX_STACK: opts.stack,
    TF_VAR_proxmox_api_token: opts.sim.credentials.apiToken,
  });
}

/** `cdktf <args>` of the Proxmox test app, synthesized into `out`. */
export function runProxmoxApp(args: readonly string[], out: string, env: NodeJS.ProcessEnv, timeoutMs = 15 * 60_000): Promise<RunResult> {
  return run(cdktfBin, [...args, '-a', 'npx tsx test/e2e/proxmox/app.ts', '-o', out, '--skip-provider-lock'], { cwd: REPO_ROOT, env, timeoutMs });
}
