/**
 * The lab's Kubernetes binaries, built from the Go module proxy by build.sh (pinned in go/*).
 * A fresh machine builds them on first use (long: see build.sh); later calls find them cached.
 */
import { join } from 'node:path';
import { checkBuiltPaths, once, runBuildScript } from '../build/build-script';

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

/**
 * Runs build.sh (a no-op taking a moment when the pinned binaries are cached) and returns their
 * paths. The build's progress goes to this process's stderr so a long cold build is visible.
 * Concurrent callers in one process share one run; build.sh itself serialises across processes.
 */
export const ensureLabBinaries: () => Promise<LabBinaries> = once(async () => checkBuiltPaths(BUILD_SCRIPT, labBinariesIn(await runBuildScript(BUILD_SCRIPT, 'PTC_LAB_K8S_BIN'))));
