/**
 * The Cluster API managers, clusterctl and kustomize, built from the Go module proxy by build.sh
 * (pinned in go/*), plus the provider components it renders from the same module versions. A fresh
 * machine builds them on first use (long: see build.sh); later calls find them cached.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface LabCapiBinaries {
  readonly dir: string;
  readonly capiManager: string;
  readonly cabptManager: string;
  readonly cacpptManager: string;
  readonly capmoxManager: string;
  readonly ipamManager: string;
  readonly clusterctl: string;
  readonly kustomize: string;
  /** Components rendered from the pinned modules, in clusterctl's overrides layout. */
  readonly componentsDir: string;
}

export const CAPI_BUILD_SCRIPT = join(__dirname, 'build.sh');

const BIN_LINE = /^PTC_LAB_CAPI_BIN=(.+)$/m;

/** Paths inside a directory produced by build.sh. */
export function labCapiBinariesIn(dir: string): LabCapiBinaries {
  return {
    dir,
    capiManager: join(dir, 'capi-manager'),
    cabptManager: join(dir, 'cabpt-manager'),
    cacpptManager: join(dir, 'cacppt-manager'),
    capmoxManager: join(dir, 'capmox-manager'),
    ipamManager: join(dir, 'ipam-manager'),
    clusterctl: join(dir, 'clusterctl'),
    kustomize: join(dir, 'kustomize'),
    componentsDir: join(dir, 'components'),
  };
}

let pending: Promise<LabCapiBinaries> | undefined;

/**
 * Runs build.sh (a no-op taking a moment when the pinned outputs are cached) and returns their
 * paths. Progress goes to this process's stderr so a long cold build is visible. Concurrent
 * callers in one process share one run; build.sh itself serialises across processes.
 */
export function ensureLabCapiBinaries(): Promise<LabCapiBinaries> {
  pending ??= runBuild().catch((err: unknown) => {
    pending = undefined;
    throw err;
  });
  return pending;
}

function runBuild(): Promise<LabCapiBinaries> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [CAPI_BUILD_SCRIPT], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.once('error', (err) => reject(new Error(`could not run ${CAPI_BUILD_SCRIPT}: ${err.message}`)));
    child.once('close', (code) => {
      const match = BIN_LINE.exec(stdout);
      if (code !== 0 || !match) {
        reject(new Error(`${CAPI_BUILD_SCRIPT} failed (exit ${String(code)}); its messages are above. Output:\n${stdout}`));
        return;
      }
      const binaries = labCapiBinariesIn(match[1].trim());
      const missing = Object.entries(binaries).filter(([key, path]) => key !== 'dir' && !existsSync(path));
      if (missing.length > 0) {
        reject(new Error(`${CAPI_BUILD_SCRIPT} reported ${binaries.dir} but it lacks ${missing.map(([, p]) => p).join(', ')}`));
        return;
      }
      resolve(binaries);
    });
  });
}
