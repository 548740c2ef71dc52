/**
 * The lab's Kubernetes binaries, built from the Go module proxy by build.sh (pinned in go/*).
 * A fresh machine builds them on first use (long: see build.sh); later calls find them cached.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface LabBinaries {
  readonly dir: string;
  readonly kubeApiserver: string;
  readonly kubeControllerManager: string;
  readonly kubeScheduler: string;
  readonly etcd: string;
  readonly kwok: string;
  /** kwok Stage objects (node initialise/heartbeat, pod ready/complete/delete) taken from the pinned kwok module. */
  readonly kwokStages: string;
}

export const BUILD_SCRIPT = join(__dirname, 'build.sh');

const BIN_LINE = /^PTC_LAB_K8S_BIN=(.+)$/m;

/** Paths of the binaries inside a directory produced by build.sh. */
export function labBinariesIn(dir: string): LabBinaries {
  return {
    dir,
    kubeApiserver: join(dir, 'kube-apiserver'),
    kubeControllerManager: join(dir, 'kube-controller-manager'),
    kubeScheduler: join(dir, 'kube-scheduler'),
    etcd: join(dir, 'etcd'),
    kwok: join(dir, 'kwok'),
    kwokStages: join(dir, 'kwok-stages.yaml'),
  };
}

let pending: Promise<LabBinaries> | undefined;

/**
 * Runs build.sh (a no-op taking a moment when the pinned binaries are cached) and returns their
 * paths. The build's progress goes to this process's stderr so a long cold build is visible.
 * Concurrent callers in one process share one run; build.sh itself serialises across processes.
 */
export function ensureLabBinaries(): Promise<LabBinaries> {
  pending ??= runBuild().catch((err: unknown) => {
    pending = undefined;
    throw err;
  });
  return pending;
}

function runBuild(): Promise<LabBinaries> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [BUILD_SCRIPT], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.once('error', (err) => reject(new Error(`could not run ${BUILD_SCRIPT}: ${err.message}`)));
    child.once('close', (code) => {
      const match = BIN_LINE.exec(stdout);
      if (code !== 0 || !match) {
        reject(new Error(`${BUILD_SCRIPT} failed (exit ${String(code)}); its messages are above. Output:\n${stdout}`));
        return;
      }
      const binaries = labBinariesIn(match[1].trim());
      const missing = Object.entries(binaries).filter(([key, path]) => key !== 'dir' && !existsSync(path));
      if (missing.length > 0) {
        reject(new Error(`${BUILD_SCRIPT} reported ${binaries.dir} but it lacks ${missing.map(([, p]) => p).join(', ')}`));
        return;
      }
      resolve(binaries);
    });
  });
}
