// https://ptc.internal/providers/ptc/talos/0.1.0/docs/data-sources/image_factory_extensions_versions
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktf from '../../cdk-core';

// Configuration

export interface DataTalosImageFactoryExtensionsVersionsConfig extends cdktf.TerraformMetaArguments {
  /**
  * Exact filter on extension names; an extension matching either filter is kept.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/talos/0.1.0/docs/data-sources/image_factory_extensions_versions#exact_filters DataTalosImageFactoryExtensionsVersions#exact_filters}
  */
  readonly exactFilters?: DataTalosImageFactoryExtensionsVersionsExactFilters;
  /**
  * Substring filter on extension names.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/talos/0.1.0/docs/data-sources/image_factory_extensions_versions#filters DataTalosImageFactoryExtensionsVersions#filters}
  */
  readonly filters?: DataTalosImageFactoryExtensionsVersionsFilters;
  /**
  * The factory to ask; overrides the provider image_factory_url.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/talos/0.1.0/docs/data-sources/image_factory_extensions_versions#image_factory_url DataTalosImageFactoryExtensionsVersions#image_factory_url}
  */
  readonly imageFactoryUrl?: string;
  /**
  * The Talos version, e.g. v1.13.9.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/talos/0.1.0/docs/data-sources/image_factory_extensions_versions#talos_version DataTalosImageFactoryExtensionsVersions#talos_version}
  */
  readonly talosVersion: string;
}
export interface DataTalosImageFactoryExtensionsVersionsExactFilters {
  /**
  * Keep extensions named exactly one of these (e.g. siderolabs/qemu-guest-agent).
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/talos/0.1.0/docs/data-sources/image_factory_extensions_versions#names DataTalosImageFactoryExtensionsVersions#names}
  */
  readonly names?: string[];
}

export function dataTalosImageFactoryExtensionsVersionsExactFiltersToTerraform(struct?: DataTalosImageFactoryExtensionsVersionsExactFilters | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    names: cdktf.listMapper(cdktf.stringToTerraform, false)(struct!.names),
  }
}


export function dataTalosImageFactoryExtensionsVersionsExactFiltersToHclTerraform(struct?: DataTalosImageFactoryExtensionsVersionsExactFilters | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    names: {
      value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(struct!.names),
      isBlock: false,
      type: "list",
      storageClassType: "stringList",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class DataTalosImageFactoryExtensionsVersionsExactFiltersOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;
  private resolvableValue?: cdktf.IResolvable;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false);
  }

  public get internalValue(): DataTalosImageFactoryExtensionsVersionsExactFilters | cdktf.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._names !== undefined) {
      hasAnyValues = true;
      internalValueResult.names = this._names;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: DataTalosImageFactoryExtensionsVersionsExactFilters | cdktf.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._names = undefined;
    }
    else if (cdktf.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._names = value.names;
    }
  }

  // names - computed: false, optional: true, required: false
  private _names?: string[]; 
  public get names() {
    return this.getListAttribute('names');
  }
  public set names(value: string[]) {
    this._names = value;
  }
  public resetNames() {
    this._names = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get namesInput() {
    return this._names;
  }
}
export interface DataTalosImageFactoryExtensionsVersionsExtensionsInfo {
}

export function dataTalosImageFactoryExtensionsVersionsExtensionsInfoToTerraform(struct?: DataTalosImageFactoryExtensionsVersionsExtensionsInfo): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
  }
}


export function dataTalosImageFactoryExtensionsVersionsExtensionsInfoToHclTerraform(struct?: DataTalosImageFactoryExtensionsVersionsExtensionsInfo): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
  };
  return attrs;
}

export class DataTalosImageFactoryExtensionsVersionsExtensionsInfoOutputReference extends cdktf.ComplexObject {
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

  public get internalValue(): DataTalosImageFactoryExtensionsVersionsExtensionsInfo | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: DataTalosImageFactoryExtensionsVersionsExtensionsInfo | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
    }
  }

  // author - computed: true, optional: false, required: false
  public get author() {
    return this.getStringAttribute('author');
  }

  // description - computed: true, optional: false, required: false
  public get description() {
    return this.getStringAttribute('description');
  }

  // digest - computed: true, optional: false, required: false
  public get digest() {
    return this.getStringAttribute('digest');
  }

  // name - computed: true, optional: false, required: false
  public get name() {
    return this.getStringAttribute('name');
  }

  // ref - computed: true, optional: false, required: false
  public get ref() {
    return this.getStringAttribute('ref');
  }
}

export class DataTalosImageFactoryExtensionsVersionsExtensionsInfoList extends cdktf.ComplexList {

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
  public get(index: number): DataTalosImageFactoryExtensionsVersionsExtensionsInfoOutputReference {
    return new DataTalosImageFactoryExtensionsVersionsExtensionsInfoOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}
export interface DataTalosImageFactoryExtensionsVersionsFilters {
  /**
  * Keep extensions whose name contains one of these.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/talos/0.1.0/docs/data-sources/image_factory_extensions_versions#names DataTalosImageFactoryExtensionsVersions#names}
  */
  readonly names?: string[];
}

export function dataTalosImageFactoryExtensionsVersionsFiltersToTerraform(struct?: DataTalosImageFactoryExtensionsVersionsFilters | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    names: cdktf.listMapper(cdktf.stringToTerraform, false)(struct!.names),
  }
}


