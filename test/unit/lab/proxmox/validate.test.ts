import { ParamError } from '../../../lab/proxmox/http/errors';
import { schemaFor, validateParams } from '../../../lab/proxmox/schema/validate';
import { VM_CREATE_PARAMS } from '../../../lab/proxmox/schema/qemu-params';
import type { ParamSchemas } from '../../../lab/proxmox/schema/types';

function errorsOf(f: () => unknown): Record<string, string> {
  try {
    f();
  } catch (e) {
    if (e instanceof ParamError) return { ...e.errors };
    throw e;
  }
  throw new Error('expected a ParamError');
}

describe('parameter verification', () => {
  it('returns typed values: integers and booleans as numbers, strings unchanged', () => {
    expect(validateParams(VM_CREATE_PARAMS, { node: 'pve1', vmid: '100', cores: '2', onboot: 'true', name: 'cp-1' })).toEqual({ node: 'pve1', vmid: 100, cores: 2, onboot: 1, name: 'cp-1' });
  });

  it('matches indexed keys within their range only', () => {
    expect(schemaFor(VM_CREATE_PARAMS, 'net31')).toBeDefined();
    expect(schemaFor(VM_CREATE_PARAMS, 'net32')).toBeUndefined();
    expect(schemaFor(VM_CREATE_PARAMS, 'scsi30')).toBeDefined();
    expect(schemaFor(VM_CREATE_PARAMS, 'virtio16')).toBeUndefined();
    expect(schemaFor(VM_CREATE_PARAMS, 'net01')).toBeUndefined();
  });

  it('collects every problem with PVE wording', () => {
    expect(errorsOf(() => validateParams(VM_CREATE_PARAMS, { node: 'pve1', cores: 'two', bogus: '1', ostype: 'beos', vmid: '99', scsi0: 'local-lvm:8,foo=1' }))).toEqual({
      bogus: 'property is not defined in schema and the schema does not allow additional properties',
      cores: "type check ('integer') failed - got 'two'",
      ostype: "value 'beos' does not have a value in the enumeration 'other, wxp, w2k, w2k3, w2k8, wvista, win7, win8, win10, win11, l24, l26, solaris'",
      vmid: 'value must have a minimum value of 100',
      scsi0: 'invalid format - invalid key in comma-separated list property: foo\n',
    });
    expect(errorsOf(() => validateParams(VM_CREATE_PARAMS, { node: 'pve1' }))).toEqual({ vmid: 'property is missing and it is not optional' });
  });

  it('joins repeated keys for -list formats, wraps scalars for arrays and rejects arrays elsewhere', () => {
    const schemas: ParamSchemas = {
      delete: { type: 'string', optional: true, format: 'pve-configid-list' },
      'dhcp-range': { type: 'array', optional: true },
      name: { type: 'string', optional: true },
    };
    expect(validateParams(schemas, { delete: ['mtu', 'tag'], 'dhcp-range': 'start-address=10.0.0.10,end-address=10.0.0.20' })).toEqual({
      delete: 'mtu,tag',
      'dhcp-range': ['start-address=10.0.0.10,end-address=10.0.0.20'],
    });
    expect(errorsOf(() => validateParams(schemas, { name: ['a', 'b'] }))).toEqual({ name: "type check ('string') failed - got ARRAY" });
  });

  it('enforces `requires`', () => {
    const schemas: ParamSchemas = { checksum: { type: 'string', optional: true, requires: 'checksum-algorithm' }, 'checksum-algorithm': { type: 'string', optional: true } };
    expect(errorsOf(() => validateParams(schemas, { checksum: 'abc' }))).toEqual({ 'checksum-algorithm': "missing property required by 'checksum'" });
  });
});
