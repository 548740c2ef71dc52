/**
 * The simulator's own declaration of the PVE parameters it accepts (a subset of the API schema,
 * written here, cross-checked against the pve-docs dump by test/unit/lab/proxmox/schema-conformance).
 */
export type ScalarType = 'string' | 'integer' | 'number' | 'boolean';

/** One key inside a property string such as `scsi0` or `net0`. */
export interface PropSchema {
  readonly type?: ScalarType;
  readonly optional?: boolean;
  /** The key a bare value (without `key=`) belongs to, e.g. `file` for drives. */
  readonly defaultKey?: boolean;
  readonly enum?: readonly string[];
  /** Anchored implicitly, like PVE (`^(?:pattern)$`). */
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly maxLength?: number;
  /** A named simple format checked by schema/formats.ts (`disk-size`, `mac-addr`, …). */
  readonly format?: string;
  /** `virtio=MAC` style: this key is another name for `alias`; `keyAlias` records which name was used. */
  readonly alias?: string;
  readonly keyAlias?: string;
}

export type PropertyFormat = Readonly<Record<string, PropSchema>>;

export interface ParamSchema {
  readonly type: ScalarType | 'array';
  readonly optional?: boolean;
  readonly enum?: readonly string[];
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly maxLength?: number;
  readonly minLength?: number;
  /** Named format, or a property-string format whose keys are validated too. */
  readonly format?: string | PropertyFormat;
  /** Name of the format for schema checks when `format` is an object (e.g. `pve-qm-ipconfig`). */
  readonly formatName?: string;
  readonly requires?: string;
  /** For `name[n]` keys: the highest allowed index. */
  readonly maxIndex?: number;
}

/** Parameter declarations of one API method, keyed by PVE's names (`net[n]` for indexed keys). */
export type ParamSchemas = Readonly<Record<string, ParamSchema>>;

/** Validated parameters: integers/numbers as numbers, booleans as 0/1, strings as given. */
export type Params = Record<string, string | number | string[]>;
