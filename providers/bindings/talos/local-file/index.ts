// https://ptc.internal/providers/ptc/talos/0.1.0/docs/resources/local_file
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktf from '../../cdk-core';

// Configuration

export interface LocalFileConfig extends cdktf.TerraformMetaArguments {
  /**
  * Take over a file already at the path when creating (it is overwritten, and removed on destroy). Default false: an existing file fails the plan and is left as it is.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/talos/0.1.0/docs/resources/local_file#adopt_existing LocalFile#adopt_existing}
  */
  readonly adoptExisting?: boolean | cdktf.IResolvable;
  /**
  * What the file holds (UTF-8).
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/talos/0.1.0/docs/resources/local_file#content LocalFile#content}
  */
  readonly content: string;
  /**
  * Octal file mode, default "0600"; the group may read, nobody else may access it.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/talos/0.1.0/docs/resources/local_file#file_permission LocalFile#file_permission}
  */
  readonly filePermission?: string;
  /**
  * Absolute path of the file; missing parent directories are created with mode 0700.
  *
  * Docs at Terraform Registry: {@link https://ptc.internal/providers/ptc/talos/0.1.0/docs/resources/local_file#path LocalFile#path}
  */
  readonly path: string;
}

/**
* Represents a {@link https://ptc.internal/providers/ptc/talos/0.1.0/docs/resources/local_file talos_local_file}
*/
export class LocalFile extends cdktf.TerraformResource {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "talos_local_file";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTF code for importing a LocalFile resource upon running "cdktf plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the LocalFile to import
  * @param importFromId The id of the existing LocalFile that should be imported. Refer to the {@link https://ptc.internal/providers/ptc/talos/0.1.0/docs/resources/local_file#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the LocalFile to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
        return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "talos_local_file", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://ptc.internal/providers/ptc/talos/0.1.0/docs/resources/local_file talos_local_file} Resource
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options LocalFileConfig
  */
  public constructor(scope: Construct, id: string, config: LocalFileConfig) {
    super(scope, id, {
      terraformResourceType: 'talos_local_file',
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
    this._adoptExisting = config.adoptExisting;
    this._content = config.content;
    this._filePermission = config.filePermission;
    this._path = config.path;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // adopt_existing - computed: true, optional: true, required: false
  private _adoptExisting?: boolean | cdktf.IResolvable; 
  public get adoptExisting() {
    return this.getBooleanAttribute('adopt_existing');
  }
  public set adoptExisting(value: boolean | cdktf.IResolvable) {
    this._adoptExisting = value;
  }
  public resetAdoptExisting() {
    this._adoptExisting = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get adoptExistingInput() {
    return this._adoptExisting;
  }

  // content - computed: false, optional: false, required: true
  private _content?: string; 
  public get content() {
    return this.getStringAttribute('content');
  }
  public set content(value: string) {
    this._content = value;
  }
  // Temporarily expose input value. Use with caution.
  public get contentInput() {
    return this._content;
  }

  // content_sha256 - computed: true, optional: false, required: false
  public get contentSha256() {
    return this.getStringAttribute('content_sha256');
  }

  // file_permission - computed: true, optional: true, required: false
  private _filePermission?: string; 
  public get filePermission() {
    return this.getStringAttribute('file_permission');
  }
  public set filePermission(value: string) {
    this._filePermission = value;
  }
  public resetFilePermission() {
    this._filePermission = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get filePermissionInput() {
    return this._filePermission;
  }

  // id - computed: true, optional: false, required: false
  public get id() {
    return this.getStringAttribute('id');
  }

  // path - computed: false, optional: false, required: true
  private _path?: string; 
  public get path() {
    return this.getStringAttribute('path');
  }
  public set path(value: string) {
    this._path = value;
  }
  // Temporarily expose input value. Use with caution.
  public get pathInput() {
    return this._path;
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      adopt_existing: cdktf.booleanToTerraform(this._adoptExisting),
      content: cdktf.stringToTerraform(this._content),
      file_permission: cdktf.stringToTerraform(this._filePermission),
      path: cdktf.stringToTerraform(this._path),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      adopt_existing: {
        value: cdktf.booleanToHclTerraform(this._adoptExisting),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      content: {
        value: cdktf.stringToHclTerraform(this._content),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      file_permission: {
        value: cdktf.stringToHclTerraform(this._filePermission),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      path: {
        value: cdktf.stringToHclTerraform(this._path),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}
