// https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/components
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktf from '../../cdk-core';

// Configuration

export interface ComponentsConfig extends cdktf.TerraformMetaArguments {
  /**
  * Talos bootstrap provider release (CABPT).
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/components#bootstrap_version Components#bootstrap_version}
  */
  readonly bootstrapVersion?: string;
  /**
  * auto: reuse a cert-manager whose API answers, otherwise install (and later upgrade and remove) cert_manager_version; external: never install, require one.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/components#cert_manager Components#cert_manager}
  */
  readonly certManager?: string;
  /**
  * cert-manager release installed when cert_manager is auto and none answers (default: what clusterctl of the pinned core installs).
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/components#cert_manager_version Components#cert_manager_version}
  */
  readonly certManagerVersion?: string;
  /**
  * Talos control plane provider release (CACPPT).
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/components#control_plane_version Components#control_plane_version}
  */
  readonly controlPlaneVersion?: string;
  /**
  * Cluster API core provider release (kubernetes-sigs/cluster-api).
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/components#core_version Components#core_version}
  */
  readonly coreVersion?: string;
  /**
  * Proxmox infrastructure provider release (CAPMOX).
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/components#infrastructure_version Components#infrastructure_version}
  */
  readonly infrastructureVersion?: string;
  /**
  * In-cluster IPAM provider release.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/components#ipam_version Components#ipam_version}
  */
  readonly ipamVersion?: string;
  /**
  * Local directory in clusterctl's overrides layout (<dir>/<provider-label>/<version>/<file>); files found there are used instead of downloads (air-gapped installs).
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/components#overrides_dir Components#overrides_dir}
  */
  readonly overridesDir?: string;
  /**
  * PROXMOX_SECRET, the API token secret.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/components#proxmox_secret Components#proxmox_secret}
  */
  readonly proxmoxSecret?: string;
  /**
  * PROXMOX_TOKEN, the API token id, e.g. capmox@pve!capi.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/components#proxmox_token Components#proxmox_token}
  */
  readonly proxmoxToken?: string;
  /**
  * PROXMOX_URL for the CAPMOX credentials Secret, e.g. https://pve.example.com:8006.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/components#proxmox_url Components#proxmox_url}
  */
  readonly proxmoxUrl?: string;
  /**
  * Base of the release download URLs, <base>/<owner>/<repo>/releases/download/<version>/<file>; default https://github.com.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/components#repository_base_url Components#repository_base_url}
  */
  readonly repositoryBaseUrl?: string;
  /**
  * Values for ${VAR} references in the components YAML (as clusterctl takes from its config file).
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/components#variables Components#variables}
  */
  readonly variables?: { [key: string]: string };
  /**
  * How long each wait (CRDs Established, controllers Available, namespaces gone) may take.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/components#wait_timeout Components#wait_timeout}
  */
  readonly waitTimeout?: string;
  /**
  * image_override block
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/components#image_override Components#image_override}
  */
  readonly imageOverride?: ComponentsImageOverride[] | cdktf.IResolvable;
}
export interface ComponentsInventory {
}

export function componentsInventoryToTerraform(struct?: ComponentsInventory): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
  }
}


export function componentsInventoryToHclTerraform(struct?: ComponentsInventory): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
  };
  return attrs;
}

export class ComponentsInventoryOutputReference extends cdktf.ComplexObject {
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

  public get internalValue(): ComponentsInventory | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: ComponentsInventory | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
    }
  }

  // missing_objects - computed: true, optional: false, required: false
  public get missingObjects() {
    return this.getNumberAttribute('missing_objects');
  }

  // name - computed: true, optional: false, required: false
  public get name() {
    return this.getStringAttribute('name');
  }

  // namespace - computed: true, optional: false, required: false
  public get namespace() {
    return this.getStringAttribute('namespace');
  }

  // provider_name - computed: true, optional: false, required: false
  public get providerName() {
    return this.getStringAttribute('provider_name');
  }

  // type - computed: true, optional: false, required: false
  public get type() {
    return this.getStringAttribute('type');
  }

  // version - computed: true, optional: false, required: false
  public get version() {
    return this.getStringAttribute('version');
  }
}

