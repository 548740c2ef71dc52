/**
 * What every `capi` resource handler receives as `ctx.provider`: a lazily opened connection to the
 * management cluster described by the provider's kubeconfig / kubeconfig_path / context.
 */
import { KubeconfigError, loadKubeconfigFile, parseKubeconfig, type ClusterAccess } from './kube';
import { ManagementCluster } from './install/management-cluster';

export interface CapiProviderConfig {
  readonly kubeconfig: string | null;
  readonly kubeconfig_path: string | null;
  readonly context: string | null;
}

export class ProviderConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProviderConfigError';
  }
}

export interface CapiProviderContext {
  /**
   * False when the provider has no kubeconfig yet: not configured, or (during a plan) computed from
   * resources that do not exist yet. Plan-time checks that need the cluster are skipped then.
   */
  readonly hasCluster: boolean;
  /** The management cluster; throws a clear error when the provider has no kubeconfig. */
  management(): ManagementCluster;
}

/** Builds the provider context from its configuration; a malformed kubeconfig fails here, before any resource runs. */
export function createProviderContext(config: CapiProviderConfig): CapiProviderContext {
  if (config.kubeconfig && config.kubeconfig_path) {
    throw new ProviderConfigError('set either kubeconfig (the file contents) or kubeconfig_path, not both');
  }
  let access: ClusterAccess | undefined;
  try {
    if (config.kubeconfig) access = parseKubeconfig({ text: config.kubeconfig, origin: 'the capi provider kubeconfig', context: config.context ?? undefined });
    else if (config.kubeconfig_path) access = loadKubeconfigFile(config.kubeconfig_path, config.context ?? undefined);
  } catch (err) {
    if (err instanceof KubeconfigError) throw new ProviderConfigError(err.message);
    throw err;
  }
  let connection: ManagementCluster | undefined;
  return {
    hasCluster: access !== undefined,
    management() {
      if (!access) {
        throw new ProviderConfigError(
          'the capi provider has no management cluster: set its kubeconfig (contents) or kubeconfig_path; if it comes from another resource, that resource must exist first',
        );
      }
      connection ??= ManagementCluster.connect(access);
      return connection;
    },
  };
}
