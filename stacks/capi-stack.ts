/**
 * The Cluster API stage of a cluster: our `capi` provider on the management cluster's kubeconfig,
 * the components and the adoption of the cluster the Proxmox and Talos stages built.
 *
 * The Proxmox token CAPMOX uses comes from the sensitive variable `proxmox_api_token`
 * (TF_VAR_proxmox_api_token, `user@realm!tokenid=secret`, the same variable the Proxmox stage
 * reads); it never enters the synthesized JSON.
 */
import * as path from 'node:path';
import type { Construct } from 'constructs';
import { provider as capi } from '../providers/bindings/capi';
import { Fn, LocalBackend, TerraformOutput, TerraformStack, TerraformVariable } from './cdk';
import { localStatePath } from './backend';
import { CapiClusterAdoption, type CapiClusterAdoptionProps } from './constructs/capi/capi-cluster-adoption';

export const CAPI_PROXMOX_TOKEN_VARIABLE = 'proxmox_api_token';

export interface ManagementClusterAccess {
  /** Absolute path of the management cluster's kubeconfig (a path, so its credentials stay out of the JSON). */
  readonly kubeconfigPath: string;
  readonly context?: string;
}

export type CapiStackProps = Omit<CapiClusterAdoptionProps, 'proxmox'> & {
  readonly management: ManagementClusterAccess;
  readonly proxmoxUrl: string;
};

export class CapiStack extends TerraformStack {
  readonly cluster: CapiClusterAdoption;

  constructor(scope: Construct, id: string, props: CapiStackProps) {
    super(scope, id);
    if (!path.isAbsolute(props.management.kubeconfigPath)) {
      throw new Error(`${id}: management.kubeconfigPath "${props.management.kubeconfigPath}" must be absolute (terraform runs in the stack's own directory)`);
    }
    new LocalBackend(this, { path: localStatePath(id) });
    new capi.CapiProvider(this, 'capi', { kubeconfigPath: props.management.kubeconfigPath, context: props.management.context });
    const token = new TerraformVariable(this, CAPI_PROXMOX_TOKEN_VARIABLE, {
      type: 'string',
      sensitive: true,
      description: 'PVE API token `user@realm!tokenid=secret` CAPMOX uses (TF_VAR_proxmox_api_token)',
    });
    const parts = Fn.split('=', token.stringValue);
    this.cluster = new CapiClusterAdoption(this, 'cluster', {
      ...props,
      proxmox: { url: props.proxmoxUrl, tokenId: Fn.element(parts, 0), tokenSecret: Fn.element(parts, 1) },
    });
    new TerraformOutput(this, 'capi_namespace', { value: props.namespace, staticId: true });
    new TerraformOutput(this, 'adoption_confirmed', { value: this.cluster.adoption.adoptionConfirmed, staticId: true });
  }
}
