/**
 * Everything the app takes from its environment, read once at the edge (main.ts, or a library
 * user's own app) into typed, checked settings. Below this, no code reads `process.env`: the
 * variables a definition names itself (its Proxmox credentials, a management kubeconfig) are looked
 * up in `variables`, a copy taken here.
 */
import * as path from 'node:path';
import { backendChoiceFromEnv, type BackendChoice } from './backend';
import type { LabDefaultOptions } from './definition/lab-default';
import { ValidationError } from '../providers/kernel/validation';

/** Where `npm run lab -- up` leaves the lab management cluster's kubeconfig (under the repository root). */
export const LAB_MANAGEMENT_KUBECONFIG = path.join('.lab', 'management.kubeconfig');

/** The variables the app reads (the lab's env file sets the PTC_LAB_* ones). */
export const APP_ENV = {
  /** local | cloud: overrides every definition's backend (CI); see backend.ts for its companions. */
  backend: 'PTC_BACKEND',
  /** The lab management cluster's kubeconfig, when not at LAB_MANAGEMENT_KUBECONFIG. */
  managementKubeconfig: 'PTC_LAB_MANAGEMENT_KUBECONFIG',
  /** A clusterctl overrides directory with the Cluster API components (the lab's, or an air-gapped copy). */
  capiOverridesDir: 'PTC_CAPI_OVERRIDES_DIR',
  /** How long the adoption watches for the controllers to confirm it, in whole seconds (0 skips the watch). */
  adoptionTimeoutSeconds: 'PTC_ADOPTION_TIMEOUT_SECONDS',
  /** The directory whose `.lab/` the running lab uses; the lab default's credential files go there. */
  labRoot: 'PTC_LAB_ROOT',
  /** The lab's Proxmox simulator URL and Image Factory stand-in, when not at their defaults. */
  labProxmoxEndpoint: 'PTC_LAB_PROXMOX_ENDPOINT',
  labFactoryUrl: 'PTC_LAB_FACTORY_URL',
  /** The lab's Proxmox simulator CA (PEM file), trusted like a real PVE CA. */
  labProxmoxCaFile: 'PTC_LAB_PROXMOX_CA_FILE',
} as const;

export interface AppEnvironment {
  /** Repository (app) root: relative paths of the environment resolve against it. */
  readonly rootDir: string;
  /** Set by PTC_BACKEND: every stack uses it instead of its definition's backend. */
  readonly backendOverride?: BackendChoice;
  /** Absolute path of the lab management cluster's kubeconfig (management kind `lab`). */
  readonly labManagementKubeconfig: string;
  readonly capiOverridesDir?: string;
  readonly adoptionTimeoutSeconds?: number;
  /** Where the built-in lab default points when no definition exists. */
  readonly lab: LabDefaultOptions;
  /** The variables a definition may name, looked up by name. */
  readonly variables: Readonly<Record<string, string | undefined>>;
}

/** A variable of the environment that cannot be used, with the fix. */
export class AppEnvironmentError extends ValidationError {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super([{ scope: 'environment', path: [variable], problem }], `environment variable ${variable}: ${problem}`);
    this.name = 'AppEnvironmentError';
  }
}

const set = (value: string | undefined): string | undefined => (value === undefined || value === '' ? undefined : value);

/** Reads and checks the environment once. @throws AppEnvironmentError naming the variable and the fix */
export function readAppEnvironment(env: NodeJS.ProcessEnv = process.env, rootDir: string = process.cwd()): AppEnvironment {
  let backendOverride: BackendChoice | undefined;
  if (set(env[APP_ENV.backend])) {
    try {
      backendOverride = backendChoiceFromEnv(env);
    } catch (err) {
      throw new AppEnvironmentError(APP_ENV.backend, (err as Error).message);
    }
  }
  const timeout = set(env[APP_ENV.adoptionTimeoutSeconds]);
  if (timeout !== undefined && !/^\d{1,6}$/.test(timeout)) {
    throw new AppEnvironmentError(APP_ENV.adoptionTimeoutSeconds, `"${timeout}" is not whole seconds; write e.g. 600 (0 skips the watch)`);
  }
  return {
    rootDir,
    backendOverride,
    labManagementKubeconfig: path.resolve(rootDir, set(env[APP_ENV.managementKubeconfig]) ?? LAB_MANAGEMENT_KUBECONFIG),
    capiOverridesDir: set(env[APP_ENV.capiOverridesDir]),
    adoptionTimeoutSeconds: timeout === undefined ? undefined : Number(timeout),
    lab: {
      baseDir: set(env[APP_ENV.labRoot]) ?? rootDir,
      proxmoxEndpoint: set(env[APP_ENV.labProxmoxEndpoint]),
      factoryUrl: set(env[APP_ENV.labFactoryUrl]),
      proxmoxCaFile: set(env[APP_ENV.labProxmoxCaFile]),
    },
    variables: Object.freeze({ ...env }),
  };
}
