/** Standard options shared by many methods (PVE's get_standard_option). */
import type { ParamSchema } from './types';

export const NODE: ParamSchema = { type: 'string', format: 'pve-node' };
export const VMID: ParamSchema = { type: 'integer', format: 'pve-vmid', minimum: 100, maximum: 999999999 };
export const OPTIONAL_VMID: ParamSchema = { ...VMID, optional: true };
export const STORAGE: ParamSchema = { type: 'string', format: 'pve-storage-id' };
export const DIGEST_64: ParamSchema = { type: 'string', optional: true, maxLength: 64 };
export const LOCK_TOKEN: ParamSchema = { type: 'string', optional: true };
export const OPT_BOOL: ParamSchema = { type: 'boolean', optional: true };
export const OPT_STRING: ParamSchema = { type: 'string', optional: true };
export const CONFIGID_LIST: ParamSchema = { type: 'string', optional: true, format: 'pve-configid-list' };
