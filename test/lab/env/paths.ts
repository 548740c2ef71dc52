/**
 * Where the embedded lab keeps its files: everything under `<root>/.lab/` (git-ignored).
 * The management kubeconfig path is the one stacks/app.ts reads by default.
 */
import * as path from 'node:path';
import { LAB_MANAGEMENT_KUBECONFIG } from '../../../stacks/app-environment';

export interface LabPaths {
  readonly root: string;
  readonly dir: string;
  /** Shell-sourceable settings for the deploy (mode 0600: holds the API token). */
  readonly envFile: string;
  /** JSON {pid, startedAt, ...}: written once the lab serves, removed when it stops. */
  readonly pidFile: string;
  /** pid-lock.ts: taken by the lab process before it touches any state here, released when it stops. */
  readonly lockFile: string;
  /** Output of a detached lab. */
  readonly logFile: string;
  readonly pveState: string;
  readonly managementKubeconfig: string;
  readonly managementDir: string;
  readonly workloadDir: string;
  /** What `npm start` writes for the user (mode 0600). */
  readonly kubeconfig: string;
  readonly talosconfig: string;
}

export function labPaths(root: string): LabPaths {
  const abs = path.resolve(root);
  const dir = path.join(abs, '.lab');
  return {
    root: abs,
    dir,
    envFile: path.join(dir, 'env'),
    pidFile: path.join(dir, 'lab.pid'),
    lockFile: path.join(dir, 'lab.lock'),
    logFile: path.join(dir, 'lab.log'),
    pveState: path.join(dir, 'pve.json'),
    managementKubeconfig: path.join(abs, LAB_MANAGEMENT_KUBECONFIG),
    managementDir: path.join(dir, 'management'),
    workloadDir: path.join(dir, 'workload'),
    kubeconfig: path.join(dir, 'kubeconfig'),
    talosconfig: path.join(dir, 'talosconfig'),
  };
}
