/**
 * The Cluster API stage of a cluster: our `capi` provider on the management cluster's kubeconfig
 * (a file outside the app, or a reference to a kubeconfig another stage of the app produces),
 * the components and the adoption of the cluster the Proxmox and Talos stages built.
 *
 * The Proxmox token CAPMOX uses is named, not given: the adoption takes the environment variable
 * the definition names (the same one the cluster's Proxmox stage reads) and our capi provider
 * reads it at plan and apply, keeping only its SHA-256 in state; the value never enters the
 * synthesized JSON, and no other cluster's or default variable is consulted.
 */
import * as path from 'node:path';
import type { Construct } from 'constructs';
import { provider as capi } from '../providers/bindings/capi';
import { LocalBackend, TerraformOutput, TerraformStack, Token } from './cdk';
import { localStatePath } from './backend';
import { CapiClusterAdoption, type CapiClusterAdoptionProps } from './constructs/capi/capi-cluster-adoption';

/** A management cluster outside the app: its kubeconfig file (a path, so its credentials stay out of the JSON). */
export interface ManagementKubeconfigFile {
  /** Absolute path of the management cluster's kubeconfig. */
  readonly kubeconfigPath: string;
  /** Context of that kubeconfig to use. @default its current-context */
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
  /** The environment variable holding CAPMOX's API token (`user@realm!tokenid=secret`): a name, never the value. */
  readonly proxmoxTokenEnv: string;
  /** Where that name comes from (a definition file), for the provider's messages. @default the messages name no file */
  readonly proxmoxTokenEnvOrigin?: string;
  /** TLS of the Proxmox API for CAPMOX: the PVE CA PEM when it is self-signed. @default verified against the system's CAs */
  readonly proxmoxTls?: { readonly insecure: boolean; readonly rootCaPem?: string };
};

export class CapiStack extends TerraformStack {
  readonly cluster: CapiClusterAdoption;

  constructor(scope: Construct, id: string, props: CapiStackProps) {
    super(scope, id);
    const providerConfig = managementProviderConfig(id, props.management);
    new LocalBackend(this, { path: localStatePath(id) });
    new capi.CapiProvider(this, 'capi', providerConfig);
    this.cluster = new CapiClusterAdoption(this, 'cluster', {
      ...props,
      proxmox: { url: props.proxmoxUrl, tokenEnv: props.proxmoxTokenEnv, tokenEnvOrigin: props.proxmoxTokenEnvOrigin, ...props.proxmoxTls },
    });
    new TerraformOutput(this, 'capi_namespace', { value: props.namespace, staticId: true });
    new TerraformOutput(this, 'adoption_confirmed', { value: this.cluster.adoption.adoptionConfirmed, staticId: true });
  }
}
