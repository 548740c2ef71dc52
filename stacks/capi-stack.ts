/**
 * The Cluster API stage of a cluster: our `capi` provider on the management cluster's kubeconfig
 * (a file outside the app, or a reference to a kubeconfig another stage of the app produces),
 * the components and the adoption of the cluster the Proxmox and Talos stages built.
 *
 * The Proxmox token CAPMOX uses comes from the sensitive variable `proxmox_api_token`
 * (TF_VAR_proxmox_api_token, `user@realm!tokenid=secret`, the same variable the Proxmox stage
 * reads); it never enters the synthesized JSON.
 */
import * as path from 'node:path';
import type { Construct } from 'constructs';
import { provider as capi } from '../providers/bindings/capi';
import { Fn, LocalBackend, TerraformOutput, TerraformStack, TerraformVariable, Token } from './cdk';
import { localStatePath } from './backend';
import { CapiClusterAdoption, type CapiClusterAdoptionProps } from './constructs/capi/capi-cluster-adoption';

export const CAPI_PROXMOX_TOKEN_VARIABLE = 'proxmox_api_token';

/** A management cluster outside the app: its kubeconfig file (a path, so its credentials stay out of the JSON). */
export interface ManagementKubeconfigFile {
  /** Absolute path of the management cluster's kubeconfig. */
  readonly kubeconfigPath: string;
  readonly context?: string;
}

/** A management cluster the app builds: a reference to its kubeconfig (e.g. a Talos stage's output), never the text. */
export interface ManagementKubeconfigReference {
  /** A token resolving to the kubeconfig at apply time; a literal would be written into cdk.tf.json and is refused. */
  readonly kubeconfig: string;
}

export type ManagementClusterAccess = ManagementKubeconfigFile | ManagementKubeconfigReference;

function managementProviderConfig(id: string, m: ManagementClusterAccess): capi.CapiProviderConfig {
  if ('kubeconfig' in m) {
    if (!Token.isUnresolved(m.kubeconfig)) {
      throw new Error(`${id}: management.kubeconfig must be a reference (e.g. another stack's kubeconfig output), not the kubeconfig text: a literal would be written into cdk.tf.json`);
    }
    return { kubeconfig: m.kubeconfig };
  }
  if (!path.isAbsolute(m.kubeconfigPath)) {
    throw new Error(`${id}: management.kubeconfigPath "${m.kubeconfigPath}" must be absolute (terraform runs in the stack's own directory)`);
  }
  return { kubeconfigPath: m.kubeconfigPath, context: m.context };
}

export type CapiStackProps = Omit<CapiClusterAdoptionProps, 'proxmox'> & {
  readonly management: ManagementClusterAccess;
  readonly proxmoxUrl: string;
  /** TLS of the Proxmox API for CAPMOX: verified by default; the PVE CA PEM when it is self-signed. */
  readonly proxmoxTls?: { readonly insecure: boolean; readonly rootCaPem?: string };
};

export class CapiStack extends TerraformStack {
  readonly cluster: CapiClusterAdoption;

  constructor(scope: Construct, id: string, props: CapiStackProps) {
    super(scope, id);
    const providerConfig = managementProviderConfig(id, props.management);
    new LocalBackend(this, { path: localStatePath(id) });
    new capi.CapiProvider(this, 'capi', providerConfig);
    const token = new TerraformVariable(this, CAPI_PROXMOX_TOKEN_VARIABLE, {
      type: 'string',
      sensitive: true,
      description: 'PVE API token `user@realm!tokenid=secret` CAPMOX uses (TF_VAR_proxmox_api_token)',
    });
    const parts = Fn.split('=', token.stringValue);
    this.cluster = new CapiClusterAdoption(this, 'cluster', {
      ...props,
      proxmox: { url: props.proxmoxUrl, tokenId: Fn.element(parts, 0), tokenSecret: Fn.element(parts, 1), ...props.proxmoxTls },
    });
    new TerraformOutput(this, 'capi_namespace', { value: props.namespace, staticId: true });
    new TerraformOutput(this, 'adoption_confirmed', { value: this.cluster.adoption.adoptionConfirmed, staticId: true });
  }
}
