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
import { CDK_CORE } from '../providers/bindings/cdk-core';
import { CDK_FLAVOUR_VARIABLE, parseCdkFlavour, type CdkFlavour } from '../providers/bindings/cdk-flavour';

/** Where `npm run lab -- up` leaves the lab management cluster's kubeconfig (under the repository root). */
export const LAB_MANAGEMENT_KUBECONFIG = path.join('.lab', 'management.kubeconfig');

/** The variables the app reads (the lab's env file sets the PTC_LAB_* ones). */
export const APP_ENV = {
  /** cdktf (default) | cdktn: the CDK core package; read when the core is first imported (providers/bindings/cdk-core.ts), checked here. */
  cdk: CDK_FLAVOUR_VARIABLE,
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
  /** true (default) | false: false keeps the Talos stage on stored arguments, for engines older than Terraform/OpenTofu 1.11. */
  writeOnly: 'PTC_WRITE_ONLY',
} as const;

export interface AppEnvironment {
  /** Repository (app) root: relative paths of the environment resolve against it. */
  readonly rootDir: string;
  /** The CDK flavour whose core package this process synthesizes with (PTC_CDK). */
  readonly cdk: CdkFlavour;
  /** Set by PTC_BACKEND: every stack uses it instead of its definition's backend. */
  readonly backendOverride?: BackendChoice;
  /** Absolute path of the lab management cluster's kubeconfig (management kind `lab`). */
  readonly labManagementKubeconfig: string;
  readonly capiOverridesDir?: string;
  readonly adoptionTimeoutSeconds?: number;
  /**
   * The engine has write-only arguments (Terraform or OpenTofu >= 1.11): the Talos stage hands the
   * machine configurations and client credentials to the nodes write-only (PTC_WRITE_ONLY, default true).
   */
  readonly writeOnly: boolean;
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
  const cdk = loadedCdkFlavour(env);
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
    cdk,
    writeOnly: parseWriteOnly(set(env[APP_ENV.writeOnly])),
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

function parseWriteOnly(value: string | undefined): boolean {
  if (value === undefined) return true;
  if (/^(true|1|on|yes)$/i.test(value)) return true;
  if (/^(false|0|off|no)$/i.test(value)) return false;
  throw new AppEnvironmentError(
    APP_ENV.writeOnly,
    `"${value}" is not true or false; set ${APP_ENV.writeOnly}=false for Terraform or OpenTofu older than 1.11 (the machine configurations then stay in state), or unset it (write-only, the default)`,
  );
}

/**
 * The core package was chosen from PTC_CDK when it was first imported; here its problem (an unknown
 * value, a missing package) becomes a clear error, as does an `env` naming another flavour.
 */
function loadedCdkFlavour(env: NodeJS.ProcessEnv): CdkFlavour {
  if (CDK_CORE.problem) throw new AppEnvironmentError(APP_ENV.cdk, CDK_CORE.problem);
  const value = set(env[APP_ENV.cdk]);
  if (value === undefined) return CDK_CORE.flavour;
  const wanted = parseCdkFlavour(value);
  if (wanted.problem !== undefined) throw new AppEnvironmentError(APP_ENV.cdk, wanted.problem);
  if (wanted.flavour !== CDK_CORE.flavour) {
    throw new AppEnvironmentError(
      APP_ENV.cdk,
      `is ${wanted.flavour}, but this process loaded ${CDK_CORE.corePackage} ${CDK_CORE.version} when it first imported the CDK core; set ${APP_ENV.cdk}=${wanted.flavour} in the environment the app starts with`,
    );
  }
  return wanted.flavour;
}