export function dataTalosImageFactoryExtensionsVersionsFiltersToHclTerraform(struct?: DataTalosImageFactoryExtensionsVersionsFilters | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    names: {
      value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(struct!.names),
      isBlock: false,
      type: "list",
      storageClassType: "stringList",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class DataTalosImageFactoryExtensionsVersionsFiltersOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;
  private resolvableValue?: cdktf.IResolvable;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false);
  }

  public get internalValue(): DataTalosImageFactoryExtensionsVersionsFilters | cdktf.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._names !== undefined) {
      hasAnyValues = true;
      internalValueResult.names = this._names;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: DataTalosImageFactoryExtensionsVersionsFilters | cdktf.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._names = undefined;
    }
    else if (cdktf.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._names = value.names;
    }
  }

  // names - computed: false, optional: true, required: false
  private _names?: string[]; 
  public get names() {
    return this.getListAttribute('names');
  }
  public set names(value: string[]) {
    this._names = value;
  }
  public resetNames() {
    this._names = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get namesInput() {
    return this._names;
  }
}

/**
* Represents a {@link https://ptc.internal/providers/ptc/talos/0.1.0/docs/data-sources/image_factory_extensions_versions talos_image_factory_extensions_versions}
*/
export class DataTalosImageFactoryExtensionsVersions extends cdktf.TerraformDataSource {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "talos_image_factory_extensions_versions";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTF code for importing a DataTalosImageFactoryExtensionsVersions resource upon running "cdktf plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the DataTalosImageFactoryExtensionsVersions to import
  * @param importFromId The id of the existing DataTalosImageFactoryExtensionsVersions that should be imported. Refer to the {@link https://ptc.internal/providers/ptc/talos/0.1.0/docs/data-sources/image_factory_extensions_versions#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the DataTalosImageFactoryExtensionsVersions to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
        return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "talos_image_factory_extensions_versions", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://ptc.internal/providers/ptc/talos/0.1.0/docs/data-sources/image_factory_extensions_versions talos_image_factory_extensions_versions} Data Source
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options DataTalosImageFactoryExtensionsVersionsConfig
  */
  public constructor(scope: Construct, id: string, config: DataTalosImageFactoryExtensionsVersionsConfig) {
    super(scope, id, {
      terraformResourceType: 'talos_image_factory_extensions_versions',
      terraformGeneratorMetadata: {
        providerName: 'talos',
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
    this._exactFilters.internalValue = config.exactFilters;
    this._filters.internalValue = config.filters;
    this._imageFactoryUrl = config.imageFactoryUrl;
    this._talosVersion = config.talosVersion;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // exact_filters - computed: false, optional: true, required: false
  private _exactFilters = new DataTalosImageFactoryExtensionsVersionsExactFiltersOutputReference(this, "exact_filters");
  public get exactFilters() {
    return this._exactFilters;
  }
  public putExactFilters(value: DataTalosImageFactoryExtensionsVersionsExactFilters) {
    this._exactFilters.internalValue = value;
  }
  public resetExactFilters() {
    this._exactFilters.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get exactFiltersInput() {
    return this._exactFilters.internalValue;
  }

  // extensions_info - computed: true, optional: false, required: false
  private _extensionsInfo = new DataTalosImageFactoryExtensionsVersionsExtensionsInfoList(this, "extensions_info", false);
  public get extensionsInfo() {
    return this._extensionsInfo;
  }

  // filters - computed: false, optional: true, required: false
  private _filters = new DataTalosImageFactoryExtensionsVersionsFiltersOutputReference(this, "filters");
  public get filters() {
    return this._filters;
  }
  public putFilters(value: DataTalosImageFactoryExtensionsVersionsFilters) {
    this._filters.internalValue = value;
  }
  public resetFilters() {
    this._filters.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get filtersInput() {
    return this._filters.internalValue;
  }

  // id - computed: true, optional: false, required: false
  public get id() {
    return this.getStringAttribute('id');
  }

  // image_factory_url - computed: false, optional: true, required: false
  private _imageFactoryUrl?: string; 
  public get imageFactoryUrl() {
    return this.getStringAttribute('image_factory_url');
  }
  public set imageFactoryUrl(value: string) {
    this._imageFactoryUrl = value;
  }
  public resetImageFactoryUrl() {
    this._imageFactoryUrl = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get imageFactoryUrlInput() {
    return this._imageFactoryUrl;
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

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      exact_filters: dataTalosImageFactoryExtensionsVersionsExactFiltersToTerraform(this._exactFilters.internalValue),
      filters: dataTalosImageFactoryExtensionsVersionsFiltersToTerraform(this._filters.internalValue),
      image_factory_url: cdktf.stringToTerraform(this._imageFactoryUrl),
      talos_version: cdktf.stringToTerraform(this._talosVersion),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      exact_filters: {
        value: dataTalosImageFactoryExtensionsVersionsExactFiltersToHclTerraform(this._exactFilters.internalValue),
        isBlock: true,
        type: "struct",
        storageClassType: "DataTalosImageFactoryExtensionsVersionsExactFilters",
      },
      filters: {
        value: dataTalosImageFactoryExtensionsVersionsFiltersToHclTerraform(this._filters.internalValue),
        isBlock: true,
        type: "struct",
        storageClassType: "DataTalosImageFactoryExtensionsVersionsFilters",
      },
      image_factory_url: {
        value: cdktf.stringToHclTerraform(this._imageFactoryUrl),
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
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}
