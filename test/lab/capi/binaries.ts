/**
 * The Cluster API managers, clusterctl and kustomize, built from the Go module proxy by build.sh
 * (pinned in go/*), plus the provider components it renders from the same module versions. A fresh
 * machine builds them on first use (long: see build.sh); later calls find them cached.
 */
import { join } from 'node:path';
import { checkBuiltPaths, once, runBuildScript } from '../build/build-script';

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

/**
 * Runs build.sh (a no-op taking a moment when the pinned outputs are cached) and returns their
 * paths. Progress goes to this process's stderr so a long cold build is visible. Concurrent
 * callers in one process share one run; build.sh itself serialises across processes.
 */
export const ensureLabCapiBinaries: () => Promise<LabCapiBinaries> = once(async () =>
  checkBuiltPaths(CAPI_BUILD_SCRIPT, labCapiBinariesIn(await runBuildScript(CAPI_BUILD_SCRIPT, 'PTC_LAB_CAPI_BIN'))),
);
