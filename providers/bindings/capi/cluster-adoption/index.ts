// https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktf from '../../cdk-core';

// Configuration

export interface ClusterAdoptionConfig extends cdktf.TerraformMetaArguments {
  /**
  * How long to watch the controllers after unpausing (0: do not wait).
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#adoption_timeout_seconds ClusterAdoption#adoption_timeout_seconds}
  */
  readonly adoptionTimeoutSeconds?: number;
  /**
  * The Talos cluster name; the Cluster API Cluster gets the same name. Cannot change after adoption.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#cluster_name ClusterAdoption#cluster_name}
  */
  readonly clusterName: string;
  /**
  * Talos strategic patches of every node, as Terraform applied them.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#config_patches ClusterAdoption#config_patches}
  */
  readonly configPatches?: string[];
  /**
  * Kubernetes API VIP or DNS name (no scheme, no port).
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#control_plane_endpoint_host ClusterAdoption#control_plane_endpoint_host}
  */
  readonly controlPlaneEndpointHost: string;
  /**
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#control_plane_endpoint_port ClusterAdoption#control_plane_endpoint_port}
  */
  readonly controlPlaneEndpointPort?: number;
  /**
  * Talos strategic patches of control planes (VIP, install settings...).
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#control_plane_patches ClusterAdoption#control_plane_patches}
  */
  readonly controlPlanePatches?: string[];
  /**
  * TalosControlPlane replicas. Must equal the adopted control planes at adoption; scale afterwards (keep odd counts).
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#control_plane_replicas ClusterAdoption#control_plane_replicas}
  */
  readonly controlPlaneReplicas?: number;
  /**
  * OnDelete during adoption (nothing is replaced automatically); RollingUpdate once adoption is verified.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#control_plane_rollout_strategy ClusterAdoption#control_plane_rollout_strategy}
  */
  readonly controlPlaneRolloutStrategy?: string;
  /**
  * How long a destroy waits for Cluster API to delete the cluster.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#destroy_timeout_seconds ClusterAdoption#destroy_timeout_seconds}
  */
  readonly destroyTimeoutSeconds?: number;
  /**
  * Exact running Kubernetes version, e.g. v1.36.3. Changing it later upgrades through Cluster API.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#kubernetes_version ClusterAdoption#kubernetes_version}
  */
  readonly kubernetesVersion: string;
  /**
  * talos_machine_secrets.machine_secrets of the cluster: Cluster API must reuse this PKI. Cannot change after adoption.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#machine_secrets ClusterAdoption#machine_secrets}
  */
  readonly machineSecrets: ClusterAdoptionMachineSecrets;
  /**
  * Management-cluster namespace of this cluster (default: the cluster name). Cannot change after adoption.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#namespace ClusterAdoption#namespace}
  */
  readonly namespace?: string;
  /**
  * detach: pause and remove the Cluster API objects, VMs keep running and return to Terraform; delete: delete the cluster through Cluster API (its VMs too).
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#on_destroy ClusterAdoption#on_destroy}
  */
  readonly onDestroy?: string;
  /**
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#pod_cidrs ClusterAdoption#pod_cidrs}
  */
  readonly podCidrs?: string[];
  /**
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#service_cidrs ClusterAdoption#service_cidrs}
  */
  readonly serviceCidrs?: string[];
  /**
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#service_domain ClusterAdoption#service_domain}
  */
  readonly serviceDomain?: string;
  /**
  * Talos version the nodes run, e.g. v1.13.9 (its minor is the config contract CABPT generates).
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#talos_version ClusterAdoption#talos_version}
  */
  readonly talosVersion: string;
  /**
  * The cluster talosconfig (talos_client_configuration.talos_config).
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#talosconfig ClusterAdoption#talosconfig}
  */
  readonly talosconfig: string;
  /**
  * Talos strategic patches of workers.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#worker_patches ClusterAdoption#worker_patches}
  */
  readonly workerPatches?: string[];
  /**
  * MachineDeployment replicas. Must equal the adopted workers at adoption.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#worker_replicas ClusterAdoption#worker_replicas}
  */
  readonly workerReplicas?: number;
  /**
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#worker_rollout_strategy ClusterAdoption#worker_rollout_strategy}
  */
  readonly workerRolloutStrategy?: string;
  /**
  * Admin kubeconfig of the running cluster; its Nodes are checked before adoption.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#workload_kubeconfig ClusterAdoption#workload_kubeconfig}
  */
  readonly workloadKubeconfig: string;
  /**
  * control_plane_template block
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#control_plane_template ClusterAdoption#control_plane_template}
  */
  readonly controlPlaneTemplate?: ClusterAdoptionControlPlaneTemplate;
  /**
  * network block
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#network ClusterAdoption#network}
  */
  readonly network: ClusterAdoptionNetwork;
  /**
  * node block
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#node ClusterAdoption#node}
  */
  readonly nodeAttribute: ClusterAdoptionNode[] | cdktf.IResolvable;
  /**
  * proxmox block
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#proxmox ClusterAdoption#proxmox}
  */
  readonly proxmox?: ClusterAdoptionProxmox;
  /**
  * worker_template block
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#worker_template ClusterAdoption#worker_template}
  */
  readonly workerTemplate?: ClusterAdoptionWorkerTemplate;
}
export interface ClusterAdoptionMachineSecretsCertsEtcd {
  /**
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#cert ClusterAdoption#cert}
  */
  readonly cert: string;
  /**
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#key ClusterAdoption#key}
  */
  readonly key: string;
}

export function clusterAdoptionMachineSecretsCertsEtcdToTerraform(struct?: ClusterAdoptionMachineSecretsCertsEtcd | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    cert: cdktf.stringToTerraform(struct!.cert),
    key: cdktf.stringToTerraform(struct!.key),
  }
}


export function clusterAdoptionMachineSecretsCertsEtcdToHclTerraform(struct?: ClusterAdoptionMachineSecretsCertsEtcd | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    cert: {
      value: cdktf.stringToHclTerraform(struct!.cert),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    key: {
      value: cdktf.stringToHclTerraform(struct!.key),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class ClusterAdoptionMachineSecretsCertsEtcdOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;
  private resolvableValue?: cdktf.IResolvable;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false);
  }

  public get internalValue(): ClusterAdoptionMachineSecretsCertsEtcd | cdktf.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._cert !== undefined) {
      hasAnyValues = true;
      internalValueResult.cert = this._cert;
    }
    if (this._key !== undefined) {
      hasAnyValues = true;
      internalValueResult.key = this._key;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: ClusterAdoptionMachineSecretsCertsEtcd | cdktf.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._cert = undefined;
      this._key = undefined;
    }
    else if (cdktf.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._cert = value.cert;
      this._key = value.key;
    }
  }

  // cert - computed: false, optional: false, required: true
  private _cert?: string; 
  public get cert() {
    return this.getStringAttribute('cert');
  }
  public set cert(value: string) {
    this._cert = value;
  }
  // Temporarily expose input value. Use with caution.
  public get certInput() {
    return this._cert;
  }

  // key - computed: false, optional: false, required: true
  private _key?: string; 
  public get key() {
    return this.getStringAttribute('key');
  }
  public set key(value: string) {
    this._key = value;
  }
  // Temporarily expose input value. Use with caution.
  public get keyInput() {
    return this._key;
  }
}
export interface ClusterAdoptionMachineSecretsCertsK8S {
  /**
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#cert ClusterAdoption#cert}
  */
  readonly cert: string;
  /**
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#key ClusterAdoption#key}
  */
  readonly key: string;
}

export function clusterAdoptionMachineSecretsCertsK8SToTerraform(struct?: ClusterAdoptionMachineSecretsCertsK8S | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    cert: cdktf.stringToTerraform(struct!.cert),
    key: cdktf.stringToTerraform(struct!.key),
  }
}


export function clusterAdoptionMachineSecretsCertsK8SToHclTerraform(struct?: ClusterAdoptionMachineSecretsCertsK8S | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    cert: {
      value: cdktf.stringToHclTerraform(struct!.cert),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    key: {
      value: cdktf.stringToHclTerraform(struct!.key),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class ClusterAdoptionMachineSecretsCertsK8SOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;
  private resolvableValue?: cdktf.IResolvable;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false);
  }

  public get internalValue(): ClusterAdoptionMachineSecretsCertsK8S | cdktf.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._cert !== undefined) {
      hasAnyValues = true;
      internalValueResult.cert = this._cert;
    }
    if (this._key !== undefined) {
      hasAnyValues = true;
      internalValueResult.key = this._key;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: ClusterAdoptionMachineSecretsCertsK8S | cdktf.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._cert = undefined;
      this._key = undefined;
    }
    else if (cdktf.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._cert = value.cert;
      this._key = value.key;
    }
  }

  // cert - computed: false, optional: false, required: true
  private _cert?: string; 
  public get cert() {
    return this.getStringAttribute('cert');
  }
  public set cert(value: string) {
    this._cert = value;
  }
  // Temporarily expose input value. Use with caution.
  public get certInput() {
    return this._cert;
  }

  // key - computed: false, optional: false, required: true
  private _key?: string; 
  public get key() {
    return this.getStringAttribute('key');
  }
  public set key(value: string) {
    this._key = value;
  }
  // Temporarily expose input value. Use with caution.
  public get keyInput() {
    return this._key;
  }
}
export interface ClusterAdoptionMachineSecretsCertsK8SAggregator {
  /**
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#cert ClusterAdoption#cert}
  */
  readonly cert: string;
  /**
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#key ClusterAdoption#key}
  */
  readonly key: string;
}

export function clusterAdoptionMachineSecretsCertsK8SAggregatorToTerraform(struct?: ClusterAdoptionMachineSecretsCertsK8SAggregator | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    cert: cdktf.stringToTerraform(struct!.cert),
    key: cdktf.stringToTerraform(struct!.key),
  }
}


export function clusterAdoptionMachineSecretsCertsK8SAggregatorToHclTerraform(struct?: ClusterAdoptionMachineSecretsCertsK8SAggregator | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    cert: {
      value: cdktf.stringToHclTerraform(struct!.cert),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    key: {
      value: cdktf.stringToHclTerraform(struct!.key),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class ClusterAdoptionMachineSecretsCertsK8SAggregatorOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;
  private resolvableValue?: cdktf.IResolvable;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false);
  }

  public get internalValue(): ClusterAdoptionMachineSecretsCertsK8SAggregator | cdktf.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._cert !== undefined) {
      hasAnyValues = true;
      internalValueResult.cert = this._cert;
    }
    if (this._key !== undefined) {
      hasAnyValues = true;
      internalValueResult.key = this._key;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: ClusterAdoptionMachineSecretsCertsK8SAggregator | cdktf.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._cert = undefined;
      this._key = undefined;
    }
    else if (cdktf.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._cert = value.cert;
      this._key = value.key;
    }
  }

  // cert - computed: false, optional: false, required: true
  private _cert?: string; 
  public get cert() {
    return this.getStringAttribute('cert');
  }
  public set cert(value: string) {
    this._cert = value;
  }
  // Temporarily expose input value. Use with caution.
  public get certInput() {
    return this._cert;
  }

  // key - computed: false, optional: false, required: true
  private _key?: string; 
  public get key() {
    return this.getStringAttribute('key');
  }
  public set key(value: string) {
    this._key = value;
  }
  // Temporarily expose input value. Use with caution.
  public get keyInput() {
    return this._key;
  }
}
export interface ClusterAdoptionMachineSecretsCertsK8SServiceaccount {
  /**
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#key ClusterAdoption#key}
  */
  readonly key: string;
}

export function clusterAdoptionMachineSecretsCertsK8SServiceaccountToTerraform(struct?: ClusterAdoptionMachineSecretsCertsK8SServiceaccount | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    key: cdktf.stringToTerraform(struct!.key),
  }
}


export function clusterAdoptionMachineSecretsCertsK8SServiceaccountToHclTerraform(struct?: ClusterAdoptionMachineSecretsCertsK8SServiceaccount | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    key: {
      value: cdktf.stringToHclTerraform(struct!.key),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class ClusterAdoptionMachineSecretsCertsK8SServiceaccountOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;
  private resolvableValue?: cdktf.IResolvable;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false);
  }

  public get internalValue(): ClusterAdoptionMachineSecretsCertsK8SServiceaccount | cdktf.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._key !== undefined) {
      hasAnyValues = true;
      internalValueResult.key = this._key;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: ClusterAdoptionMachineSecretsCertsK8SServiceaccount | cdktf.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._key = undefined;
    }
    else if (cdktf.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._key = value.key;
    }
  }

  // key - computed: false, optional: false, required: true
  private _key?: string; 
  public get key() {
    return this.getStringAttribute('key');
  }
  public set key(value: string) {
    this._key = value;
  }
  // Temporarily expose input value. Use with caution.
  public get keyInput() {
    return this._key;
  }
}
export interface ClusterAdoptionMachineSecretsCertsOs {
  /**
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#cert ClusterAdoption#cert}
  */
  readonly cert: string;
  /**
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#key ClusterAdoption#key}
  */
  readonly key: string;
}

export function clusterAdoptionMachineSecretsCertsOsToTerraform(struct?: ClusterAdoptionMachineSecretsCertsOs | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    cert: cdktf.stringToTerraform(struct!.cert),
    key: cdktf.stringToTerraform(struct!.key),
  }
}


export function clusterAdoptionMachineSecretsCertsOsToHclTerraform(struct?: ClusterAdoptionMachineSecretsCertsOs | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    cert: {
      value: cdktf.stringToHclTerraform(struct!.cert),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    key: {
      value: cdktf.stringToHclTerraform(struct!.key),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class ClusterAdoptionMachineSecretsCertsOsOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;
  private resolvableValue?: cdktf.IResolvable;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false);
  }

  public get internalValue(): ClusterAdoptionMachineSecretsCertsOs | cdktf.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._cert !== undefined) {
      hasAnyValues = true;
      internalValueResult.cert = this._cert;
    }
    if (this._key !== undefined) {
      hasAnyValues = true;
      internalValueResult.key = this._key;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: ClusterAdoptionMachineSecretsCertsOs | cdktf.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._cert = undefined;
      this._key = undefined;
    }
    else if (cdktf.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._cert = value.cert;
      this._key = value.key;
    }
  }

  // cert - computed: false, optional: false, required: true
  private _cert?: string; 
  public get cert() {
    return this.getStringAttribute('cert');
  }
  public set cert(value: string) {
    this._cert = value;
  }
  // Temporarily expose input value. Use with caution.
  public get certInput() {
    return this._cert;
  }

  // key - computed: false, optional: false, required: true
  private _key?: string; 
  public get key() {
    return this.getStringAttribute('key');
  }
  public set key(value: string) {
    this._key = value;
  }
  // Temporarily expose input value. Use with caution.
  public get keyInput() {
    return this._key;
  }
}
export interface ClusterAdoptionMachineSecretsCerts {
  /**
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#etcd ClusterAdoption#etcd}
  */
  readonly etcd: ClusterAdoptionMachineSecretsCertsEtcd;
  /**
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#k8s ClusterAdoption#k8s}
  */
  readonly k8S: ClusterAdoptionMachineSecretsCertsK8S;
  /**
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#k8s_aggregator ClusterAdoption#k8s_aggregator}
  */
  readonly k8SAggregator: ClusterAdoptionMachineSecretsCertsK8SAggregator;
  /**
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#k8s_serviceaccount ClusterAdoption#k8s_serviceaccount}
  */
  readonly k8SServiceaccount: ClusterAdoptionMachineSecretsCertsK8SServiceaccount;
  /**
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#os ClusterAdoption#os}
  */
  readonly os: ClusterAdoptionMachineSecretsCertsOs;
}

