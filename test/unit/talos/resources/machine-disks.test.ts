/**
 * `talos_machine_disks` without a node: its schema against siderolabs' (attribute names, modes,
 * the disks element), the selector refused at validation on the `selector` attribute, the
 * DiskSpec wire decoding and the mapping of disks to the `disks` list.
 */
import { talosProtoRoot } from '../../../../providers/talos/api/proto/load';
import { decodeDiskSpec } from '../../../../providers/talos/api/wire';
import type { TalosDisk } from '../../../../providers/talos/api/types';
import { compileDiskSelector } from '../../../../providers/talos/cel/disk-selector';
import { AttributeError } from '../../../../providers/runtime';
import { encodeMsgpack, type CtyValue } from '../../../../providers/runtime/cty';
import { createLogger } from '../../../../providers/runtime/logging';
import { schemaImpliedType } from '../../../../providers/runtime/schema/implied-type';
import { schemaToProto } from '../../../../providers/runtime/schema/to-proto';
import { ProviderService } from '../../../../providers/runtime/server/provider-service';
import { provider } from '../../../../providers/talos/provider';
import { compileSelector, diskValue, selectDisks } from '../../../../providers/talos/resources/machine-disks/data-source';
import { schema } from '../../../../providers/talos/resources/machine-disks/schema';

const PEER_DISK_ATTRIBUTES = [
  'bus_path',
  'cdrom',
  'dev_path',
  'firmware_version',
  'io_size',
  'modalias',
  'model',
  'pretty_size',
  'readonly',
  'rotational',
  'secondary_disks',
  'sector_size',
  'serial',
  'size',
  'sub_system',
  'symlinks',
  'transport',
  'uuid',
  'wwid',
];

const SPEC = {
  dev_path: '/dev/vdb',
  size: 107374182400,
  pretty_size: '107 GB',
  io_size: 512,
  sector_size: 512,
  readonly: false,
  cdrom: false,
  model: '',
  serial: 'data-1',
  modalias: 'virtio:d00000002v00001AF4',
  wwid: '',
  uuid: '',
  bus_path: '/pci0000:00/0000:00:0b.0/virtio3',
  sub_system: '/sys/class/block',
  transport: 'virtio',
  rotational: true,
  secondary_disks: [],
  symlinks: ['/dev/disk/by-id/virtio-data-1', '/dev/disk/by-path/pci-0000:00:0b.0'],
};

describe('schema', () => {
  const proto = schemaToProto('talos_machine_disks', schema);
  const attr = (name: string) => proto.block.attributes.find((a) => a.name === name)!;

  it('has the peer attribute names, with client_configuration optional (maintenance mode needs none)', () => {
    expect(proto.block.attributes.map((a) => a.name).sort()).toEqual(['client_configuration', 'disks', 'endpoint', 'id', 'node', 'selector', 'timeouts']);
    expect(attr('node')).toMatchObject({ required: true });
    expect(attr('endpoint')).toMatchObject({ optional: true, computed: true });
    expect(attr('selector')).toMatchObject({ optional: true, computed: false });
    expect(attr('client_configuration')).toMatchObject({ optional: true, sensitive: true });
    expect(attr('disks')).toMatchObject({ computed: true, optional: false });
    expect(proto.block.block_types).toEqual([]);
  });

  it('declares timeouts as a nested attribute with read only, and disks as a list of the peer disk objects', () => {
    const t = attr('timeouts');
    expect(t.optional).toBe(true);
    expect(t.nested_type?.attributes.map((a) => a.name)).toEqual(['read']);
    const disks = JSON.parse(attr('disks').type!.toString()) as [string, [string, Record<string, unknown>]];
    expect(disks[0]).toBe('list');
    expect(Object.keys(disks[1][1]).sort()).toEqual(PEER_DISK_ATTRIBUTES);
    expect(disks[1][1].size).toBe('number');
    expect(disks[1][1].symlinks).toEqual(['list', 'string']);
  });

  it('is served by the provider', () => {
    expect(provider.dataSources.map((d) => d.name)).toContain('machine_disks');
  });
});

