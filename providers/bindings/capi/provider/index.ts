// https://ptc.internal/providers/ptc/capi/0.1.0/docs
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktf from '../../cdk-core';

// Configuration

export interface CapiProviderConfig {
  /**
  * Kubeconfig context to use; default the kubeconfig's current-context.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs#context CapiProvider#context}
  */
  readonly context?: string;
  /**
  * Kubeconfig of the management cluster (file contents). Set this or kubeconfig_path.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs#kubeconfig CapiProvider#kubeconfig}
  */
  readonly kubeconfig?: string;
  /**
  * Path of the management cluster kubeconfig. Set this or kubeconfig.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs#kubeconfig_path CapiProvider#kubeconfig_path}
  */
  readonly kubeconfigPath?: string;
  /**
  * Alias name
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs#alias CapiProvider#alias}
  */
  readonly alias?: string;
}

/**
* Represents a {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs capi}
*/
export class CapiProvider extends cdktf.TerraformProvider {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "capi";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTF code for importing a CapiProvider resource upon running "cdktf plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the CapiProvider to import
  * @param importFromId The id of the existing CapiProvider that should be imported. Refer to the {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the CapiProvider to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
        return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "capi", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://ptc.internal/providers/ptc/capi/0.1.0/docs capi} Resource
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options CapiProviderConfig = {}
  */
  public constructor(scope: Construct, id: string, config: CapiProviderConfig = {}) {
    super(scope, id, {
      terraformResourceType: 'capi',
      terraformGeneratorMetadata: {
        providerName: 'capi',
        providerVersion: '0.1.0',
        providerVersionConstraint: '0.1.0'
      },
      terraformProviderSource: 'ptc.internal/ptc/capi'
    });
    this._context = config.context;
    this._kubeconfig = config.kubeconfig;
    this._kubeconfigPath = config.kubeconfigPath;
    this._alias = config.alias;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // context - computed: false, optional: true, required: false
  private _context?: string; 
  public get context() {
    return this._context;
  }
  public set context(value: string | undefined) {
    this._context = value;
  }
  public resetContext() {
    this._context = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get contextInput() {
    return this._context;
  }

  // kubeconfig - computed: false, optional: true, required: false
  private _kubeconfig?: string; 
  public get kubeconfig() {
    return this._kubeconfig;
  }
  public set kubeconfig(value: string | undefined) {
    this._kubeconfig = value;
  }
  public resetKubeconfig() {
    this._kubeconfig = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get kubeconfigInput() {
    return this._kubeconfig;
  }

  // kubeconfig_path - computed: false, optional: true, required: false
  private _kubeconfigPath?: string; 
  public get kubeconfigPath() {
    return this._kubeconfigPath;
  }
  public set kubeconfigPath(value: string | undefined) {
    this._kubeconfigPath = value;
  }
  public resetKubeconfigPath() {
    this._kubeconfigPath = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get kubeconfigPathInput() {
    return this._kubeconfigPath;
  }

  // alias - computed: false, optional: true, required: false
  private _alias?: string; 
  public get alias() {
    return this._alias;
  }
  public set alias(value: string | undefined) {
    this._alias = value;
  }
  public resetAlias() {
    this._alias = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get aliasInput() {
    return this._alias;
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      context: cdktf.stringToTerraform(this._context),
      kubeconfig: cdktf.stringToTerraform(this._kubeconfig),
      kubeconfig_path: cdktf.stringToTerraform(this._kubeconfigPath),
      alias: cdktf.stringToTerraform(this._alias),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      context: {
        value: cdktf.stringToHclTerraform(this._context),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      kubeconfig: {
        value: cdktf.stringToHclTerraform(this._kubeconfig),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      kubeconfig_path: {
        value: cdktf.stringToHclTerraform(this._kubeconfigPath),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      alias: {
        value: cdktf.stringToHclTerraform(this._alias),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}