export function clusterAdoptionMachineSecretsCertsToTerraform(struct?: ClusterAdoptionMachineSecretsCerts | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    etcd: clusterAdoptionMachineSecretsCertsEtcdToTerraform(struct!.etcd),
    k8s: clusterAdoptionMachineSecretsCertsK8SToTerraform(struct!.k8S),
    k8s_aggregator: clusterAdoptionMachineSecretsCertsK8SAggregatorToTerraform(struct!.k8SAggregator),
    k8s_serviceaccount: clusterAdoptionMachineSecretsCertsK8SServiceaccountToTerraform(struct!.k8SServiceaccount),
    os: clusterAdoptionMachineSecretsCertsOsToTerraform(struct!.os),
  }
}


export function clusterAdoptionMachineSecretsCertsToHclTerraform(struct?: ClusterAdoptionMachineSecretsCerts | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    etcd: {
      value: clusterAdoptionMachineSecretsCertsEtcdToHclTerraform(struct!.etcd),
      isBlock: true,
      type: "struct",
      storageClassType: "ClusterAdoptionMachineSecretsCertsEtcd",
    },
    k8s: {
      value: clusterAdoptionMachineSecretsCertsK8SToHclTerraform(struct!.k8S),
      isBlock: true,
      type: "struct",
      storageClassType: "ClusterAdoptionMachineSecretsCertsK8S",
    },
    k8s_aggregator: {
      value: clusterAdoptionMachineSecretsCertsK8SAggregatorToHclTerraform(struct!.k8SAggregator),
      isBlock: true,
      type: "struct",
      storageClassType: "ClusterAdoptionMachineSecretsCertsK8SAggregator",
    },
    k8s_serviceaccount: {
      value: clusterAdoptionMachineSecretsCertsK8SServiceaccountToHclTerraform(struct!.k8SServiceaccount),
      isBlock: true,
      type: "struct",
      storageClassType: "ClusterAdoptionMachineSecretsCertsK8SServiceaccount",
    },
    os: {
      value: clusterAdoptionMachineSecretsCertsOsToHclTerraform(struct!.os),
      isBlock: true,
      type: "struct",
      storageClassType: "ClusterAdoptionMachineSecretsCertsOs",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class ClusterAdoptionMachineSecretsCertsOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;
  private resolvableValue?: cdktf.IResolvable;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false);
  }

  public get internalValue(): ClusterAdoptionMachineSecretsCerts | cdktf.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._etcd?.internalValue !== undefined) {
      hasAnyValues = true;
      internalValueResult.etcd = this._etcd?.internalValue;
    }
    if (this._k8S?.internalValue !== undefined) {
      hasAnyValues = true;
      internalValueResult.k8S = this._k8S?.internalValue;
    }
    if (this._k8SAggregator?.internalValue !== undefined) {
      hasAnyValues = true;
      internalValueResult.k8SAggregator = this._k8SAggregator?.internalValue;
    }
    if (this._k8SServiceaccount?.internalValue !== undefined) {
      hasAnyValues = true;
      internalValueResult.k8SServiceaccount = this._k8SServiceaccount?.internalValue;
    }
    if (this._os?.internalValue !== undefined) {
      hasAnyValues = true;
      internalValueResult.os = this._os?.internalValue;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: ClusterAdoptionMachineSecretsCerts | cdktf.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._etcd.internalValue = undefined;
      this._k8S.internalValue = undefined;
      this._k8SAggregator.internalValue = undefined;
      this._k8SServiceaccount.internalValue = undefined;
      this._os.internalValue = undefined;
    }
    else if (cdktf.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._etcd.internalValue = value.etcd;
      this._k8S.internalValue = value.k8S;
      this._k8SAggregator.internalValue = value.k8SAggregator;
      this._k8SServiceaccount.internalValue = value.k8SServiceaccount;
      this._os.internalValue = value.os;
    }
  }

  // etcd - computed: false, optional: false, required: true
  private _etcd = new ClusterAdoptionMachineSecretsCertsEtcdOutputReference(this, "etcd");
  public get etcd() {
    return this._etcd;
  }
  public putEtcd(value: ClusterAdoptionMachineSecretsCertsEtcd) {
    this._etcd.internalValue = value;
  }
  // Temporarily expose input value. Use with caution.
  public get etcdInput() {
    return this._etcd.internalValue;
  }

  // k8s - computed: false, optional: false, required: true
  private _k8S = new ClusterAdoptionMachineSecretsCertsK8SOutputReference(this, "k8s");
  public get k8S() {
    return this._k8S;
  }
  public putK8S(value: ClusterAdoptionMachineSecretsCertsK8S) {
    this._k8S.internalValue = value;
  }
  // Temporarily expose input value. Use with caution.
  public get k8SInput() {
    return this._k8S.internalValue;
  }

  // k8s_aggregator - computed: false, optional: false, required: true
  private _k8SAggregator = new ClusterAdoptionMachineSecretsCertsK8SAggregatorOutputReference(this, "k8s_aggregator");
  public get k8SAggregator() {
    return this._k8SAggregator;
  }
  public putK8SAggregator(value: ClusterAdoptionMachineSecretsCertsK8SAggregator) {
    this._k8SAggregator.internalValue = value;
  }
  // Temporarily expose input value. Use with caution.
  public get k8SAggregatorInput() {
    return this._k8SAggregator.internalValue;
  }

  // k8s_serviceaccount - computed: false, optional: false, required: true
  private _k8SServiceaccount = new ClusterAdoptionMachineSecretsCertsK8SServiceaccountOutputReference(this, "k8s_serviceaccount");
  public get k8SServiceaccount() {
    return this._k8SServiceaccount;
  }
  public putK8SServiceaccount(value: ClusterAdoptionMachineSecretsCertsK8SServiceaccount) {
    this._k8SServiceaccount.internalValue = value;
  }
  // Temporarily expose input value. Use with caution.
  public get k8SServiceaccountInput() {
    return this._k8SServiceaccount.internalValue;
  }

  // os - computed: false, optional: false, required: true
  private _os = new ClusterAdoptionMachineSecretsCertsOsOutputReference(this, "os");
  public get os() {
    return this._os;
  }
  public putOs(value: ClusterAdoptionMachineSecretsCertsOs) {
    this._os.internalValue = value;
  }
  // Temporarily expose input value. Use with caution.
  public get osInput() {
    return this._os.internalValue;
  }
}
export interface ClusterAdoptionMachineSecretsCluster {
  /**
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#id ClusterAdoption#id}
  *
  * Please be aware that the id field is automatically added to all resources in Terraform providers using a Terraform provider SDK version below 2.
  * If you experience problems setting this value it might not be settable. Please take a look at the provider documentation to ensure it should be settable.
  */
  readonly id: string;
  /**
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#secret ClusterAdoption#secret}
  */
  readonly secret: string;
}

export function clusterAdoptionMachineSecretsClusterToTerraform(struct?: ClusterAdoptionMachineSecretsCluster | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    id: cdktf.stringToTerraform(struct!.id),
    secret: cdktf.stringToTerraform(struct!.secret),
  }
}


export function clusterAdoptionMachineSecretsClusterToHclTerraform(struct?: ClusterAdoptionMachineSecretsCluster | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    id: {
      value: cdktf.stringToHclTerraform(struct!.id),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    secret: {
      value: cdktf.stringToHclTerraform(struct!.secret),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class ClusterAdoptionMachineSecretsClusterOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;
  private resolvableValue?: cdktf.IResolvable;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false);
  }

  public get internalValue(): ClusterAdoptionMachineSecretsCluster | cdktf.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._id !== undefined) {
      hasAnyValues = true;
      internalValueResult.id = this._id;
    }
    if (this._secret !== undefined) {
      hasAnyValues = true;
      internalValueResult.secret = this._secret;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: ClusterAdoptionMachineSecretsCluster | cdktf.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._id = undefined;
      this._secret = undefined;
    }
    else if (cdktf.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._id = value.id;
      this._secret = value.secret;
    }
  }

  // id - computed: false, optional: false, required: true
  private _id?: string; 
  public get id() {
    return this.getStringAttribute('id');
  }
  public set id(value: string) {
    this._id = value;
  }
  // Temporarily expose input value. Use with caution.
  public get idInput() {
    return this._id;
  }

  // secret - computed: false, optional: false, required: true
  private _secret?: string; 
  public get secret() {
    return this.getStringAttribute('secret');
  }
  public set secret(value: string) {
    this._secret = value;
  }
  // Temporarily expose input value. Use with caution.
  public get secretInput() {
    return this._secret;
  }
}
export interface ClusterAdoptionMachineSecretsSecrets {
  /**
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#aescbc_encryption_secret ClusterAdoption#aescbc_encryption_secret}
  */
  readonly aescbcEncryptionSecret: string;
  /**
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#bootstrap_token ClusterAdoption#bootstrap_token}
  */
  readonly bootstrapToken: string;
  /**
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#secretbox_encryption_secret ClusterAdoption#secretbox_encryption_secret}
  */
  readonly secretboxEncryptionSecret: string;
}

export function clusterAdoptionMachineSecretsSecretsToTerraform(struct?: ClusterAdoptionMachineSecretsSecrets | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    aescbc_encryption_secret: cdktf.stringToTerraform(struct!.aescbcEncryptionSecret),
    bootstrap_token: cdktf.stringToTerraform(struct!.bootstrapToken),
    secretbox_encryption_secret: cdktf.stringToTerraform(struct!.secretboxEncryptionSecret),
  }
}


export function clusterAdoptionMachineSecretsSecretsToHclTerraform(struct?: ClusterAdoptionMachineSecretsSecrets | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    aescbc_encryption_secret: {
      value: cdktf.stringToHclTerraform(struct!.aescbcEncryptionSecret),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    bootstrap_token: {
      value: cdktf.stringToHclTerraform(struct!.bootstrapToken),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    secretbox_encryption_secret: {
      value: cdktf.stringToHclTerraform(struct!.secretboxEncryptionSecret),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class ClusterAdoptionMachineSecretsSecretsOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;
  private resolvableValue?: cdktf.IResolvable;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false);
  }

  public get internalValue(): ClusterAdoptionMachineSecretsSecrets | cdktf.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._aescbcEncryptionSecret !== undefined) {
      hasAnyValues = true;
      internalValueResult.aescbcEncryptionSecret = this._aescbcEncryptionSecret;
    }
    if (this._bootstrapToken !== undefined) {
      hasAnyValues = true;
      internalValueResult.bootstrapToken = this._bootstrapToken;
    }
    if (this._secretboxEncryptionSecret !== undefined) {
      hasAnyValues = true;
      internalValueResult.secretboxEncryptionSecret = this._secretboxEncryptionSecret;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: ClusterAdoptionMachineSecretsSecrets | cdktf.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._aescbcEncryptionSecret = undefined;
      this._bootstrapToken = undefined;
      this._secretboxEncryptionSecret = undefined;
    }
    else if (cdktf.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._aescbcEncryptionSecret = value.aescbcEncryptionSecret;
      this._bootstrapToken = value.bootstrapToken;
      this._secretboxEncryptionSecret = value.secretboxEncryptionSecret;
    }
  }

  // aescbc_encryption_secret - computed: false, optional: false, required: true
  private _aescbcEncryptionSecret?: string; 
  public get aescbcEncryptionSecret() {
    return this.getStringAttribute('aescbc_encryption_secret');
  }
  public set aescbcEncryptionSecret(value: string) {
    this._aescbcEncryptionSecret = value;
  }
  // Temporarily expose input value. Use with caution.
  public get aescbcEncryptionSecretInput() {
    return this._aescbcEncryptionSecret;
  }

  // bootstrap_token - computed: false, optional: false, required: true
  private _bootstrapToken?: string; 
  public get bootstrapToken() {
    return this.getStringAttribute('bootstrap_token');
  }
  public set bootstrapToken(value: string) {
    this._bootstrapToken = value;
  }
  // Temporarily expose input value. Use with caution.
  public get bootstrapTokenInput() {
    return this._bootstrapToken;
  }

  // secretbox_encryption_secret - computed: false, optional: false, required: true
  private _secretboxEncryptionSecret?: string; 
  public get secretboxEncryptionSecret() {
    return this.getStringAttribute('secretbox_encryption_secret');
  }
  public set secretboxEncryptionSecret(value: string) {
    this._secretboxEncryptionSecret = value;
  }
  // Temporarily expose input value. Use with caution.
  public get secretboxEncryptionSecretInput() {
    return this._secretboxEncryptionSecret;
  }
}
export interface ClusterAdoptionMachineSecretsTrustdinfo {
  /**
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#token ClusterAdoption#token}
  */
  readonly token: string;
}

export function clusterAdoptionMachineSecretsTrustdinfoToTerraform(struct?: ClusterAdoptionMachineSecretsTrustdinfo | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    token: cdktf.stringToTerraform(struct!.token),
  }
}


export function clusterAdoptionMachineSecretsTrustdinfoToHclTerraform(struct?: ClusterAdoptionMachineSecretsTrustdinfo | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    token: {
      value: cdktf.stringToHclTerraform(struct!.token),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class ClusterAdoptionMachineSecretsTrustdinfoOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;
  private resolvableValue?: cdktf.IResolvable;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false);
  }

  public get internalValue(): ClusterAdoptionMachineSecretsTrustdinfo | cdktf.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._token !== undefined) {
      hasAnyValues = true;
      internalValueResult.token = this._token;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: ClusterAdoptionMachineSecretsTrustdinfo | cdktf.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._token = undefined;
    }
    else if (cdktf.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._token = value.token;
    }
  }

  // token - computed: false, optional: false, required: true
  private _token?: string; 
  public get token() {
    return this.getStringAttribute('token');
  }
  public set token(value: string) {
    this._token = value;
  }
  // Temporarily expose input value. Use with caution.
  public get tokenInput() {
    return this._token;
  }
}
export interface ClusterAdoptionMachineSecrets {
  /**
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#certs ClusterAdoption#certs}
  */
  readonly certs: ClusterAdoptionMachineSecretsCerts;
  /**
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#cluster ClusterAdoption#cluster}
  */
  readonly cluster: ClusterAdoptionMachineSecretsCluster;
  /**
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#secrets ClusterAdoption#secrets}
  */
  readonly secrets: ClusterAdoptionMachineSecretsSecrets;
  /**
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#trustdinfo ClusterAdoption#trustdinfo}
  */
  readonly trustdinfo: ClusterAdoptionMachineSecretsTrustdinfo;
}

export function clusterAdoptionMachineSecretsToTerraform(struct?: ClusterAdoptionMachineSecrets | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    certs: clusterAdoptionMachineSecretsCertsToTerraform(struct!.certs),
    cluster: clusterAdoptionMachineSecretsClusterToTerraform(struct!.cluster),
    secrets: clusterAdoptionMachineSecretsSecretsToTerraform(struct!.secrets),
    trustdinfo: clusterAdoptionMachineSecretsTrustdinfoToTerraform(struct!.trustdinfo),
  }
}