describe('validation', () => {
  const svc = new ProviderService(
    provider,
    createLogger('test', 'error', () => undefined),
  );
  const type = schemaImpliedType(schema);
  const config = (over: Record<string, CtyValue>): Record<string, CtyValue> => ({ ...Object.fromEntries(Object.keys(schema.attributes).map((a) => [a, null])), node: '127.0.0.1', ...over });
  const validate = (over: Record<string, CtyValue>) =>
    svc.validateDataResourceConfig({ type_name: 'talos_machine_disks', config: { msgpack: Buffer.from(encodeMsgpack(config(over), type)) } }).diagnostics;

  it('accepts a valid selector and none', () => {
    expect(validate({ selector: 'disk.size > 6u * GB && !disk.rotational' })).toEqual([]);
    expect(validate({})).toEqual([]);
  });

  it('refuses a bad selector on the selector attribute, saying what is wrong and how to write it', () => {
    const diags = validate({ selector: 'disk.size > 6 * GB' });
    expect(diags).toHaveLength(1);
    expect(diags[0].severity).toBe('ERROR');
    expect(JSON.stringify(diags[0].attribute)).toContain('selector');
    expect(`${diags[0].summary} ${diags[0].detail}`).toContain("found no matching overload for '_*_' applied to '(int, uint)'");
    expect(`${diags[0].summary} ${diags[0].detail}`).toContain('write unsigned numbers with the suffix u (e.g. 6u * GB)');
  });

  it("refuses at read, on the selector attribute and in the validator's words, a selector that was unknown during validation", () => {
    let thrown: unknown;
    try {
      compileSelector('disk.size > 6');
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(AttributeError);
    expect((thrown as AttributeError).path).toBe('selector');
    const invalid = validate({ selector: 'disk.size > 6' });
    expect(invalid).toHaveLength(1);
    expect((thrown as AttributeError).message).toBe(invalid[0].detail);
    expect((thrown as AttributeError).message).toMatch(/^is not a valid CEL disk selector: found no matching overload for '_>_' applied to '\(uint, int\)'/);
    expect(compileSelector(null).matches(SPEC)).toBe(true);
  });

  it('refuses a bad timeout and an empty node', () => {
    expect(JSON.stringify(validate({ timeouts: { read: '10 minutes' } }))).toContain('read');
    expect(JSON.stringify(validate({ node: ' ' }))).toContain('must not be empty');
  });
});

describe('disks from the wire to the disks list', () => {
  it('decodes a DiskSpec as Talos encodes it (uint64 sizes, repeated symlinks)', () => {
    const type = talosProtoRoot().lookupType('talos.resource.definitions.runtime.DiskSpec');
    const bytes = type.encode(type.fromObject({ ...SPEC, size: String(SPEC.size) })).finish();
    expect(decodeDiskSpec(bytes)).toEqual(SPEC);
    // An empty spec (every field at its proto3 default) decodes to zero values, not undefined.
    expect(decodeDiskSpec(new Uint8Array())).toMatchObject({ size: 0, dev_path: '', rotational: false, symlinks: [] });
  });

  it('maps every disk field and keeps the node order; the selector filters', () => {
    const disks: TalosDisk[] = [
      { id: 'sda', spec: { ...SPEC, dev_path: '/dev/sda', size: 32 * 1024 ** 3, model: 'QEMU HARDDISK', transport: 'virtio' } },
      { id: 'sr0', spec: { ...SPEC, dev_path: '/dev/sr0', cdrom: true, readonly: true, size: 104857600 } },
      { id: 'vdb', spec: SPEC },
    ];
    expect(selectDisks(disks, compileDiskSelector('true')).map((d) => d.id)).toEqual(['sda', 'sr0', 'vdb']);
    expect(selectDisks(disks, compileDiskSelector('!disk.cdrom && disk.size > 50u * GB')).map((d) => d.id)).toEqual(['vdb']);
    expect(diskValue(disks[2])).toEqual({ ...SPEC, firmware_version: '' });
  });

  it('names the selector and the disk when evaluation fails', () => {
    const disks: TalosDisk[] = [{ id: 'vdb', spec: SPEC }];
    let thrown: unknown;
    try {
      selectDisks(disks, compileDiskSelector('disk.size * EiB > 0u'));
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(AttributeError);
    expect((thrown as AttributeError).path).toBe('selector');
    expect((thrown as AttributeError).message).toBe('failed on disk /dev/vdb: unsigned integer overflow (at column 11)');
  });
});