export class ComponentsInventoryList extends cdktf.ComplexList {

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
  public get(index: number): ComponentsInventoryOutputReference {
    return new ComponentsInventoryOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}
export interface ComponentsImageOverride {
  /**
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/components#component Components#component}
  */
  readonly component: string;
  /**
  * Replaces the part before the image name, e.g. registry.example.com/mirror.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/components#repository Components#repository}
  */
  readonly repository?: string;
  /**
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/components#tag Components#tag}
  */
  readonly tag?: string;
}

export function componentsImageOverrideToTerraform(struct?: ComponentsImageOverride | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    component: cdktf.stringToTerraform(struct!.component),
    repository: cdktf.stringToTerraform(struct!.repository),
    tag: cdktf.stringToTerraform(struct!.tag),
  }
}


export function componentsImageOverrideToHclTerraform(struct?: ComponentsImageOverride | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    component: {
      value: cdktf.stringToHclTerraform(struct!.component),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    repository: {
      value: cdktf.stringToHclTerraform(struct!.repository),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    tag: {
      value: cdktf.stringToHclTerraform(struct!.tag),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class ComponentsImageOverrideOutputReference extends cdktf.ComplexObject {
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

  public get internalValue(): ComponentsImageOverride | cdktf.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._component !== undefined) {
      hasAnyValues = true;
      internalValueResult.component = this._component;
    }
    if (this._repository !== undefined) {
      hasAnyValues = true;
      internalValueResult.repository = this._repository;
    }
    if (this._tag !== undefined) {
      hasAnyValues = true;
      internalValueResult.tag = this._tag;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: ComponentsImageOverride | cdktf.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._component = undefined;
      this._repository = undefined;
      this._tag = undefined;
    }
    else if (cdktf.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._component = value.component;
      this._repository = value.repository;
      this._tag = value.tag;
    }
  }

  // component - computed: false, optional: false, required: true
  private _component?: string; 
  public get component() {
    return this.getStringAttribute('component');
  }
  public set component(value: string) {
    this._component = value;
  }
  // Temporarily expose input value. Use with caution.
  public get componentInput() {
    return this._component;
  }

  // repository - computed: false, optional: true, required: false
  private _repository?: string; 
  public get repository() {
    return this.getStringAttribute('repository');
  }
  public set repository(value: string) {
    this._repository = value;
  }
  public resetRepository() {
    this._repository = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get repositoryInput() {
    return this._repository;
  }

  // tag - computed: false, optional: true, required: false
  private _tag?: string; 
  public get tag() {
    return this.getStringAttribute('tag');
  }
  public set tag(value: string) {
    this._tag = value;
  }
  public resetTag() {
    this._tag = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get tagInput() {
    return this._tag;
  }
}

export class ComponentsImageOverrideList extends cdktf.ComplexList {
  public internalValue? : ComponentsImageOverride[] | cdktf.IResolvable

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
  public get(index: number): ComponentsImageOverrideOutputReference {
    return new ComponentsImageOverrideOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}

/**
* Represents a {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/components capi_components}
*/
export class Components extends cdktf.TerraformResource {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "capi_components";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTF code for importing a Components resource upon running "cdktf plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the Components to import
  * @param importFromId The id of the existing Components that should be imported. Refer to the {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/components#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the Components to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
        return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "capi_components", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs/resources/components capi_components} Resource
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options ComponentsConfig = {}
  */
  public constructor(scope: Construct, id: string, config: ComponentsConfig = {}) {
    super(scope, id, {
      terraformResourceType: 'capi_components',
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
    this._bootstrapVersion = config.bootstrapVersion;
    this._certManager = config.certManager;
    this._certManagerVersion = config.certManagerVersion;
    this._controlPlaneVersion = config.controlPlaneVersion;
    this._coreVersion = config.coreVersion;
    this._infrastructureVersion = config.infrastructureVersion;
    this._ipamVersion = config.ipamVersion;
    this._overridesDir = config.overridesDir;
    this._proxmoxSecret = config.proxmoxSecret;
    this._proxmoxToken = config.proxmoxToken;
    this._proxmoxUrl = config.proxmoxUrl;
    this._repositoryBaseUrl = config.repositoryBaseUrl;
    this._variables = config.variables;
    this._waitTimeout = config.waitTimeout;
    this._imageOverride.internalValue = config.imageOverride;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // bootstrap_version - computed: true, optional: true, required: false
  private _bootstrapVersion?: string; 
  public get bootstrapVersion() {
    return this.getStringAttribute('bootstrap_version');
  }
  public set bootstrapVersion(value: string) {
    this._bootstrapVersion = value;
  }
  public resetBootstrapVersion() {
    this._bootstrapVersion = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get bootstrapVersionInput() {
    return this._bootstrapVersion;
  }

  // cert_manager - computed: true, optional: true, required: false
  private _certManager?: string; 
  public get certManager() {
    return this.getStringAttribute('cert_manager');
  }
  public set certManager(value: string) {
    this._certManager = value;
  }
  public resetCertManager() {
    this._certManager = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get certManagerInput() {
    return this._certManager;
  }

  // cert_manager_managed - computed: true, optional: false, required: false
  public get certManagerManaged() {
    return this.getBooleanAttribute('cert_manager_managed');
  }

  // cert_manager_version - computed: true, optional: true, required: false
  private _certManagerVersion?: string; 
  public get certManagerVersion() {
    return this.getStringAttribute('cert_manager_version');
  }
  public set certManagerVersion(value: string) {
    this._certManagerVersion = value;
  }
  public resetCertManagerVersion() {
    this._certManagerVersion = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get certManagerVersionInput() {
    return this._certManagerVersion;
  }

  // control_plane_version - computed: true, optional: true, required: false
  private _controlPlaneVersion?: string; 
  public get controlPlaneVersion() {
    return this.getStringAttribute('control_plane_version');
  }
  public set controlPlaneVersion(value: string) {
    this._controlPlaneVersion = value;
  }
  public resetControlPlaneVersion() {
    this._controlPlaneVersion = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get controlPlaneVersionInput() {
    return this._controlPlaneVersion;
  }

  // core_version - computed: true, optional: true, required: false
  private _coreVersion?: string; 
  public get coreVersion() {
    return this.getStringAttribute('core_version');
  }
  public set coreVersion(value: string) {
    this._coreVersion = value;
  }
  public resetCoreVersion() {
    this._coreVersion = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get coreVersionInput() {
    return this._coreVersion;
  }

  // id - computed: true, optional: false, required: false
  public get id() {
    return this.getStringAttribute('id');
  }

  // infrastructure_version - computed: true, optional: true, required: false
  private _infrastructureVersion?: string; 
  public get infrastructureVersion() {
    return this.getStringAttribute('infrastructure_version');
  }
  public set infrastructureVersion(value: string) {
    this._infrastructureVersion = value;
  }
  public resetInfrastructureVersion() {
    this._infrastructureVersion = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get infrastructureVersionInput() {
    return this._infrastructureVersion;
  }

  // inventory - computed: true, optional: false, required: false
  private _inventory = new ComponentsInventoryList(this, "inventory", false);
  public get inventory() {
    return this._inventory;
  }

  // ipam_version - computed: true, optional: true, required: false
  private _ipamVersion?: string; 
  public get ipamVersion() {
    return this.getStringAttribute('ipam_version');
  }
  public set ipamVersion(value: string) {
    this._ipamVersion = value;
  }
  public resetIpamVersion() {
    this._ipamVersion = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get ipamVersionInput() {
    return this._ipamVersion;
  }

  // overrides_dir - computed: false, optional: true, required: false
  private _overridesDir?: string; 
  public get overridesDir() {
    return this.getStringAttribute('overrides_dir');
  }
  public set overridesDir(value: string) {
    this._overridesDir = value;
  }
  public resetOverridesDir() {
    this._overridesDir = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get overridesDirInput() {
    return this._overridesDir;
  }

  // proxmox_secret - computed: false, optional: true, required: false
  private _proxmoxSecret?: string; 
  public get proxmoxSecret() {
    return this.getStringAttribute('proxmox_secret');
  }
  public set proxmoxSecret(value: string) {
    this._proxmoxSecret = value;
  }
  public resetProxmoxSecret() {
    this._proxmoxSecret = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get proxmoxSecretInput() {
    return this._proxmoxSecret;
  }

  // proxmox_token - computed: false, optional: true, required: false
  private _proxmoxToken?: string; 
  public get proxmoxToken() {
    return this.getStringAttribute('proxmox_token');
  }
  public set proxmoxToken(value: string) {
    this._proxmoxToken = value;
  }
  public resetProxmoxToken() {
    this._proxmoxToken = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get proxmoxTokenInput() {
    return this._proxmoxToken;
  }

  // proxmox_url - computed: false, optional: true, required: false
  private _proxmoxUrl?: string; 
  public get proxmoxUrl() {
    return this.getStringAttribute('proxmox_url');
  }
  public set proxmoxUrl(value: string) {
    this._proxmoxUrl = value;
  }
  public resetProxmoxUrl() {
    this._proxmoxUrl = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get proxmoxUrlInput() {
    return this._proxmoxUrl;
  }

  // repository_base_url - computed: false, optional: true, required: false
  private _repositoryBaseUrl?: string; 
  public get repositoryBaseUrl() {
    return this.getStringAttribute('repository_base_url');
  }
  public set repositoryBaseUrl(value: string) {
    this._repositoryBaseUrl = value;
  }
  public resetRepositoryBaseUrl() {
    this._repositoryBaseUrl = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get repositoryBaseUrlInput() {
    return this._repositoryBaseUrl;
  }

  // variables - computed: false, optional: true, required: false
  private _variables?: { [key: string]: string }; 
  public get variables() {
    return this.getStringMapAttribute('variables');
  }
  public set variables(value: { [key: string]: string }) {
    this._variables = value;
  }
  public resetVariables() {
    this._variables = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get variablesInput() {
    return this._variables;
  }

  // wait_timeout - computed: true, optional: true, required: false
  private _waitTimeout?: string; 
  public get waitTimeout() {
    return this.getStringAttribute('wait_timeout');
  }
  public set waitTimeout(value: string) {
    this._waitTimeout = value;
  }
  public resetWaitTimeout() {
    this._waitTimeout = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get waitTimeoutInput() {
    return this._waitTimeout;
  }

  // image_override - computed: false, optional: true, required: false
  private _imageOverride = new ComponentsImageOverrideList(this, "image_override", false);
  public get imageOverride() {
    return this._imageOverride;
  }
  public putImageOverride(value: ComponentsImageOverride[] | cdktf.IResolvable) {
    this._imageOverride.internalValue = value;
  }
  public resetImageOverride() {
    this._imageOverride.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get imageOverrideInput() {
    return this._imageOverride.internalValue;
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      bootstrap_version: cdktf.stringToTerraform(this._bootstrapVersion),
      cert_manager: cdktf.stringToTerraform(this._certManager),
      cert_manager_version: cdktf.stringToTerraform(this._certManagerVersion),
      control_plane_version: cdktf.stringToTerraform(this._controlPlaneVersion),
      core_version: cdktf.stringToTerraform(this._coreVersion),
      infrastructure_version: cdktf.stringToTerraform(this._infrastructureVersion),
      ipam_version: cdktf.stringToTerraform(this._ipamVersion),
      overrides_dir: cdktf.stringToTerraform(this._overridesDir),
      proxmox_secret: cdktf.stringToTerraform(this._proxmoxSecret),
      proxmox_token: cdktf.stringToTerraform(this._proxmoxToken),
      proxmox_url: cdktf.stringToTerraform(this._proxmoxUrl),
      repository_base_url: cdktf.stringToTerraform(this._repositoryBaseUrl),
      variables: cdktf.hashMapper(cdktf.stringToTerraform)(this._variables),
      wait_timeout: cdktf.stringToTerraform(this._waitTimeout),
      image_override: cdktf.listMapper(componentsImageOverrideToTerraform, true)(this._imageOverride.internalValue),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      bootstrap_version: {
        value: cdktf.stringToHclTerraform(this._bootstrapVersion),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      cert_manager: {
        value: cdktf.stringToHclTerraform(this._certManager),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      cert_manager_version: {
        value: cdktf.stringToHclTerraform(this._certManagerVersion),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      control_plane_version: {
        value: cdktf.stringToHclTerraform(this._controlPlaneVersion),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      core_version: {
        value: cdktf.stringToHclTerraform(this._coreVersion),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      infrastructure_version: {
        value: cdktf.stringToHclTerraform(this._infrastructureVersion),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      ipam_version: {
        value: cdktf.stringToHclTerraform(this._ipamVersion),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      overrides_dir: {
        value: cdktf.stringToHclTerraform(this._overridesDir),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      proxmox_secret: {
        value: cdktf.stringToHclTerraform(this._proxmoxSecret),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      proxmox_token: {
        value: cdktf.stringToHclTerraform(this._proxmoxToken),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      proxmox_url: {
        value: cdktf.stringToHclTerraform(this._proxmoxUrl),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      repository_base_url: {
        value: cdktf.stringToHclTerraform(this._repositoryBaseUrl),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      variables: {
        value: cdktf.hashMapperHcl(cdktf.stringToHclTerraform)(this._variables),
        isBlock: false,
        type: "map",
        storageClassType: "stringMap",
      },
      wait_timeout: {
        value: cdktf.stringToHclTerraform(this._waitTimeout),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      image_override: {
        value: cdktf.listMapperHcl(componentsImageOverrideToHclTerraform, true)(this._imageOverride.internalValue),
        isBlock: true,
        type: "list",
        storageClassType: "ComponentsImageOverrideList",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}