export function clusterAdoptionMachineSecretsToHclTerraform(struct?: ClusterAdoptionMachineSecrets | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    certs: {
      value: clusterAdoptionMachineSecretsCertsToHclTerraform(struct!.certs),
      isBlock: true,
      type: "struct",
      storageClassType: "ClusterAdoptionMachineSecretsCerts",
    },
    cluster: {
      value: clusterAdoptionMachineSecretsClusterToHclTerraform(struct!.cluster),
      isBlock: true,
      type: "struct",
      storageClassType: "ClusterAdoptionMachineSecretsCluster",
    },
    secrets: {
      value: clusterAdoptionMachineSecretsSecretsToHclTerraform(struct!.secrets),
      isBlock: true,
      type: "struct",
      storageClassType: "ClusterAdoptionMachineSecretsSecrets",
    },
    trustdinfo: {
      value: clusterAdoptionMachineSecretsTrustdinfoToHclTerraform(struct!.trustdinfo),
      isBlock: true,
      type: "struct",
      storageClassType: "ClusterAdoptionMachineSecretsTrustdinfo",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class ClusterAdoptionMachineSecretsOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;
  private resolvableValue?: cdktf.IResolvable;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false);
  }

  public get internalValue(): ClusterAdoptionMachineSecrets | cdktf.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._certs?.internalValue !== undefined) {
      hasAnyValues = true;
      internalValueResult.certs = this._certs?.internalValue;
    }
    if (this._cluster?.internalValue !== undefined) {
      hasAnyValues = true;
      internalValueResult.cluster = this._cluster?.internalValue;
    }
    if (this._secrets?.internalValue !== undefined) {
      hasAnyValues = true;
      internalValueResult.secrets = this._secrets?.internalValue;
    }
    if (this._trustdinfo?.internalValue !== undefined) {
      hasAnyValues = true;
      internalValueResult.trustdinfo = this._trustdinfo?.internalValue;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: ClusterAdoptionMachineSecrets | cdktf.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._certs.internalValue = undefined;
      this._cluster.internalValue = undefined;
      this._secrets.internalValue = undefined;
      this._trustdinfo.internalValue = undefined;
    }
    else if (cdktf.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._certs.internalValue = value.certs;
      this._cluster.internalValue = value.cluster;
      this._secrets.internalValue = value.secrets;
      this._trustdinfo.internalValue = value.trustdinfo;
    }
  }

  // certs - computed: false, optional: false, required: true
  private _certs = new ClusterAdoptionMachineSecretsCertsOutputReference(this, "certs");
  public get certs() {
    return this._certs;
  }
  public putCerts(value: ClusterAdoptionMachineSecretsCerts) {
    this._certs.internalValue = value;
  }
  // Temporarily expose input value. Use with caution.
  public get certsInput() {
    return this._certs.internalValue;
  }

  // cluster - computed: false, optional: false, required: true
  private _cluster = new ClusterAdoptionMachineSecretsClusterOutputReference(this, "cluster");
  public get cluster() {
    return this._cluster;
  }
  public putCluster(value: ClusterAdoptionMachineSecretsCluster) {
    this._cluster.internalValue = value;
  }
  // Temporarily expose input value. Use with caution.
  public get clusterInput() {
    return this._cluster.internalValue;
  }

  // secrets - computed: false, optional: false, required: true
  private _secrets = new ClusterAdoptionMachineSecretsSecretsOutputReference(this, "secrets");
  public get secrets() {
    return this._secrets;
  }
  public putSecrets(value: ClusterAdoptionMachineSecretsSecrets) {
    this._secrets.internalValue = value;
  }
  // Temporarily expose input value. Use with caution.
  public get secretsInput() {
    return this._secrets.internalValue;
  }

  // trustdinfo - computed: false, optional: false, required: true
  private _trustdinfo = new ClusterAdoptionMachineSecretsTrustdinfoOutputReference(this, "trustdinfo");
  public get trustdinfo() {
    return this._trustdinfo;
  }
  public putTrustdinfo(value: ClusterAdoptionMachineSecretsTrustdinfo) {
    this._trustdinfo.internalValue = value;
  }
  // Temporarily expose input value. Use with caution.
  public get trustdinfoInput() {
    return this._trustdinfo.internalValue;
  }
}
export interface ClusterAdoptionMachines {
}

export function clusterAdoptionMachinesToTerraform(struct?: ClusterAdoptionMachines): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
  }
}


export function clusterAdoptionMachinesToHclTerraform(struct?: ClusterAdoptionMachines): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
  };
  return attrs;
}

export class ClusterAdoptionMachinesOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  * @param complexObjectIndex the index of this item in the list
  * @param complexObjectIsFromSet whether the list is wrapping a set (will add tolist() to be able to access an item via an index)
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string, complexObjectIndex: number, complexObjectIsFromSet: boolean) {
    super(terraformResource, terraformAttribute, complexObjectIsFromSet, complexObjectIndex);
  }

  public get internalValue(): ClusterAdoptionMachines | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: ClusterAdoptionMachines | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
    }
  }

  // adopted - computed: true, optional: false, required: false
  public get adopted() {
    return this.getBooleanAttribute('adopted');
  }

  // deleting - computed: true, optional: false, required: false
  public get deleting() {
    return this.getBooleanAttribute('deleting');
  }

  // name - computed: true, optional: false, required: false
  public get name() {
    return this.getStringAttribute('name');
  }

  // node_ref - computed: true, optional: false, required: false
  public get nodeRef() {
    return this.getStringAttribute('node_ref');
  }

  // phase - computed: true, optional: false, required: false
  public get phase() {
    return this.getStringAttribute('phase');
  }

  // provider_id - computed: true, optional: false, required: false
  public get providerId() {
    return this.getStringAttribute('provider_id');
  }

  // proxmox_node - computed: true, optional: false, required: false
  public get proxmoxNode() {
    return this.getStringAttribute('proxmox_node');
  }

  // role - computed: true, optional: false, required: false
  public get role() {
    return this.getStringAttribute('role');
  }

  // vm_id - computed: true, optional: false, required: false
  public get vmId() {
    return this.getNumberAttribute('vm_id');
  }
}

export class ClusterAdoptionMachinesList extends cdktf.ComplexList {

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  * @param wrapsSet whether the list is wrapping a set (will add tolist() to be able to access an item via an index)
  */
  constructor(protected terraformResource: cdktf.IInterpolatingParent, protected terraformAttribute: string, protected wrapsSet: boolean) {
    super(terraformResource, terraformAttribute, wrapsSet)
  }

  /**
  * @param index the index of the item to return
  */
  public get(index: number): ClusterAdoptionMachinesOutputReference {
    return new ClusterAdoptionMachinesOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}
export interface ClusterAdoptionControlPlaneTemplate {
  /**
  * Boot disk to grow, e.g. scsi0 (with boot_disk_size_gb).
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#boot_disk ClusterAdoption#boot_disk}
  */
  readonly bootDisk?: string;
  /**
  * Boot disk size in GB (grow only).
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#boot_disk_size_gb ClusterAdoption#boot_disk_size_gb}
  */
  readonly bootDiskSizeGb?: number;
  /**
  * Bridge of net0, e.g. vmbr0.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#bridge ClusterAdoption#bridge}
  */
  readonly bridge: string;
  /**
  * CPU cores per socket.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#cores ClusterAdoption#cores}
  */
  readonly cores: number;
  /**
  * raw, qcow2 or vmdk.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#format ClusterAdoption#format}
  */
  readonly format?: string;
  /**
  * Full clone (default true); storage and format need it.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#full_clone ClusterAdoption#full_clone}
  */
  readonly fullClone?: boolean | cdktf.IResolvable;
  /**
  * Memory in MiB, a multiple of 8.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#memory_mib ClusterAdoption#memory_mib}
  */
  readonly memoryMib: number;
  /**
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#mtu ClusterAdoption#mtu}
  */
  readonly mtu?: number;
  /**
  * virtio (default), e1000, rtl8139 or vmxnet3.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#nic_model ClusterAdoption#nic_model}
  */
  readonly nicModel?: string;
  /**
  * Proxmox resource pool for new VMs.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#pool ClusterAdoption#pool}
  */
  readonly pool?: string;
  /**
  * Default true: CAPMOX puts provider-id into the nocloud metadata for talos-cloud-controller-manager.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#provider_id_injection ClusterAdoption#provider_id_injection}
  */
  readonly providerIdInjection?: boolean | cdktf.IResolvable;
  /**
  * Default true (Talos has no cloud-init).
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#skip_cloud_init_status ClusterAdoption#skip_cloud_init_status}
  */
  readonly skipCloudInitStatus?: boolean | cdktf.IResolvable;
  /**
  * Default true (no guest agent unless the extension is installed).
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#skip_qemu_guest_agent ClusterAdoption#skip_qemu_guest_agent}
  */
  readonly skipQemuGuestAgent?: boolean | cdktf.IResolvable;
  /**
  * CPU sockets (default 1).
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#sockets ClusterAdoption#sockets}
  */
  readonly sockets?: number;
  /**
  * Proxmox node holding the Talos nocloud template VM.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#source_node ClusterAdoption#source_node}
  */
  readonly sourceNode?: string;
  /**
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#storage ClusterAdoption#storage}
  */
  readonly storage?: string;
  /**
  * Tags of new VMs.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#tags ClusterAdoption#tags}
  */
  readonly tags?: string[];
  /**
  * VMID of the Talos nocloud template VM (same schematic as the installer image, no Proxmox cloud-init drive).
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#template_id ClusterAdoption#template_id}
  */
  readonly templateId?: number;
  /**
  * exact (default), uniqueSubset or bestSubset.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#template_match_policy ClusterAdoption#template_match_policy}
  */
  readonly templateMatchPolicy?: string;
  /**
  * Find the template by VM tags instead.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#template_tags ClusterAdoption#template_tags}
  */
  readonly templateTags?: string[];
  /**
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#vlan ClusterAdoption#vlan}
  */
  readonly vlan?: number;
  /**
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#vmid_range_end ClusterAdoption#vmid_range_end}
  */
  readonly vmidRangeEnd?: number;
  /**
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#vmid_range_start ClusterAdoption#vmid_range_start}
  */
  readonly vmidRangeStart?: number;
}

export function clusterAdoptionControlPlaneTemplateToTerraform(struct?: ClusterAdoptionControlPlaneTemplate | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    boot_disk: cdktf.stringToTerraform(struct!.bootDisk),
    boot_disk_size_gb: cdktf.numberToTerraform(struct!.bootDiskSizeGb),
    bridge: cdktf.stringToTerraform(struct!.bridge),
    cores: cdktf.numberToTerraform(struct!.cores),
    format: cdktf.stringToTerraform(struct!.format),
    full_clone: cdktf.booleanToTerraform(struct!.fullClone),
    memory_mib: cdktf.numberToTerraform(struct!.memoryMib),
    mtu: cdktf.numberToTerraform(struct!.mtu),
    nic_model: cdktf.stringToTerraform(struct!.nicModel),
    pool: cdktf.stringToTerraform(struct!.pool),
    provider_id_injection: cdktf.booleanToTerraform(struct!.providerIdInjection),
    skip_cloud_init_status: cdktf.booleanToTerraform(struct!.skipCloudInitStatus),
    skip_qemu_guest_agent: cdktf.booleanToTerraform(struct!.skipQemuGuestAgent),
    sockets: cdktf.numberToTerraform(struct!.sockets),
    source_node: cdktf.stringToTerraform(struct!.sourceNode),
    storage: cdktf.stringToTerraform(struct!.storage),
    tags: cdktf.listMapper(cdktf.stringToTerraform, false)(struct!.tags),
    template_id: cdktf.numberToTerraform(struct!.templateId),
    template_match_policy: cdktf.stringToTerraform(struct!.templateMatchPolicy),
    template_tags: cdktf.listMapper(cdktf.stringToTerraform, false)(struct!.templateTags),
    vlan: cdktf.numberToTerraform(struct!.vlan),
    vmid_range_end: cdktf.numberToTerraform(struct!.vmidRangeEnd),
    vmid_range_start: cdktf.numberToTerraform(struct!.vmidRangeStart),
  }
}


export function clusterAdoptionControlPlaneTemplateToHclTerraform(struct?: ClusterAdoptionControlPlaneTemplate | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    boot_disk: {
      value: cdktf.stringToHclTerraform(struct!.bootDisk),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    boot_disk_size_gb: {
      value: cdktf.numberToHclTerraform(struct!.bootDiskSizeGb),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    bridge: {
      value: cdktf.stringToHclTerraform(struct!.bridge),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    cores: {
      value: cdktf.numberToHclTerraform(struct!.cores),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    format: {
      value: cdktf.stringToHclTerraform(struct!.format),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    full_clone: {
      value: cdktf.booleanToHclTerraform(struct!.fullClone),
      isBlock: false,
      type: "simple",
      storageClassType: "boolean",
    },
    memory_mib: {
      value: cdktf.numberToHclTerraform(struct!.memoryMib),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    mtu: {
      value: cdktf.numberToHclTerraform(struct!.mtu),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    nic_model: {
      value: cdktf.stringToHclTerraform(struct!.nicModel),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    pool: {
      value: cdktf.stringToHclTerraform(struct!.pool),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    provider_id_injection: {
      value: cdktf.booleanToHclTerraform(struct!.providerIdInjection),
      isBlock: false,
      type: "simple",
      storageClassType: "boolean",
    },
    skip_cloud_init_status: {
      value: cdktf.booleanToHclTerraform(struct!.skipCloudInitStatus),
      isBlock: false,
      type: "simple",
      storageClassType: "boolean",
    },
    skip_qemu_guest_agent: {
      value: cdktf.booleanToHclTerraform(struct!.skipQemuGuestAgent),
      isBlock: false,
      type: "simple",
      storageClassType: "boolean",
    },
    sockets: {
      value: cdktf.numberToHclTerraform(struct!.sockets),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    source_node: {
      value: cdktf.stringToHclTerraform(struct!.sourceNode),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    storage: {
      value: cdktf.stringToHclTerraform(struct!.storage),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    tags: {
      value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(struct!.tags),
      isBlock: false,
      type: "list",
      storageClassType: "stringList",
    },
    template_id: {
      value: cdktf.numberToHclTerraform(struct!.templateId),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    template_match_policy: {
      value: cdktf.stringToHclTerraform(struct!.templateMatchPolicy),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    template_tags: {
      value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(struct!.templateTags),
      isBlock: false,
      type: "list",
      storageClassType: "stringList",
    },
    vlan: {
      value: cdktf.numberToHclTerraform(struct!.vlan),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    vmid_range_end: {
      value: cdktf.numberToHclTerraform(struct!.vmidRangeEnd),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    vmid_range_start: {
      value: cdktf.numberToHclTerraform(struct!.vmidRangeStart),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class ClusterAdoptionControlPlaneTemplateOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;
  private resolvableValue?: cdktf.IResolvable;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false);
  }

  public get internalValue(): ClusterAdoptionControlPlaneTemplate | cdktf.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._bootDisk !== undefined) {
      hasAnyValues = true;
      internalValueResult.bootDisk = this._bootDisk;
    }
    if (this._bootDiskSizeGb !== undefined) {
      hasAnyValues = true;
      internalValueResult.bootDiskSizeGb = this._bootDiskSizeGb;
    }
    if (this._bridge !== undefined) {
      hasAnyValues = true;
      internalValueResult.bridge = this._bridge;
    }
    if (this._cores !== undefined) {
      hasAnyValues = true;
      internalValueResult.cores = this._cores;
    }
    if (this._format !== undefined) {
      hasAnyValues = true;
      internalValueResult.format = this._format;
    }
    if (this._fullClone !== undefined) {
      hasAnyValues = true;
      internalValueResult.fullClone = this._fullClone;
    }
    if (this._memoryMib !== undefined) {
      hasAnyValues = true;
      internalValueResult.memoryMib = this._memoryMib;
    }
    if (this._mtu !== undefined) {
      hasAnyValues = true;
      internalValueResult.mtu = this._mtu;
    }
    if (this._nicModel !== undefined) {
      hasAnyValues = true;
      internalValueResult.nicModel = this._nicModel;
    }
    if (this._pool !== undefined) {
      hasAnyValues = true;
      internalValueResult.pool = this._pool;
    }
    if (this._providerIdInjection !== undefined) {
      hasAnyValues = true;
      internalValueResult.providerIdInjection = this._providerIdInjection;
    }
    if (this._skipCloudInitStatus !== undefined) {
      hasAnyValues = true;
      internalValueResult.skipCloudInitStatus = this._skipCloudInitStatus;
    }
    if (this._skipQemuGuestAgent !== undefined) {
      hasAnyValues = true;
      internalValueResult.skipQemuGuestAgent = this._skipQemuGuestAgent;
    }
    if (this._sockets !== undefined) {
      hasAnyValues = true;
      internalValueResult.sockets = this._sockets;
    }
    if (this._sourceNode !== undefined) {
      hasAnyValues = true;
      internalValueResult.sourceNode = this._sourceNode;
    }
    if (this._storage !== undefined) {
      hasAnyValues = true;
      internalValueResult.storage = this._storage;
    }
    if (this._tags !== undefined) {
      hasAnyValues = true;
      internalValueResult.tags = this._tags;
    }
    if (this._templateId !== undefined) {
      hasAnyValues = true;
      internalValueResult.templateId = this._templateId;
    }
    if (this._templateMatchPolicy !== undefined) {
      hasAnyValues = true;
      internalValueResult.templateMatchPolicy = this._templateMatchPolicy;
    }
    if (this._templateTags !== undefined) {
      hasAnyValues = true;
      internalValueResult.templateTags = this._templateTags;
    }
    if (this._vlan !== undefined) {
      hasAnyValues = true;
      internalValueResult.vlan = this._vlan;
    }
    if (this._vmidRangeEnd !== undefined) {
      hasAnyValues = true;
      internalValueResult.vmidRangeEnd = this._vmidRangeEnd;
    }
    if (this._vmidRangeStart !== undefined) {
      hasAnyValues = true;
      internalValueResult.vmidRangeStart = this._vmidRangeStart;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: ClusterAdoptionControlPlaneTemplate | cdktf.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._bootDisk = undefined;
      this._bootDiskSizeGb = undefined;
      this._bridge = undefined;
      this._cores = undefined;
      this._format = undefined;
      this._fullClone = undefined;
      this._memoryMib = undefined;
      this._mtu = undefined;
      this._nicModel = undefined;
      this._pool = undefined;
      this._providerIdInjection = undefined;
      this._skipCloudInitStatus = undefined;
      this._skipQemuGuestAgent = undefined;
      this._sockets = undefined;
      this._sourceNode = undefined;
      this._storage = undefined;
      this._tags = undefined;
      this._templateId = undefined;
      this._templateMatchPolicy = undefined;
      this._templateTags = undefined;
      this._vlan = undefined;
      this._vmidRangeEnd = undefined;
      this._vmidRangeStart = undefined;
    }
    else if (cdktf.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._bootDisk = value.bootDisk;
      this._bootDiskSizeGb = value.bootDiskSizeGb;
      this._bridge = value.bridge;
      this._cores = value.cores;
      this._format = value.format;
      this._fullClone = value.fullClone;
      this._memoryMib = value.memoryMib;
      this._mtu = value.mtu;
      this._nicModel = value.nicModel;
      this._pool = value.pool;
      this._providerIdInjection = value.providerIdInjection;
      this._skipCloudInitStatus = value.skipCloudInitStatus;
      this._skipQemuGuestAgent = value.skipQemuGuestAgent;
      this._sockets = value.sockets;
      this._sourceNode = value.sourceNode;
      this._storage = value.storage;
      this._tags = value.tags;
      this._templateId = value.templateId;
      this._templateMatchPolicy = value.templateMatchPolicy;
      this._templateTags = value.templateTags;
      this._vlan = value.vlan;
      this._vmidRangeEnd = value.vmidRangeEnd;
      this._vmidRangeStart = value.vmidRangeStart;
    }
  }

  // boot_disk - computed: false, optional: true, required: false
  private _bootDisk?: string; 
  public get bootDisk() {
    return this.getStringAttribute('boot_disk');
  }
  public set bootDisk(value: string) {
    this._bootDisk = value;
  }
  public resetBootDisk() {
    this._bootDisk = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get bootDiskInput() {
    return this._bootDisk;
  }

  // boot_disk_size_gb - computed: false, optional: true, required: false
  private _bootDiskSizeGb?: number; 
  public get bootDiskSizeGb() {
    return this.getNumberAttribute('boot_disk_size_gb');
  }
  public set bootDiskSizeGb(value: number) {
    this._bootDiskSizeGb = value;
  }
  public resetBootDiskSizeGb() {
    this._bootDiskSizeGb = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get bootDiskSizeGbInput() {
    return this._bootDiskSizeGb;
  }

  // bridge - computed: false, optional: false, required: true
  private _bridge?: string; 
  public get bridge() {
    return this.getStringAttribute('bridge');
  }
  public set bridge(value: string) {
    this._bridge = value;
  }
  // Temporarily expose input value. Use with caution.
  public get bridgeInput() {
    return this._bridge;
  }

  // cores - computed: false, optional: false, required: true
  private _cores?: number; 
  public get cores() {
    return this.getNumberAttribute('cores');
  }
  public set cores(value: number) {
    this._cores = value;
  }
  // Temporarily expose input value. Use with caution.
  public get coresInput() {
    return this._cores;
  }

  // format - computed: false, optional: true, required: false
  private _format?: string; 
  public get format() {
    return this.getStringAttribute('format');
  }
  public set format(value: string) {
    this._format = value;
  }
  public resetFormat() {
    this._format = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get formatInput() {
    return this._format;
  }

  // full_clone - computed: false, optional: true, required: false
  private _fullClone?: boolean | cdktf.IResolvable; 
  public get fullClone() {
    return this.getBooleanAttribute('full_clone');
  }
  public set fullClone(value: boolean | cdktf.IResolvable) {
    this._fullClone = value;
  }
  public resetFullClone() {
    this._fullClone = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get fullCloneInput() {
    return this._fullClone;
  }

  // memory_mib - computed: false, optional: false, required: true
  private _memoryMib?: number; 
  public get memoryMib() {
    return this.getNumberAttribute('memory_mib');
  }
  public set memoryMib(value: number) {
    this._memoryMib = value;
  }
  // Temporarily expose input value. Use with caution.
  public get memoryMibInput() {
    return this._memoryMib;
  }

  // mtu - computed: false, optional: true, required: false
  private _mtu?: number; 
  public get mtu() {
    return this.getNumberAttribute('mtu');
  }
  public set mtu(value: number) {
    this._mtu = value;
  }
  public resetMtu() {
    this._mtu = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get mtuInput() {
    return this._mtu;
  }

  // nic_model - computed: false, optional: true, required: false
  private _nicModel?: string; 
  public get nicModel() {
    return this.getStringAttribute('nic_model');
  }
  public set nicModel(value: string) {
    this._nicModel = value;
  }
  public resetNicModel() {
    this._nicModel = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get nicModelInput() {
    return this._nicModel;
  }

  // pool - computed: false, optional: true, required: false
  private _pool?: string; 
  public get pool() {
    return this.getStringAttribute('pool');
  }
  public set pool(value: string) {
    this._pool = value;
  }
  public resetPool() {
    this._pool = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get poolInput() {
    return this._pool;
  }

  // provider_id_injection - computed: false, optional: true, required: false
  private _providerIdInjection?: boolean | cdktf.IResolvable; 
  public get providerIdInjection() {
    return this.getBooleanAttribute('provider_id_injection');
  }
  public set providerIdInjection(value: boolean | cdktf.IResolvable) {
    this._providerIdInjection = value;
  }
  public resetProviderIdInjection() {
    this._providerIdInjection = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get providerIdInjectionInput() {
    return this._providerIdInjection;
  }

  // skip_cloud_init_status - computed: false, optional: true, required: false
  private _skipCloudInitStatus?: boolean | cdktf.IResolvable; 
  public get skipCloudInitStatus() {
    return this.getBooleanAttribute('skip_cloud_init_status');
  }
  public set skipCloudInitStatus(value: boolean | cdktf.IResolvable) {
    this._skipCloudInitStatus = value;
  }
  public resetSkipCloudInitStatus() {
    this._skipCloudInitStatus = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get skipCloudInitStatusInput() {
    return this._skipCloudInitStatus;
  }

  // skip_qemu_guest_agent - computed: false, optional: true, required: false
  private _skipQemuGuestAgent?: boolean | cdktf.IResolvable; 
  public get skipQemuGuestAgent() {
    return this.getBooleanAttribute('skip_qemu_guest_agent');
  }
  public set skipQemuGuestAgent(value: boolean | cdktf.IResolvable) {
    this._skipQemuGuestAgent = value;
  }
  public resetSkipQemuGuestAgent() {
    this._skipQemuGuestAgent = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get skipQemuGuestAgentInput() {
    return this._skipQemuGuestAgent;
  }

  // sockets - computed: false, optional: true, required: false
  private _sockets?: number; 
  public get sockets() {
    return this.getNumberAttribute('sockets');
  }
  public set sockets(value: number) {
    this._sockets = value;
  }
  public resetSockets() {
    this._sockets = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get socketsInput() {
    return this._sockets;
  }

  // source_node - computed: false, optional: true, required: false
  private _sourceNode?: string; 
  public get sourceNode() {
    return this.getStringAttribute('source_node');
  }
  public set sourceNode(value: string) {
    this._sourceNode = value;
  }
  public resetSourceNode() {
    this._sourceNode = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get sourceNodeInput() {
    return this._sourceNode;
  }

  // storage - computed: false, optional: true, required: false
  private _storage?: string; 
  public get storage() {
    return this.getStringAttribute('storage');
  }
  public set storage(value: string) {
    this._storage = value;
  }
  public resetStorage() {
    this._storage = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get storageInput() {
    return this._storage;
  }

  // tags - computed: false, optional: true, required: false
  private _tags?: string[]; 
  public get tags() {
    return this.getListAttribute('tags');
  }
  public set tags(value: string[]) {
    this._tags = value;
  }
  public resetTags() {
    this._tags = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get tagsInput() {
    return this._tags;
  }

  // template_id - computed: false, optional: true, required: false
  private _templateId?: number; 
  public get templateId() {
    return this.getNumberAttribute('template_id');
  }
  public set templateId(value: number) {
    this._templateId = value;
  }
  public resetTemplateId() {
    this._templateId = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get templateIdInput() {
    return this._templateId;
  }

  // template_match_policy - computed: false, optional: true, required: false
  private _templateMatchPolicy?: string; 
  public get templateMatchPolicy() {
    return this.getStringAttribute('template_match_policy');
  }
  public set templateMatchPolicy(value: string) {
    this._templateMatchPolicy = value;
  }
  public resetTemplateMatchPolicy() {
    this._templateMatchPolicy = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get templateMatchPolicyInput() {
    return this._templateMatchPolicy;
  }

  // template_tags - computed: false, optional: true, required: false
  private _templateTags?: string[]; 
  public get templateTags() {
    return this.getListAttribute('template_tags');
  }
  public set templateTags(value: string[]) {
    this._templateTags = value;
  }
  public resetTemplateTags() {
    this._templateTags = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get templateTagsInput() {
    return this._templateTags;
  }

  // vlan - computed: false, optional: true, required: false
  private _vlan?: number; 
  public get vlan() {
    return this.getNumberAttribute('vlan');
  }
  public set vlan(value: number) {
    this._vlan = value;
  }
  public resetVlan() {
    this._vlan = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get vlanInput() {
    return this._vlan;
  }

  // vmid_range_end - computed: false, optional: true, required: false
  private _vmidRangeEnd?: number; 
  public get vmidRangeEnd() {
    return this.getNumberAttribute('vmid_range_end');
  }
  public set vmidRangeEnd(value: number) {
    this._vmidRangeEnd = value;
  }
  public resetVmidRangeEnd() {
    this._vmidRangeEnd = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get vmidRangeEndInput() {
    return this._vmidRangeEnd;
  }

  // vmid_range_start - computed: false, optional: true, required: false
  private _vmidRangeStart?: number; 
  public get vmidRangeStart() {
    return this.getNumberAttribute('vmid_range_start');
  }
  public set vmidRangeStart(value: number) {
    this._vmidRangeStart = value;
  }
  public resetVmidRangeStart() {
    this._vmidRangeStart = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get vmidRangeStartInput() {
    return this._vmidRangeStart;
  }
}
export interface ClusterAdoptionNetwork {
  /**
  * IPv4 network of the nodes, e.g. 10.10.0.0/24.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#cidr ClusterAdoption#cidr}
  */
  readonly cidr: string;
  /**
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#dns_servers ClusterAdoption#dns_servers}
  */
  readonly dnsServers: string[];
  /**
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#gateway ClusterAdoption#gateway}
  */
  readonly gateway: string;
  /**
  * Addresses for new nodes: IPs, a-b ranges or CIDRs.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#new_node_addresses ClusterAdoption#new_node_addresses}
  */
  readonly newNodeAddresses: string[];
}

export function clusterAdoptionNetworkToTerraform(struct?: ClusterAdoptionNetwork | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    cidr: cdktf.stringToTerraform(struct!.cidr),
    dns_servers: cdktf.listMapper(cdktf.stringToTerraform, false)(struct!.dnsServers),
    gateway: cdktf.stringToTerraform(struct!.gateway),
    new_node_addresses: cdktf.listMapper(cdktf.stringToTerraform, false)(struct!.newNodeAddresses),
  }
}


export function clusterAdoptionNetworkToHclTerraform(struct?: ClusterAdoptionNetwork | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    cidr: {
      value: cdktf.stringToHclTerraform(struct!.cidr),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    dns_servers: {
      value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(struct!.dnsServers),
      isBlock: false,
      type: "list",
      storageClassType: "stringList",
    },
    gateway: {
      value: cdktf.stringToHclTerraform(struct!.gateway),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    new_node_addresses: {
      value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(struct!.newNodeAddresses),
      isBlock: false,
      type: "list",
      storageClassType: "stringList",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class ClusterAdoptionNetworkOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;
  private resolvableValue?: cdktf.IResolvable;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false);
  }

  public get internalValue(): ClusterAdoptionNetwork | cdktf.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._cidr !== undefined) {
      hasAnyValues = true;
      internalValueResult.cidr = this._cidr;
    }
    if (this._dnsServers !== undefined) {
      hasAnyValues = true;
      internalValueResult.dnsServers = this._dnsServers;
    }
    if (this._gateway !== undefined) {
      hasAnyValues = true;
      internalValueResult.gateway = this._gateway;
    }
    if (this._newNodeAddresses !== undefined) {
      hasAnyValues = true;
      internalValueResult.newNodeAddresses = this._newNodeAddresses;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: ClusterAdoptionNetwork | cdktf.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._cidr = undefined;
      this._dnsServers = undefined;
      this._gateway = undefined;
      this._newNodeAddresses = undefined;
    }
    else if (cdktf.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._cidr = value.cidr;
      this._dnsServers = value.dnsServers;
      this._gateway = value.gateway;
      this._newNodeAddresses = value.newNodeAddresses;
    }
  }

  // cidr - computed: false, optional: false, required: true
  private _cidr?: string; 
  public get cidr() {
    return this.getStringAttribute('cidr');
  }
  public set cidr(value: string) {
    this._cidr = value;
  }
  // Temporarily expose input value. Use with caution.
  public get cidrInput() {
    return this._cidr;
  }

  // dns_servers - computed: false, optional: false, required: true
  private _dnsServers?: string[]; 
  public get dnsServers() {
    return this.getListAttribute('dns_servers');
  }
  public set dnsServers(value: string[]) {
    this._dnsServers = value;
  }
  // Temporarily expose input value. Use with caution.
  public get dnsServersInput() {
    return this._dnsServers;
  }

  // gateway - computed: false, optional: false, required: true
  private _gateway?: string; 
  public get gateway() {
    return this.getStringAttribute('gateway');
  }
  public set gateway(value: string) {
    this._gateway = value;
  }
  // Temporarily expose input value. Use with caution.
  public get gatewayInput() {
    return this._gateway;
  }

  // new_node_addresses - computed: false, optional: false, required: true
  private _newNodeAddresses?: string[]; 
  public get newNodeAddresses() {
    return this.getListAttribute('new_node_addresses');
  }
  public set newNodeAddresses(value: string[]) {
    this._newNodeAddresses = value;
  }
  // Temporarily expose input value. Use with caution.
  public get newNodeAddressesInput() {
    return this._newNodeAddresses;
  }
}
export interface ClusterAdoptionNode {
  /**
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#ip ClusterAdoption#ip}
  */
  readonly ip: string;
  /**
  * Kubernetes node name = Talos hostname = Proxmox VM name.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#name ClusterAdoption#name}
  */
  readonly name: string;
  /**
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#proxmox_node ClusterAdoption#proxmox_node}
  */
  readonly proxmoxNode: string;
  /**
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#role ClusterAdoption#role}
  */
  readonly role: string;
  /**
  * SMBIOS uuid of the VM; the node providerID is proxmox://<uuid>.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#smbios_uuid ClusterAdoption#smbios_uuid}
  */
  readonly smbiosUuid: string;
  /**
  * Whether the VM runs (the Terraform VM resource started attribute).
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#started ClusterAdoption#started}
  */
  readonly started: boolean | cdktf.IResolvable;
  /**
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#vm_id ClusterAdoption#vm_id}
  */
  readonly vmId: number;
  /**
  * The Proxmox VM name Terraform set (must equal name).
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#vm_name ClusterAdoption#vm_name}
  */
  readonly vmName: string;
}

export function clusterAdoptionNodeToTerraform(struct?: ClusterAdoptionNode | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    ip: cdktf.stringToTerraform(struct!.ip),
    name: cdktf.stringToTerraform(struct!.name),
    proxmox_node: cdktf.stringToTerraform(struct!.proxmoxNode),
    role: cdktf.stringToTerraform(struct!.role),
    smbios_uuid: cdktf.stringToTerraform(struct!.smbiosUuid),
    started: cdktf.booleanToTerraform(struct!.started),
    vm_id: cdktf.numberToTerraform(struct!.vmId),
    vm_name: cdktf.stringToTerraform(struct!.vmName),
  }
}


export function clusterAdoptionNodeToHclTerraform(struct?: ClusterAdoptionNode | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    ip: {
      value: cdktf.stringToHclTerraform(struct!.ip),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    name: {
      value: cdktf.stringToHclTerraform(struct!.name),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    proxmox_node: {
      value: cdktf.stringToHclTerraform(struct!.proxmoxNode),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    role: {
      value: cdktf.stringToHclTerraform(struct!.role),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    smbios_uuid: {
      value: cdktf.stringToHclTerraform(struct!.smbiosUuid),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    started: {
      value: cdktf.booleanToHclTerraform(struct!.started),
      isBlock: false,
      type: "simple",
      storageClassType: "boolean",
    },
    vm_id: {
      value: cdktf.numberToHclTerraform(struct!.vmId),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    vm_name: {
      value: cdktf.stringToHclTerraform(struct!.vmName),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class ClusterAdoptionNodeOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;
  private resolvableValue?: cdktf.IResolvable;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  * @param complexObjectIndex the index of this item in the list
  * @param complexObjectIsFromSet whether the list is wrapping a set (will add tolist() to be able to access an item via an index)
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string, complexObjectIndex: number, complexObjectIsFromSet: boolean) {
    super(terraformResource, terraformAttribute, complexObjectIsFromSet, complexObjectIndex);
  }

  public get internalValue(): ClusterAdoptionNode | cdktf.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._ip !== undefined) {
      hasAnyValues = true;
      internalValueResult.ip = this._ip;
    }
    if (this._name !== undefined) {
      hasAnyValues = true;
      internalValueResult.name = this._name;
    }
    if (this._proxmoxNode !== undefined) {
      hasAnyValues = true;
      internalValueResult.proxmoxNode = this._proxmoxNode;
    }
    if (this._role !== undefined) {
      hasAnyValues = true;
      internalValueResult.role = this._role;
    }
    if (this._smbiosUuid !== undefined) {
      hasAnyValues = true;
      internalValueResult.smbiosUuid = this._smbiosUuid;
    }
    if (this._started !== undefined) {
      hasAnyValues = true;
      internalValueResult.started = this._started;
    }
    if (this._vmId !== undefined) {
      hasAnyValues = true;
      internalValueResult.vmId = this._vmId;
    }
    if (this._vmName !== undefined) {
      hasAnyValues = true;
      internalValueResult.vmName = this._vmName;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: ClusterAdoptionNode | cdktf.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._ip = undefined;
      this._name = undefined;
      this._proxmoxNode = undefined;
      this._role = undefined;
      this._smbiosUuid = undefined;
      this._started = undefined;
      this._vmId = undefined;
      this._vmName = undefined;
    }
    else if (cdktf.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._ip = value.ip;
      this._name = value.name;
      this._proxmoxNode = value.proxmoxNode;
      this._role = value.role;
      this._smbiosUuid = value.smbiosUuid;
      this._started = value.started;
      this._vmId = value.vmId;
      this._vmName = value.vmName;
    }
  }

  // ip - computed: false, optional: false, required: true
  private _ip?: string; 
  public get ip() {
    return this.getStringAttribute('ip');
  }
  public set ip(value: string) {
    this._ip = value;
  }
  // Temporarily expose input value. Use with caution.
  public get ipInput() {
    return this._ip;
  }

  // name - computed: false, optional: false, required: true
  private _name?: string; 
  public get name() {
    return this.getStringAttribute('name');
  }
  public set name(value: string) {
    this._name = value;
  }
  // Temporarily expose input value. Use with caution.
  public get nameInput() {
    return this._name;
  }

  // proxmox_node - computed: false, optional: false, required: true
  private _proxmoxNode?: string; 
  public get proxmoxNode() {
    return this.getStringAttribute('proxmox_node');
  }
  public set proxmoxNode(value: string) {
    this._proxmoxNode = value;
  }
  // Temporarily expose input value. Use with caution.
  public get proxmoxNodeInput() {
    return this._proxmoxNode;
  }

  // role - computed: false, optional: false, required: true
  private _role?: string; 
  public get role() {
    return this.getStringAttribute('role');
  }
  public set role(value: string) {
    this._role = value;
  }
  // Temporarily expose input value. Use with caution.
  public get roleInput() {
    return this._role;
  }

  // smbios_uuid - computed: false, optional: false, required: true
  private _smbiosUuid?: string; 
  public get smbiosUuid() {
    return this.getStringAttribute('smbios_uuid');
  }
  public set smbiosUuid(value: string) {
    this._smbiosUuid = value;
  }
  // Temporarily expose input value. Use with caution.
  public get smbiosUuidInput() {
    return this._smbiosUuid;
  }

  // started - computed: false, optional: false, required: true
  private _started?: boolean | cdktf.IResolvable; 
  public get started() {
    return this.getBooleanAttribute('started');
  }
  public set started(value: boolean | cdktf.IResolvable) {
    this._started = value;
  }
  // Temporarily expose input value. Use with caution.
  public get startedInput() {
    return this._started;
  }

  // vm_id - computed: false, optional: false, required: true
  private _vmId?: number; 
  public get vmId() {
    return this.getNumberAttribute('vm_id');
  }
  public set vmId(value: number) {
    this._vmId = value;
  }
  // Temporarily expose input value. Use with caution.
  public get vmIdInput() {
    return this._vmId;
  }

  // vm_name - computed: false, optional: false, required: true
  private _vmName?: string; 
  public get vmName() {
    return this.getStringAttribute('vm_name');
  }
  public set vmName(value: string) {
    this._vmName = value;
  }
  // Temporarily expose input value. Use with caution.
  public get vmNameInput() {
    return this._vmName;
  }
}

export class ClusterAdoptionNodeList extends cdktf.ComplexList {
  public internalValue? : ClusterAdoptionNode[] | cdktf.IResolvable

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  * @param wrapsSet whether the list is wrapping a set (will add tolist() to be able to access an item via an index)
  */
  constructor(protected terraformResource: cdktf.IInterpolatingParent, protected terraformAttribute: string, protected wrapsSet: boolean) {
    super(terraformResource, terraformAttribute, wrapsSet)
  }

  /**
  * @param index the index of the item to return
  */
  public get(index: number): ClusterAdoptionNodeOutputReference {
    return new ClusterAdoptionNodeOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}
export interface ClusterAdoptionProxmox {
  /**
  * Proxmox nodes new VMs may be placed on.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#allowed_nodes ClusterAdoption#allowed_nodes}
  */
  readonly allowedNodes?: string[];
  /**
  * Existing Secret with keys url, token, secret.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#credentials_secret_name ClusterAdoption#credentials_secret_name}
  */
  readonly credentialsSecretName?: string;
  /**
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#credentials_secret_namespace ClusterAdoption#credentials_secret_namespace}
  */
  readonly credentialsSecretNamespace?: string;
  /**
  * Skip TLS verification of the Proxmox API (CAPMOX default when unset: true).
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#insecure ClusterAdoption#insecure}
  */
  readonly insecure?: boolean | cdktf.IResolvable;
  /**
  * PEM CA of the Proxmox API.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#root_ca ClusterAdoption#root_ca}
  */
  readonly rootCa?: string;
  /**
  * Name of the environment variable (where Terraform runs) holding the API token user@realm!tokenid=secret, instead of token_id + token_secret: read at plan and apply, never stored (state keeps its SHA-256, proxmox_token_sha256, so a rotated token plans an update).
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#token_env ClusterAdoption#token_env}
  */
  readonly tokenEnv?: string;
  /**
  * Where token_env comes from (e.g. a cluster definition file), for messages.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#token_env_origin ClusterAdoption#token_env_origin}
  */
  readonly tokenEnvOrigin?: string;
  /**
  * API token id, e.g. capmox@pve!capi.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#token_id ClusterAdoption#token_id}
  */
  readonly tokenId?: string;
  /**
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#token_secret ClusterAdoption#token_secret}
  */
  readonly tokenSecret?: string;
  /**
  * Proxmox API URL, e.g. https://pve.example.com:8006.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#url ClusterAdoption#url}
  */
  readonly url?: string;
}

export function clusterAdoptionProxmoxToTerraform(struct?: ClusterAdoptionProxmox | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    allowed_nodes: cdktf.listMapper(cdktf.stringToTerraform, false)(struct!.allowedNodes),
    credentials_secret_name: cdktf.stringToTerraform(struct!.credentialsSecretName),
    credentials_secret_namespace: cdktf.stringToTerraform(struct!.credentialsSecretNamespace),
    insecure: cdktf.booleanToTerraform(struct!.insecure),
    root_ca: cdktf.stringToTerraform(struct!.rootCa),
    token_env: cdktf.stringToTerraform(struct!.tokenEnv),
    token_env_origin: cdktf.stringToTerraform(struct!.tokenEnvOrigin),
    token_id: cdktf.stringToTerraform(struct!.tokenId),
    token_secret: cdktf.stringToTerraform(struct!.tokenSecret),
    url: cdktf.stringToTerraform(struct!.url),
  }
}


export function clusterAdoptionProxmoxToHclTerraform(struct?: ClusterAdoptionProxmox | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    allowed_nodes: {
      value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(struct!.allowedNodes),
      isBlock: false,
      type: "list",
      storageClassType: "stringList",
    },
    credentials_secret_name: {
      value: cdktf.stringToHclTerraform(struct!.credentialsSecretName),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    credentials_secret_namespace: {
      value: cdktf.stringToHclTerraform(struct!.credentialsSecretNamespace),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    insecure: {
      value: cdktf.booleanToHclTerraform(struct!.insecure),
      isBlock: false,
      type: "simple",
      storageClassType: "boolean",
    },
    root_ca: {
      value: cdktf.stringToHclTerraform(struct!.rootCa),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    token_env: {
      value: cdktf.stringToHclTerraform(struct!.tokenEnv),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    token_env_origin: {
      value: cdktf.stringToHclTerraform(struct!.tokenEnvOrigin),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    token_id: {
      value: cdktf.stringToHclTerraform(struct!.tokenId),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    token_secret: {
      value: cdktf.stringToHclTerraform(struct!.tokenSecret),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    url: {
      value: cdktf.stringToHclTerraform(struct!.url),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class ClusterAdoptionProxmoxOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;
  private resolvableValue?: cdktf.IResolvable;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false);
  }

  public get internalValue(): ClusterAdoptionProxmox | cdktf.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._allowedNodes !== undefined) {
      hasAnyValues = true;
      internalValueResult.allowedNodes = this._allowedNodes;
    }
    if (this._credentialsSecretName !== undefined) {
      hasAnyValues = true;
      internalValueResult.credentialsSecretName = this._credentialsSecretName;
    }
    if (this._credentialsSecretNamespace !== undefined) {
      hasAnyValues = true;
      internalValueResult.credentialsSecretNamespace = this._credentialsSecretNamespace;
    }
    if (this._insecure !== undefined) {
      hasAnyValues = true;
      internalValueResult.insecure = this._insecure;
    }
    if (this._rootCa !== undefined) {
      hasAnyValues = true;
      internalValueResult.rootCa = this._rootCa;
    }
    if (this._tokenEnv !== undefined) {
      hasAnyValues = true;
      internalValueResult.tokenEnv = this._tokenEnv;
    }
    if (this._tokenEnvOrigin !== undefined) {
      hasAnyValues = true;
      internalValueResult.tokenEnvOrigin = this._tokenEnvOrigin;
    }
    if (this._tokenId !== undefined) {
      hasAnyValues = true;
      internalValueResult.tokenId = this._tokenId;
    }
    if (this._tokenSecret !== undefined) {
      hasAnyValues = true;
      internalValueResult.tokenSecret = this._tokenSecret;
    }
    if (this._url !== undefined) {
      hasAnyValues = true;
      internalValueResult.url = this._url;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: ClusterAdoptionProxmox | cdktf.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._allowedNodes = undefined;
      this._credentialsSecretName = undefined;
      this._credentialsSecretNamespace = undefined;
      this._insecure = undefined;
      this._rootCa = undefined;
      this._tokenEnv = undefined;
      this._tokenEnvOrigin = undefined;
      this._tokenId = undefined;
      this._tokenSecret = undefined;
      this._url = undefined;
    }
    else if (cdktf.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._allowedNodes = value.allowedNodes;
      this._credentialsSecretName = value.credentialsSecretName;
      this._credentialsSecretNamespace = value.credentialsSecretNamespace;
      this._insecure = value.insecure;
      this._rootCa = value.rootCa;
      this._tokenEnv = value.tokenEnv;
      this._tokenEnvOrigin = value.tokenEnvOrigin;
      this._tokenId = value.tokenId;
      this._tokenSecret = value.tokenSecret;
      this._url = value.url;
    }
  }

  // allowed_nodes - computed: false, optional: true, required: false
  private _allowedNodes?: string[]; 
  public get allowedNodes() {
    return this.getListAttribute('allowed_nodes');
  }
  public set allowedNodes(value: string[]) {
    this._allowedNodes = value;
  }
  public resetAllowedNodes() {
    this._allowedNodes = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get allowedNodesInput() {
    return this._allowedNodes;
  }

  // credentials_secret_name - computed: false, optional: true, required: false
  private _credentialsSecretName?: string; 
  public get credentialsSecretName() {
    return this.getStringAttribute('credentials_secret_name');
  }
  public set credentialsSecretName(value: string) {
    this._credentialsSecretName = value;
  }
  public resetCredentialsSecretName() {
    this._credentialsSecretName = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get credentialsSecretNameInput() {
    return this._credentialsSecretName;
  }

  // credentials_secret_namespace - computed: false, optional: true, required: false
  private _credentialsSecretNamespace?: string; 
  public get credentialsSecretNamespace() {
    return this.getStringAttribute('credentials_secret_namespace');
  }
  public set credentialsSecretNamespace(value: string) {
    this._credentialsSecretNamespace = value;
  }
  public resetCredentialsSecretNamespace() {
    this._credentialsSecretNamespace = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get credentialsSecretNamespaceInput() {
    return this._credentialsSecretNamespace;
  }

  // insecure - computed: false, optional: true, required: false
  private _insecure?: boolean | cdktf.IResolvable; 
  public get insecure() {
    return this.getBooleanAttribute('insecure');
  }
  public set insecure(value: boolean | cdktf.IResolvable) {
    this._insecure = value;
  }
  public resetInsecure() {
    this._insecure = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get insecureInput() {
    return this._insecure;
  }

  // root_ca - computed: false, optional: true, required: false
  private _rootCa?: string; 
  public get rootCa() {
    return this.getStringAttribute('root_ca');
  }
  public set rootCa(value: string) {
    this._rootCa = value;
  }
  public resetRootCa() {
    this._rootCa = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get rootCaInput() {
    return this._rootCa;
  }

  // token_env - computed: false, optional: true, required: false
  private _tokenEnv?: string; 
  public get tokenEnv() {
    return this.getStringAttribute('token_env');
  }
  public set tokenEnv(value: string) {
    this._tokenEnv = value;
  }
  public resetTokenEnv() {
    this._tokenEnv = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get tokenEnvInput() {
    return this._tokenEnv;
  }

  // token_env_origin - computed: false, optional: true, required: false
  private _tokenEnvOrigin?: string; 
  public get tokenEnvOrigin() {
    return this.getStringAttribute('token_env_origin');
  }
  public set tokenEnvOrigin(value: string) {
    this._tokenEnvOrigin = value;
  }
  public resetTokenEnvOrigin() {
    this._tokenEnvOrigin = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get tokenEnvOriginInput() {
    return this._tokenEnvOrigin;
  }

  // token_id - computed: false, optional: true, required: false
  private _tokenId?: string; 
  public get tokenId() {
    return this.getStringAttribute('token_id');
  }
  public set tokenId(value: string) {
    this._tokenId = value;
  }
  public resetTokenId() {
    this._tokenId = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get tokenIdInput() {
    return this._tokenId;
  }

  // token_secret - computed: false, optional: true, required: false
  private _tokenSecret?: string; 
  public get tokenSecret() {
    return this.getStringAttribute('token_secret');
  }
  public set tokenSecret(value: string) {
    this._tokenSecret = value;
  }
  public resetTokenSecret() {
    this._tokenSecret = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get tokenSecretInput() {
    return this._tokenSecret;
  }

  // url - computed: false, optional: true, required: false
  private _url?: string; 
  public get url() {
    return this.getStringAttribute('url');
  }
  public set url(value: string) {
    this._url = value;
  }
  public resetUrl() {
    this._url = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get urlInput() {
    return this._url;
  }
}
export interface ClusterAdoptionWorkerTemplate {
  /**
  * Boot disk to grow, e.g. scsi0 (with boot_disk_size_gb).
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#boot_disk ClusterAdoption#boot_disk}
  */
  readonly bootDisk?: string;
  /**
  * Boot disk size in GB (grow only).
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#boot_disk_size_gb ClusterAdoption#boot_disk_size_gb}
  */
  readonly bootDiskSizeGb?: number;
  /**
  * Bridge of net0, e.g. vmbr0.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#bridge ClusterAdoption#bridge}
  */
  readonly bridge: string;
  /**
  * CPU cores per socket.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#cores ClusterAdoption#cores}
  */
  readonly cores: number;
  /**
  * raw, qcow2 or vmdk.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#format ClusterAdoption#format}
  */
  readonly format?: string;
  /**
  * Full clone (default true); storage and format need it.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#full_clone ClusterAdoption#full_clone}
  */
  readonly fullClone?: boolean | cdktf.IResolvable;
  /**
  * Memory in MiB, a multiple of 8.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#memory_mib ClusterAdoption#memory_mib}
  */
  readonly memoryMib: number;
  /**
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#mtu ClusterAdoption#mtu}
  */
  readonly mtu?: number;
  /**
  * virtio (default), e1000, rtl8139 or vmxnet3.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#nic_model ClusterAdoption#nic_model}
  */
  readonly nicModel?: string;
  /**
  * Proxmox resource pool for new VMs.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#pool ClusterAdoption#pool}
  */
  readonly pool?: string;
  /**
  * Default true: CAPMOX puts provider-id into the nocloud metadata for talos-cloud-controller-manager.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#provider_id_injection ClusterAdoption#provider_id_injection}
  */
  readonly providerIdInjection?: boolean | cdktf.IResolvable;
  /**
  * Default true (Talos has no cloud-init).
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#skip_cloud_init_status ClusterAdoption#skip_cloud_init_status}
  */
  readonly skipCloudInitStatus?: boolean | cdktf.IResolvable;
  /**
  * Default true (no guest agent unless the extension is installed).
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#skip_qemu_guest_agent ClusterAdoption#skip_qemu_guest_agent}
  */
  readonly skipQemuGuestAgent?: boolean | cdktf.IResolvable;
  /**
  * CPU sockets (default 1).
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#sockets ClusterAdoption#sockets}
  */
  readonly sockets?: number;
  /**
  * Proxmox node holding the Talos nocloud template VM.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#source_node ClusterAdoption#source_node}
  */
  readonly sourceNode?: string;
  /**
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#storage ClusterAdoption#storage}
  */
  readonly storage?: string;
  /**
  * Tags of new VMs.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#tags ClusterAdoption#tags}
  */
  readonly tags?: string[];
  /**
  * VMID of the Talos nocloud template VM (same schematic as the installer image, no Proxmox cloud-init drive).
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#template_id ClusterAdoption#template_id}
  */
  readonly templateId?: number;
  /**
  * exact (default), uniqueSubset or bestSubset.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#template_match_policy ClusterAdoption#template_match_policy}
  */
  readonly templateMatchPolicy?: string;
  /**
  * Find the template by VM tags instead.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#template_tags ClusterAdoption#template_tags}
  */
  readonly templateTags?: string[];
  /**
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#vlan ClusterAdoption#vlan}
  */
  readonly vlan?: number;
  /**
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#vmid_range_end ClusterAdoption#vmid_range_end}
  */
  readonly vmidRangeEnd?: number;
  /**
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#vmid_range_start ClusterAdoption#vmid_range_start}
  */
  readonly vmidRangeStart?: number;
}

export function clusterAdoptionWorkerTemplateToTerraform(struct?: ClusterAdoptionWorkerTemplate | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    boot_disk: cdktf.stringToTerraform(struct!.bootDisk),
    boot_disk_size_gb: cdktf.numberToTerraform(struct!.bootDiskSizeGb),
    bridge: cdktf.stringToTerraform(struct!.bridge),
    cores: cdktf.numberToTerraform(struct!.cores),
    format: cdktf.stringToTerraform(struct!.format),
    full_clone: cdktf.booleanToTerraform(struct!.fullClone),
    memory_mib: cdktf.numberToTerraform(struct!.memoryMib),
    mtu: cdktf.numberToTerraform(struct!.mtu),
    nic_model: cdktf.stringToTerraform(struct!.nicModel),
    pool: cdktf.stringToTerraform(struct!.pool),
    provider_id_injection: cdktf.booleanToTerraform(struct!.providerIdInjection),
    skip_cloud_init_status: cdktf.booleanToTerraform(struct!.skipCloudInitStatus),
    skip_qemu_guest_agent: cdktf.booleanToTerraform(struct!.skipQemuGuestAgent),
    sockets: cdktf.numberToTerraform(struct!.sockets),
    source_node: cdktf.stringToTerraform(struct!.sourceNode),
    storage: cdktf.stringToTerraform(struct!.storage),
    tags: cdktf.listMapper(cdktf.stringToTerraform, false)(struct!.tags),
    template_id: cdktf.numberToTerraform(struct!.templateId),
    template_match_policy: cdktf.stringToTerraform(struct!.templateMatchPolicy),
    template_tags: cdktf.listMapper(cdktf.stringToTerraform, false)(struct!.templateTags),
    vlan: cdktf.numberToTerraform(struct!.vlan),
    vmid_range_end: cdktf.numberToTerraform(struct!.vmidRangeEnd),
    vmid_range_start: cdktf.numberToTerraform(struct!.vmidRangeStart),
  }
}


export function clusterAdoptionWorkerTemplateToHclTerraform(struct?: ClusterAdoptionWorkerTemplate | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    boot_disk: {
      value: cdktf.stringToHclTerraform(struct!.bootDisk),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    boot_disk_size_gb: {
      value: cdktf.numberToHclTerraform(struct!.bootDiskSizeGb),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    bridge: {
      value: cdktf.stringToHclTerraform(struct!.bridge),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    cores: {
      value: cdktf.numberToHclTerraform(struct!.cores),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    format: {
      value: cdktf.stringToHclTerraform(struct!.format),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    full_clone: {
      value: cdktf.booleanToHclTerraform(struct!.fullClone),
      isBlock: false,
      type: "simple",
      storageClassType: "boolean",
    },
    memory_mib: {
      value: cdktf.numberToHclTerraform(struct!.memoryMib),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    mtu: {
      value: cdktf.numberToHclTerraform(struct!.mtu),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    nic_model: {
      value: cdktf.stringToHclTerraform(struct!.nicModel),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    pool: {
      value: cdktf.stringToHclTerraform(struct!.pool),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    provider_id_injection: {
      value: cdktf.booleanToHclTerraform(struct!.providerIdInjection),
      isBlock: false,
      type: "simple",
      storageClassType: "boolean",
    },
    skip_cloud_init_status: {
      value: cdktf.booleanToHclTerraform(struct!.skipCloudInitStatus),
      isBlock: false,
      type: "simple",
      storageClassType: "boolean",
    },
    skip_qemu_guest_agent: {
      value: cdktf.booleanToHclTerraform(struct!.skipQemuGuestAgent),
      isBlock: false,
      type: "simple",
      storageClassType: "boolean",
    },
    sockets: {
      value: cdktf.numberToHclTerraform(struct!.sockets),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    source_node: {
      value: cdktf.stringToHclTerraform(struct!.sourceNode),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    storage: {
      value: cdktf.stringToHclTerraform(struct!.storage),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    tags: {
      value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(struct!.tags),
      isBlock: false,
      type: "list",
      storageClassType: "stringList",
    },
    template_id: {
      value: cdktf.numberToHclTerraform(struct!.templateId),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    template_match_policy: {
      value: cdktf.stringToHclTerraform(struct!.templateMatchPolicy),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    template_tags: {
      value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(struct!.templateTags),
      isBlock: false,
      type: "list",
      storageClassType: "stringList",
    },
    vlan: {
      value: cdktf.numberToHclTerraform(struct!.vlan),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    vmid_range_end: {
      value: cdktf.numberToHclTerraform(struct!.vmidRangeEnd),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    vmid_range_start: {
      value: cdktf.numberToHclTerraform(struct!.vmidRangeStart),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class ClusterAdoptionWorkerTemplateOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;
  private resolvableValue?: cdktf.IResolvable;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false);
  }

  public get internalValue(): ClusterAdoptionWorkerTemplate | cdktf.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._bootDisk !== undefined) {
      hasAnyValues = true;
      internalValueResult.bootDisk = this._bootDisk;
    }
    if (this._bootDiskSizeGb !== undefined) {
      hasAnyValues = true;
      internalValueResult.bootDiskSizeGb = this._bootDiskSizeGb;
    }
    if (this._bridge !== undefined) {
      hasAnyValues = true;
      internalValueResult.bridge = this._bridge;
    }
    if (this._cores !== undefined) {
      hasAnyValues = true;
      internalValueResult.cores = this._cores;
    }
    if (this._format !== undefined) {
      hasAnyValues = true;
      internalValueResult.format = this._format;
    }
    if (this._fullClone !== undefined) {
      hasAnyValues = true;
      internalValueResult.fullClone = this._fullClone;
    }
    if (this._memoryMib !== undefined) {
      hasAnyValues = true;
      internalValueResult.memoryMib = this._memoryMib;
    }
    if (this._mtu !== undefined) {
      hasAnyValues = true;
      internalValueResult.mtu = this._mtu;
    }
    if (this._nicModel !== undefined) {
      hasAnyValues = true;
      internalValueResult.nicModel = this._nicModel;
    }
    if (this._pool !== undefined) {
      hasAnyValues = true;
      internalValueResult.pool = this._pool;
    }
    if (this._providerIdInjection !== undefined) {
      hasAnyValues = true;
      internalValueResult.providerIdInjection = this._providerIdInjection;
    }
    if (this._skipCloudInitStatus !== undefined) {
      hasAnyValues = true;
      internalValueResult.skipCloudInitStatus = this._skipCloudInitStatus;
    }
    if (this._skipQemuGuestAgent !== undefined) {
      hasAnyValues = true;
      internalValueResult.skipQemuGuestAgent = this._skipQemuGuestAgent;
    }
    if (this._sockets !== undefined) {
      hasAnyValues = true;
      internalValueResult.sockets = this._sockets;
    }
    if (this._sourceNode !== undefined) {
      hasAnyValues = true;
      internalValueResult.sourceNode = this._sourceNode;
    }
    if (this._storage !== undefined) {
      hasAnyValues = true;
      internalValueResult.storage = this._storage;
    }
    if (this._tags !== undefined) {
      hasAnyValues = true;
      internalValueResult.tags = this._tags;
    }
    if (this._templateId !== undefined) {
      hasAnyValues = true;
      internalValueResult.templateId = this._templateId;
    }
    if (this._templateMatchPolicy !== undefined) {
      hasAnyValues = true;
      internalValueResult.templateMatchPolicy = this._templateMatchPolicy;
    }
    if (this._templateTags !== undefined) {
      hasAnyValues = true;
      internalValueResult.templateTags = this._templateTags;
    }
    if (this._vlan !== undefined) {
      hasAnyValues = true;
      internalValueResult.vlan = this._vlan;
    }
    if (this._vmidRangeEnd !== undefined) {
      hasAnyValues = true;
      internalValueResult.vmidRangeEnd = this._vmidRangeEnd;
    }
    if (this._vmidRangeStart !== undefined) {
      hasAnyValues = true;
      internalValueResult.vmidRangeStart = this._vmidRangeStart;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: ClusterAdoptionWorkerTemplate | cdktf.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._bootDisk = undefined;
      this._bootDiskSizeGb = undefined;
      this._bridge = undefined;
      this._cores = undefined;
      this._format = undefined;
      this._fullClone = undefined;
      this._memoryMib = undefined;
      this._mtu = undefined;
      this._nicModel = undefined;
      this._pool = undefined;
      this._providerIdInjection = undefined;
      this._skipCloudInitStatus = undefined;
      this._skipQemuGuestAgent = undefined;
      this._sockets = undefined;
      this._sourceNode = undefined;
      this._storage = undefined;
      this._tags = undefined;
      this._templateId = undefined;
      this._templateMatchPolicy = undefined;
      this._templateTags = undefined;
      this._vlan = undefined;
      this._vmidRangeEnd = undefined;
      this._vmidRangeStart = undefined;
    }
    else if (cdktf.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._bootDisk = value.bootDisk;
      this._bootDiskSizeGb = value.bootDiskSizeGb;
      this._bridge = value.bridge;
      this._cores = value.cores;
      this._format = value.format;
      this._fullClone = value.fullClone;
      this._memoryMib = value.memoryMib;
      this._mtu = value.mtu;
      this._nicModel = value.nicModel;
      this._pool = value.pool;
      this._providerIdInjection = value.providerIdInjection;
      this._skipCloudInitStatus = value.skipCloudInitStatus;
      this._skipQemuGuestAgent = value.skipQemuGuestAgent;
      this._sockets = value.sockets;
      this._sourceNode = value.sourceNode;
      this._storage = value.storage;
      this._tags = value.tags;
      this._templateId = value.templateId;
      this._templateMatchPolicy = value.templateMatchPolicy;
      this._templateTags = value.templateTags;
      this._vlan = value.vlan;
      this._vmidRangeEnd = value.vmidRangeEnd;
      this._vmidRangeStart = value.vmidRangeStart;
    }
  }

  // boot_disk - computed: false, optional: true, required: false
  private _bootDisk?: string; 
  public get bootDisk() {
    return this.getStringAttribute('boot_disk');
  }
  public set bootDisk(value: string) {
    this._bootDisk = value;
  }
  public resetBootDisk() {
    this._bootDisk = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get bootDiskInput() {
    return this._bootDisk;
  }

  // boot_disk_size_gb - computed: false, optional: true, required: false
  private _bootDiskSizeGb?: number; 
  public get bootDiskSizeGb() {
    return this.getNumberAttribute('boot_disk_size_gb');
  }
  public set bootDiskSizeGb(value: number) {
    this._bootDiskSizeGb = value;
  }
  public resetBootDiskSizeGb() {
    this._bootDiskSizeGb = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get bootDiskSizeGbInput() {
    return this._bootDiskSizeGb;
  }

  // bridge - computed: false, optional: false, required: true
  private _bridge?: string; 
  public get bridge() {
    return this.getStringAttribute('bridge');
  }
  public set bridge(value: string) {
    this._bridge = value;
  }
  // Temporarily expose input value. Use with caution.
  public get bridgeInput() {
    return this._bridge;
  }

  // cores - computed: false, optional: false, required: true
  private _cores?: number; 
  public get cores() {
    return this.getNumberAttribute('cores');
  }
  public set cores(value: number) {
    this._cores = value;
  }
  // Temporarily expose input value. Use with caution.
  public get coresInput() {
    return this._cores;
  }

  // format - computed: false, optional: true, required: false
  private _format?: string; 
  public get format() {
    return this.getStringAttribute('format');
  }
  public set format(value: string) {
    this._format = value;
  }
  public resetFormat() {
    this._format = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get formatInput() {
    return this._format;
  }

  // full_clone - computed: false, optional: true, required: false
  private _fullClone?: boolean | cdktf.IResolvable; 
  public get fullClone() {
    return this.getBooleanAttribute('full_clone');
  }
  public set fullClone(value: boolean | cdktf.IResolvable) {
    this._fullClone = value;
  }
  public resetFullClone() {
    this._fullClone = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get fullCloneInput() {
    return this._fullClone;
  }

  // memory_mib - computed: false, optional: false, required: true
  private _memoryMib?: number; 
  public get memoryMib() {
    return this.getNumberAttribute('memory_mib');
  }
  public set memoryMib(value: number) {
    this._memoryMib = value;
  }
  // Temporarily expose input value. Use with caution.
  public get memoryMibInput() {
    return this._memoryMib;
  }

  // mtu - computed: false, optional: true, required: false
  private _mtu?: number; 
  public get mtu() {
    return this.getNumberAttribute('mtu');
  }
  public set mtu(value: number) {
    this._mtu = value;
  }
  public resetMtu() {
    this._mtu = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get mtuInput() {
    return this._mtu;
  }

  // nic_model - computed: false, optional: true, required: false
  private _nicModel?: string; 
  public get nicModel() {
    return this.getStringAttribute('nic_model');
  }
  public set nicModel(value: string) {
    this._nicModel = value;
  }
  public resetNicModel() {
    this._nicModel = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get nicModelInput() {
    return this._nicModel;
  }

  // pool - computed: false, optional: true, required: false
  private _pool?: string; 
  public get pool() {
    return this.getStringAttribute('pool');
  }
  public set pool(value: string) {
    this._pool = value;
  }
  public resetPool() {
    this._pool = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get poolInput() {
    return this._pool;
  }

  // provider_id_injection - computed: false, optional: true, required: false
  private _providerIdInjection?: boolean | cdktf.IResolvable; 
  public get providerIdInjection() {
    return this.getBooleanAttribute('provider_id_injection');
  }
  public set providerIdInjection(value: boolean | cdktf.IResolvable) {
    this._providerIdInjection = value;
  }
  public resetProviderIdInjection() {
    this._providerIdInjection = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get providerIdInjectionInput() {
    return this._providerIdInjection;
  }

  // skip_cloud_init_status - computed: false, optional: true, required: false
  private _skipCloudInitStatus?: boolean | cdktf.IResolvable; 
  public get skipCloudInitStatus() {
    return this.getBooleanAttribute('skip_cloud_init_status');
  }
  public set skipCloudInitStatus(value: boolean | cdktf.IResolvable) {
    this._skipCloudInitStatus = value;
  }
  public resetSkipCloudInitStatus() {
    this._skipCloudInitStatus = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get skipCloudInitStatusInput() {
    return this._skipCloudInitStatus;
  }

  // skip_qemu_guest_agent - computed: false, optional: true, required: false
  private _skipQemuGuestAgent?: boolean | cdktf.IResolvable; 
  public get skipQemuGuestAgent() {
    return this.getBooleanAttribute('skip_qemu_guest_agent');
  }
  public set skipQemuGuestAgent(value: boolean | cdktf.IResolvable) {
    this._skipQemuGuestAgent = value;
  }
  public resetSkipQemuGuestAgent() {
    this._skipQemuGuestAgent = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get skipQemuGuestAgentInput() {
    return this._skipQemuGuestAgent;
  }

  // sockets - computed: false, optional: true, required: false
  private _sockets?: number; 
  public get sockets() {
    return this.getNumberAttribute('sockets');
  }
  public set sockets(value: number) {
    this._sockets = value;
  }
  public resetSockets() {
    this._sockets = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get socketsInput() {
    return this._sockets;
  }

  // source_node - computed: false, optional: true, required: false
  private _sourceNode?: string; 
  public get sourceNode() {
    return this.getStringAttribute('source_node');
  }
  public set sourceNode(value: string) {
    this._sourceNode = value;
  }
  public resetSourceNode() {
    this._sourceNode = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get sourceNodeInput() {
    return this._sourceNode;
  }

  // storage - computed: false, optional: true, required: false
  private _storage?: string; 
  public get storage() {
    return this.getStringAttribute('storage');
  }
  public set storage(value: string) {
    this._storage = value;
  }
  public resetStorage() {
    this._storage = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get storageInput() {
    return this._storage;
  }

  // tags - computed: false, optional: true, required: false
  private _tags?: string[]; 
  public get tags() {
    return this.getListAttribute('tags');
  }
  public set tags(value: string[]) {
    this._tags = value;
  }
  public resetTags() {
    this._tags = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get tagsInput() {
    return this._tags;
  }

  // template_id - computed: false, optional: true, required: false
  private _templateId?: number; 
  public get templateId() {
    return this.getNumberAttribute('template_id');
  }
  public set templateId(value: number) {
    this._templateId = value;
  }
  public resetTemplateId() {
    this._templateId = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get templateIdInput() {
    return this._templateId;
  }

  // template_match_policy - computed: false, optional: true, required: false
  private _templateMatchPolicy?: string; 
  public get templateMatchPolicy() {
    return this.getStringAttribute('template_match_policy');
  }
  public set templateMatchPolicy(value: string) {
    this._templateMatchPolicy = value;
  }
  public resetTemplateMatchPolicy() {
    this._templateMatchPolicy = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get templateMatchPolicyInput() {
    return this._templateMatchPolicy;
  }

  // template_tags - computed: false, optional: true, required: false
  private _templateTags?: string[]; 
  public get templateTags() {
    return this.getListAttribute('template_tags');
  }
  public set templateTags(value: string[]) {
    this._templateTags = value;
  }
  public resetTemplateTags() {
    this._templateTags = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get templateTagsInput() {
    return this._templateTags;
  }

  // vlan - computed: false, optional: true, required: false
  private _vlan?: number; 
  public get vlan() {
    return this.getNumberAttribute('vlan');
  }
  public set vlan(value: number) {
    this._vlan = value;
  }
  public resetVlan() {
    this._vlan = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get vlanInput() {
    return this._vlan;
  }

  // vmid_range_end - computed: false, optional: true, required: false
  private _vmidRangeEnd?: number; 
  public get vmidRangeEnd() {
    return this.getNumberAttribute('vmid_range_end');
  }
  public set vmidRangeEnd(value: number) {
    this._vmidRangeEnd = value;
  }
  public resetVmidRangeEnd() {
    this._vmidRangeEnd = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get vmidRangeEndInput() {
    return this._vmidRangeEnd;
  }

  // vmid_range_start - computed: false, optional: true, required: false
  private _vmidRangeStart?: number; 
  public get vmidRangeStart() {
    return this.getNumberAttribute('vmid_range_start');
  }
  public set vmidRangeStart(value: number) {
    this._vmidRangeStart = value;
  }
  public resetVmidRangeStart() {
    this._vmidRangeStart = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get vmidRangeStartInput() {
    return this._vmidRangeStart;
  }
}

/**
* Represents a {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption capi_cluster_adoption}
*/
export class ClusterAdoption extends cdktf.TerraformResource {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "capi_cluster_adoption";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTF code for importing a ClusterAdoption resource upon running "cdktf plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the ClusterAdoption to import
  * @param importFromId The id of the existing ClusterAdoption that should be imported. Refer to the {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the ClusterAdoption to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
        return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "capi_cluster_adoption", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/cluster_adoption capi_cluster_adoption} Resource
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options ClusterAdoptionConfig
  */
  public constructor(scope: Construct, id: string, config: ClusterAdoptionConfig) {
    super(scope, id, {
      terraformResourceType: 'capi_cluster_adoption',
      terraformGeneratorMetadata: {
        providerName: 'capi',
        providerVersion: '0.1.0',
        providerVersionConstraint: '0.1.0'
      },
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      provisioners: config.provisioners,
      connection: config.connection,
      forEach: config.forEach
    });
    this._adoptionTimeoutSeconds = config.adoptionTimeoutSeconds;
    this._clusterName = config.clusterName;
    this._configPatches = config.configPatches;
    this._controlPlaneEndpointHost = config.controlPlaneEndpointHost;
    this._controlPlaneEndpointPort = config.controlPlaneEndpointPort;
    this._controlPlanePatches = config.controlPlanePatches;
    this._controlPlaneReplicas = config.controlPlaneReplicas;
    this._controlPlaneRolloutStrategy = config.controlPlaneRolloutStrategy;
    this._destroyTimeoutSeconds = config.destroyTimeoutSeconds;
    this._kubernetesVersion = config.kubernetesVersion;
    this._machineSecrets.internalValue = config.machineSecrets;
    this._namespace = config.namespace;
    this._onDestroy = config.onDestroy;
    this._podCidrs = config.podCidrs;
    this._serviceCidrs = config.serviceCidrs;
    this._serviceDomain = config.serviceDomain;
    this._talosVersion = config.talosVersion;
    this._talosconfig = config.talosconfig;
    this._workerPatches = config.workerPatches;
    this._workerReplicas = config.workerReplicas;
    this._workerRolloutStrategy = config.workerRolloutStrategy;
    this._workloadKubeconfig = config.workloadKubeconfig;
    this._controlPlaneTemplate.internalValue = config.controlPlaneTemplate;
    this._network.internalValue = config.network;
    this._node.internalValue = config.nodeAttribute;
    this._proxmox.internalValue = config.proxmox;
    this._workerTemplate.internalValue = config.workerTemplate;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // adoption_confirmed - computed: true, optional: false, required: false
  public get adoptionConfirmed() {
    return this.getBooleanAttribute('adoption_confirmed');
  }

  // adoption_timeout_seconds - computed: true, optional: true, required: false
  private _adoptionTimeoutSeconds?: number; 
  public get adoptionTimeoutSeconds() {
    return this.getNumberAttribute('adoption_timeout_seconds');
  }
  public set adoptionTimeoutSeconds(value: number) {
    this._adoptionTimeoutSeconds = value;
  }
  public resetAdoptionTimeoutSeconds() {
    this._adoptionTimeoutSeconds = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get adoptionTimeoutSecondsInput() {
    return this._adoptionTimeoutSeconds;
  }

  // cluster_name - computed: false, optional: false, required: true
  private _clusterName?: string; 
  public get clusterName() {
    return this.getStringAttribute('cluster_name');
  }
  public set clusterName(value: string) {
    this._clusterName = value;
  }
  // Temporarily expose input value. Use with caution.
  public get clusterNameInput() {
    return this._clusterName;
  }

  // cluster_uid - computed: true, optional: false, required: false
  public get clusterUid() {
    return this.getStringAttribute('cluster_uid');
  }

  // config_patches - computed: true, optional: true, required: false
  private _configPatches?: string[]; 
  public get configPatches() {
    return this.getListAttribute('config_patches');
  }
  public set configPatches(value: string[]) {
    this._configPatches = value;
  }
  public resetConfigPatches() {
    this._configPatches = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get configPatchesInput() {
    return this._configPatches;
  }

  // control_plane_endpoint_host - computed: false, optional: false, required: true
  private _controlPlaneEndpointHost?: string; 
  public get controlPlaneEndpointHost() {
    return this.getStringAttribute('control_plane_endpoint_host');
  }
  public set controlPlaneEndpointHost(value: string) {
    this._controlPlaneEndpointHost = value;
  }
  // Temporarily expose input value. Use with caution.
  public get controlPlaneEndpointHostInput() {
    return this._controlPlaneEndpointHost;
  }

  // control_plane_endpoint_port - computed: true, optional: true, required: false
  private _controlPlaneEndpointPort?: number; 
  public get controlPlaneEndpointPort() {
    return this.getNumberAttribute('control_plane_endpoint_port');
  }
  public set controlPlaneEndpointPort(value: number) {
    this._controlPlaneEndpointPort = value;
  }
  public resetControlPlaneEndpointPort() {
    this._controlPlaneEndpointPort = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get controlPlaneEndpointPortInput() {
    return this._controlPlaneEndpointPort;
  }

  // control_plane_patches - computed: true, optional: true, required: false
  private _controlPlanePatches?: string[]; 
  public get controlPlanePatches() {
    return this.getListAttribute('control_plane_patches');
  }
  public set controlPlanePatches(value: string[]) {
    this._controlPlanePatches = value;
  }
  public resetControlPlanePatches() {
    this._controlPlanePatches = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get controlPlanePatchesInput() {
    return this._controlPlanePatches;
  }

  // control_plane_replicas - computed: false, optional: true, required: false
  private _controlPlaneReplicas?: number; 
  public get controlPlaneReplicas() {
    return this.getNumberAttribute('control_plane_replicas');
  }
  public set controlPlaneReplicas(value: number) {
    this._controlPlaneReplicas = value;
  }
  public resetControlPlaneReplicas() {
    this._controlPlaneReplicas = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get controlPlaneReplicasInput() {
    return this._controlPlaneReplicas;
  }

  // control_plane_rollout_strategy - computed: true, optional: true, required: false
  private _controlPlaneRolloutStrategy?: string; 
  public get controlPlaneRolloutStrategy() {
    return this.getStringAttribute('control_plane_rollout_strategy');
  }
  public set controlPlaneRolloutStrategy(value: string) {
    this._controlPlaneRolloutStrategy = value;
  }
  public resetControlPlaneRolloutStrategy() {
    this._controlPlaneRolloutStrategy = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get controlPlaneRolloutStrategyInput() {
    return this._controlPlaneRolloutStrategy;
  }

  // destroy_timeout_seconds - computed: true, optional: true, required: false
  private _destroyTimeoutSeconds?: number; 
  public get destroyTimeoutSeconds() {
    return this.getNumberAttribute('destroy_timeout_seconds');
  }
  public set destroyTimeoutSeconds(value: number) {
    this._destroyTimeoutSeconds = value;
  }
  public resetDestroyTimeoutSeconds() {
    this._destroyTimeoutSeconds = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get destroyTimeoutSecondsInput() {
    return this._destroyTimeoutSeconds;
  }

  // drift - computed: true, optional: false, required: false
  public get drift() {
    return this.getListAttribute('drift');
  }

  // id - computed: true, optional: false, required: false
  public get id() {
    return this.getStringAttribute('id');
  }

  // kubernetes_version - computed: false, optional: false, required: true
  private _kubernetesVersion?: string; 
  public get kubernetesVersion() {
    return this.getStringAttribute('kubernetes_version');
  }
  public set kubernetesVersion(value: string) {
    this._kubernetesVersion = value;
  }
  // Temporarily expose input value. Use with caution.
  public get kubernetesVersionInput() {
    return this._kubernetesVersion;
  }

  // machine_secrets - computed: false, optional: false, required: true
  private _machineSecrets = new ClusterAdoptionMachineSecretsOutputReference(this, "machine_secrets");
  public get machineSecrets() {
    return this._machineSecrets;
  }
  public putMachineSecrets(value: ClusterAdoptionMachineSecrets) {
    this._machineSecrets.internalValue = value;
  }
  // Temporarily expose input value. Use with caution.
  public get machineSecretsInput() {
    return this._machineSecrets.internalValue;
  }

  // machines - computed: true, optional: false, required: false
  private _machines = new ClusterAdoptionMachinesList(this, "machines", false);
  public get machines() {
    return this._machines;
  }

  // namespace - computed: false, optional: true, required: false
  private _namespace?: string; 
  public get namespace() {
    return this.getStringAttribute('namespace');
  }
  public set namespace(value: string) {
    this._namespace = value;
  }
  public resetNamespace() {
    this._namespace = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get namespaceInput() {
    return this._namespace;
  }

  // on_destroy - computed: true, optional: true, required: false
  private _onDestroy?: string; 
  public get onDestroy() {
    return this.getStringAttribute('on_destroy');
  }
  public set onDestroy(value: string) {
    this._onDestroy = value;
  }
  public resetOnDestroy() {
    this._onDestroy = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get onDestroyInput() {
    return this._onDestroy;
  }

  // paused - computed: true, optional: false, required: false
  public get paused() {
    return this.getBooleanAttribute('paused');
  }

  // phase - computed: true, optional: false, required: false
  public get phase() {
    return this.getStringAttribute('phase');
  }

  // pod_cidrs - computed: true, optional: true, required: false
  private _podCidrs?: string[]; 
  public get podCidrs() {
    return this.getListAttribute('pod_cidrs');
  }
  public set podCidrs(value: string[]) {
    this._podCidrs = value;
  }
  public resetPodCidrs() {
    this._podCidrs = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get podCidrsInput() {
    return this._podCidrs;
  }

  // proxmox_token_sha256 - computed: true, optional: false, required: false
  public get proxmoxTokenSha256() {
    return this.getStringAttribute('proxmox_token_sha256');
  }

  // service_cidrs - computed: true, optional: true, required: false
  private _serviceCidrs?: string[]; 
  public get serviceCidrs() {
    return this.getListAttribute('service_cidrs');
  }
  public set serviceCidrs(value: string[]) {
    this._serviceCidrs = value;
  }
  public resetServiceCidrs() {
    this._serviceCidrs = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get serviceCidrsInput() {
    return this._serviceCidrs;
  }

  // service_domain - computed: true, optional: true, required: false
  private _serviceDomain?: string; 
  public get serviceDomain() {
    return this.getStringAttribute('service_domain');
  }
  public set serviceDomain(value: string) {
    this._serviceDomain = value;
  }
  public resetServiceDomain() {
    this._serviceDomain = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get serviceDomainInput() {
    return this._serviceDomain;
  }

  // talos_version - computed: false, optional: false, required: true
  private _talosVersion?: string; 
  public get talosVersion() {
    return this.getStringAttribute('talos_version');
  }
  public set talosVersion(value: string) {
    this._talosVersion = value;
  }
  // Temporarily expose input value. Use with caution.
  public get talosVersionInput() {
    return this._talosVersion;
  }

  // talosconfig - computed: false, optional: false, required: true
  private _talosconfig?: string; 
  public get talosconfig() {
    return this.getStringAttribute('talosconfig');
  }
  public set talosconfig(value: string) {
    this._talosconfig = value;
  }
  // Temporarily expose input value. Use with caution.
  public get talosconfigInput() {
    return this._talosconfig;
  }

  // worker_patches - computed: true, optional: true, required: false
  private _workerPatches?: string[]; 
  public get workerPatches() {
    return this.getListAttribute('worker_patches');
  }
  public set workerPatches(value: string[]) {
    this._workerPatches = value;
  }
  public resetWorkerPatches() {
    this._workerPatches = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get workerPatchesInput() {
    return this._workerPatches;
  }

  // worker_replicas - computed: false, optional: true, required: false
  private _workerReplicas?: number; 
  public get workerReplicas() {
    return this.getNumberAttribute('worker_replicas');
  }
  public set workerReplicas(value: number) {
    this._workerReplicas = value;
  }
  public resetWorkerReplicas() {
    this._workerReplicas = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get workerReplicasInput() {
    return this._workerReplicas;
  }

  // worker_rollout_strategy - computed: true, optional: true, required: false
  private _workerRolloutStrategy?: string; 
  public get workerRolloutStrategy() {
    return this.getStringAttribute('worker_rollout_strategy');
  }
  public set workerRolloutStrategy(value: string) {
    this._workerRolloutStrategy = value;
  }
  public resetWorkerRolloutStrategy() {
    this._workerRolloutStrategy = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get workerRolloutStrategyInput() {
    return this._workerRolloutStrategy;
  }

  // workload_kubeconfig - computed: false, optional: false, required: true
  private _workloadKubeconfig?: string; 
  public get workloadKubeconfig() {
    return this.getStringAttribute('workload_kubeconfig');
  }
  public set workloadKubeconfig(value: string) {
    this._workloadKubeconfig = value;
  }
  // Temporarily expose input value. Use with caution.
  public get workloadKubeconfigInput() {
    return this._workloadKubeconfig;
  }

  // control_plane_template - computed: false, optional: true, required: false
  private _controlPlaneTemplate = new ClusterAdoptionControlPlaneTemplateOutputReference(this, "control_plane_template");
  public get controlPlaneTemplate() {
    return this._controlPlaneTemplate;
  }
  public putControlPlaneTemplate(value: ClusterAdoptionControlPlaneTemplate) {
    this._controlPlaneTemplate.internalValue = value;
  }
  public resetControlPlaneTemplate() {
    this._controlPlaneTemplate.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get controlPlaneTemplateInput() {
    return this._controlPlaneTemplate.internalValue;
  }

  // network - computed: false, optional: false, required: true
  private _network = new ClusterAdoptionNetworkOutputReference(this, "network");
  public get network() {
    return this._network;
  }
  public putNetwork(value: ClusterAdoptionNetwork) {
    this._network.internalValue = value;
  }
  // Temporarily expose input value. Use with caution.
  public get networkInput() {
    return this._network.internalValue;
  }

  // node - computed: false, optional: false, required: true
  private _node = new ClusterAdoptionNodeList(this, "node", false);
  public get nodeAttribute() {
    return this._node;
  }
  public putNodeAttribute(value: ClusterAdoptionNode[] | cdktf.IResolvable) {
    this._node.internalValue = value;
  }
  // Temporarily expose input value. Use with caution.
  public get nodeAttributeInput() {
    return this._node.internalValue;
  }

  // proxmox - computed: false, optional: true, required: false
  private _proxmox = new ClusterAdoptionProxmoxOutputReference(this, "proxmox");
  public get proxmox() {
    return this._proxmox;
  }
  public putProxmox(value: ClusterAdoptionProxmox) {
    this._proxmox.internalValue = value;
  }
  public resetProxmox() {
    this._proxmox.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get proxmoxInput() {
    return this._proxmox.internalValue;
  }

  // worker_template - computed: false, optional: true, required: false
  private _workerTemplate = new ClusterAdoptionWorkerTemplateOutputReference(this, "worker_template");
  public get workerTemplate() {
    return this._workerTemplate;
  }
  public putWorkerTemplate(value: ClusterAdoptionWorkerTemplate) {
    this._workerTemplate.internalValue = value;
  }
  public resetWorkerTemplate() {
    this._workerTemplate.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get workerTemplateInput() {
    return this._workerTemplate.internalValue;
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      adoption_timeout_seconds: cdktf.numberToTerraform(this._adoptionTimeoutSeconds),
      cluster_name: cdktf.stringToTerraform(this._clusterName),
      config_patches: cdktf.listMapper(cdktf.stringToTerraform, false)(this._configPatches),
      control_plane_endpoint_host: cdktf.stringToTerraform(this._controlPlaneEndpointHost),
      control_plane_endpoint_port: cdktf.numberToTerraform(this._controlPlaneEndpointPort),
      control_plane_patches: cdktf.listMapper(cdktf.stringToTerraform, false)(this._controlPlanePatches),
      control_plane_replicas: cdktf.numberToTerraform(this._controlPlaneReplicas),
      control_plane_rollout_strategy: cdktf.stringToTerraform(this._controlPlaneRolloutStrategy),
      destroy_timeout_seconds: cdktf.numberToTerraform(this._destroyTimeoutSeconds),
      kubernetes_version: cdktf.stringToTerraform(this._kubernetesVersion),
      machine_secrets: clusterAdoptionMachineSecretsToTerraform(this._machineSecrets.internalValue),
      namespace: cdktf.stringToTerraform(this._namespace),
      on_destroy: cdktf.stringToTerraform(this._onDestroy),
      pod_cidrs: cdktf.listMapper(cdktf.stringToTerraform, false)(this._podCidrs),
      service_cidrs: cdktf.listMapper(cdktf.stringToTerraform, false)(this._serviceCidrs),
      service_domain: cdktf.stringToTerraform(this._serviceDomain),
      talos_version: cdktf.stringToTerraform(this._talosVersion),
      talosconfig: cdktf.stringToTerraform(this._talosconfig),
      worker_patches: cdktf.listMapper(cdktf.stringToTerraform, false)(this._workerPatches),
      worker_replicas: cdktf.numberToTerraform(this._workerReplicas),
      worker_rollout_strategy: cdktf.stringToTerraform(this._workerRolloutStrategy),
      workload_kubeconfig: cdktf.stringToTerraform(this._workloadKubeconfig),
      control_plane_template: clusterAdoptionControlPlaneTemplateToTerraform(this._controlPlaneTemplate.internalValue),
      network: clusterAdoptionNetworkToTerraform(this._network.internalValue),
      node: cdktf.listMapper(clusterAdoptionNodeToTerraform, true)(this._node.internalValue),
      proxmox: clusterAdoptionProxmoxToTerraform(this._proxmox.internalValue),
      worker_template: clusterAdoptionWorkerTemplateToTerraform(this._workerTemplate.internalValue),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      adoption_timeout_seconds: {
        value: cdktf.numberToHclTerraform(this._adoptionTimeoutSeconds),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      cluster_name: {
        value: cdktf.stringToHclTerraform(this._clusterName),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      config_patches: {
        value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(this._configPatches),
        isBlock: false,
        type: "list",
        storageClassType: "stringList",
      },
      control_plane_endpoint_host: {
        value: cdktf.stringToHclTerraform(this._controlPlaneEndpointHost),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      control_plane_endpoint_port: {
        value: cdktf.numberToHclTerraform(this._controlPlaneEndpointPort),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      control_plane_patches: {
        value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(this._controlPlanePatches),
        isBlock: false,
        type: "list",
        storageClassType: "stringList",
      },
      control_plane_replicas: {
        value: cdktf.numberToHclTerraform(this._controlPlaneReplicas),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      control_plane_rollout_strategy: {
        value: cdktf.stringToHclTerraform(this._controlPlaneRolloutStrategy),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      destroy_timeout_seconds: {
        value: cdktf.numberToHclTerraform(this._destroyTimeoutSeconds),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      kubernetes_version: {
        value: cdktf.stringToHclTerraform(this._kubernetesVersion),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      machine_secrets: {
        value: clusterAdoptionMachineSecretsToHclTerraform(this._machineSecrets.internalValue),
        isBlock: true,
        type: "struct",
        storageClassType: "ClusterAdoptionMachineSecrets",
      },
      namespace: {
        value: cdktf.stringToHclTerraform(this._namespace),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      on_destroy: {
        value: cdktf.stringToHclTerraform(this._onDestroy),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      pod_cidrs: {
        value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(this._podCidrs),
        isBlock: false,
        type: "list",
        storageClassType: "stringList",
      },
      service_cidrs: {
        value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(this._serviceCidrs),
        isBlock: false,
        type: "list",
        storageClassType: "stringList",
      },
      service_domain: {
        value: cdktf.stringToHclTerraform(this._serviceDomain),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      talos_version: {
        value: cdktf.stringToHclTerraform(this._talosVersion),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      talosconfig: {
        value: cdktf.stringToHclTerraform(this._talosconfig),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      worker_patches: {
        value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(this._workerPatches),
        isBlock: false,
        type: "list",
        storageClassType: "stringList",
      },
      worker_replicas: {
        value: cdktf.numberToHclTerraform(this._workerReplicas),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      worker_rollout_strategy: {
        value: cdktf.stringToHclTerraform(this._workerRolloutStrategy),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      workload_kubeconfig: {
        value: cdktf.stringToHclTerraform(this._workloadKubeconfig),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      control_plane_template: {
        value: clusterAdoptionControlPlaneTemplateToHclTerraform(this._controlPlaneTemplate.internalValue),
        isBlock: true,
        type: "struct",
        storageClassType: "ClusterAdoptionControlPlaneTemplate",
      },
      network: {
        value: clusterAdoptionNetworkToHclTerraform(this._network.internalValue),
        isBlock: true,
        type: "struct",
        storageClassType: "ClusterAdoptionNetwork",
      },
      node: {
        value: cdktf.listMapperHcl(clusterAdoptionNodeToHclTerraform, true)(this._node.internalValue),
        isBlock: true,
        type: "list",
        storageClassType: "ClusterAdoptionNodeList",
      },
      proxmox: {
        value: clusterAdoptionProxmoxToHclTerraform(this._proxmox.internalValue),
        isBlock: true,
        type: "struct",
        storageClassType: "ClusterAdoptionProxmox",
      },
      worker_template: {
        value: clusterAdoptionWorkerTemplateToHclTerraform(this._workerTemplate.internalValue),
        isBlock: true,
        type: "struct",
        storageClassType: "ClusterAdoptionWorkerTemplate",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}
