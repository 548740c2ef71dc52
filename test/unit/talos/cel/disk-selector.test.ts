/**
 * Talos disk selectors (CEL over DiskSpec): the expressions Talos' documentation and the
 * siderolabs provider use, CEL's typing rules (uint sizes, no implicit int/uint mixing), and
 * clear errors for text that is not a valid selector.
 */
import type { DiskSpec } from '../../../../providers/talos/api/types';
import { compileDiskSelector, diskSelectorProblem } from '../../../../providers/talos/cel/disk-selector';
import { glob } from '../../../../providers/talos/cel/evaluate';

const GiB = 1024 ** 3;

function disk(over: Partial<DiskSpec> = {}): DiskSpec {
  return {
    dev_path: '/dev/sda',
    size: 32 * GiB,
    pretty_size: '34 GB',
    io_size: 512,
    sector_size: 512,
    readonly: false,
    cdrom: false,
    model: 'QEMU HARDDISK',
    serial: 'drive-scsi0',
    modalias: 'scsi:t-0x00',
    wwid: 't10.QEMU     QEMU HARDDISK   drive-scsi0',
    uuid: '',
    bus_path: '/pci0000:00/0000:00:05.0/0000:01:01.0/virtio1/host2/target2:0:0/2:0:0:0',
    sub_system: '/sys/class/block',
    transport: 'virtio',
    rotational: true,
    secondary_disks: [],
    symlinks: ['/dev/disk/by-id/scsi-0QEMU_QEMU_HARDDISK_drive-scsi0', '/dev/disk/by-path/pci-0000:01:01.0-scsi-0:0:0:0'],
    ...over,
  };
}

const nvme = disk({ dev_path: '/dev/nvme0n1', size: 500 * 1000 ** 3, transport: 'nvme', rotational: false, model: 'Samsung SSD 980', serial: 'S64DNX0R' });
const cdrom = disk({ dev_path: '/dev/sr0', size: 100 * 1024 ** 2, cdrom: true, readonly: true, model: 'QEMU DVD-ROM', transport: 'virtio' });

const matches = (text: string, d: DiskSpec): boolean => compileDiskSelector(text).matches(d);

describe('disk selectors that match', () => {
  it.each([
    // The siderolabs provider's example and the issue's.
    ['disk.size > 6u * GB', disk(), true],
    ['disk.size > 6u * GB && !disk.rotational && disk.transport == "nvme"', nvme, true],
    ['disk.size > 6u * GB && !disk.rotational && disk.transport == "nvme"', disk(), false],
    // Talos' documentation: the first non-rotational disk, a disk by model/serial, by device path.
    ['!disk.rotational', nvme, true],
    ["disk.model == 'Samsung SSD 980'", nvme, true],
    ['disk.serial == "drive-scsi0"', disk(), true],
    ['disk.dev_path == "/dev/sda"', disk(), true],
    ['glob("/dev/sd*", disk.dev_path)', disk(), true],
    ['glob("/dev/sd*", disk.dev_path)', nvme, false],
    ['glob("*QEMU*HARDDISK*", disk.wwid)', disk(), true],
    ['disk.transport in ["nvme", "sata"]', nvme, true],
    ['!disk.cdrom && !disk.readonly', cdrom, false],
    ['disk.cdrom', cdrom, true],
    // Units are uint constants: GiB is 1024^3, GB 1000^3.
    ['disk.size == 32u * GiB', disk(), true],
    ['disk.size >= 34u * GB && disk.size < 35u * GB', disk(), true],
    ['disk.size / GiB == 32u', disk(), true],
    // Numbers of different kinds compare (cel-go's cross-type ordering), they do not mix in arithmetic.
    ['disk.size > 6', disk(), true],
    ['disk.size < 1.5e12', nvme, true],
    ['disk.io_size == 512u', disk(), true],
    // Macros, methods and functions over the string and list fields.
    ['disk.symlinks.exists(l, l.startsWith("/dev/disk/by-id/scsi-"))', disk(), true],
    ['disk.symlinks.all(l, l.contains("QEMU"))', disk(), false],
    ['disk.symlinks.exists_one(l, l.endsWith("0:0:0:0"))', disk(), true],
    ['size(disk.symlinks) == 2 && disk.secondary_disks.size() == 0', disk(), true],
    ['disk.model.matches("^QEMU (HARDDISK|DVD-ROM)$")', cdrom, true],
    ['size(disk.serial) > 5', disk(), true],
    ['disk.symlinks[1].endsWith("0:0:0:0")', disk(), true],
    ['uint(disk.sector_size) * 2u == 1024u && int(disk.size) > 0 && string(disk.io_size) == "512"', disk(), true],
    // Precedence, grouping, the conditional and the system_disk variable (false, as Talos' MatchDisks binds it).
    ['disk.rotational || disk.size > 100u * GB && disk.transport == "nvme"', nvme, true],
    ['(disk.rotational || disk.size > 100u * GB) && disk.transport == "virtio"', nvme, false],
    ['disk.transport == "nvme" ? disk.size > 1u * TB : true', nvme, false],
    ['!system_disk', disk(), true],
    ['true', cdrom, true],
    ['has(disk.wwid) && !has(disk.uuid) && !has(disk.secondary_disks)', disk(), true],
    ['-9223372036854775808 < int(disk.size) && -(1) < 0 && --1 == 1', disk(), true],
    [' disk.size > 1u * KiB // a comment', disk(), true],
  ] as const)('%s', (text, d, expected) => {
    expect(diskSelectorProblem(text)).toBeUndefined();
    expect(matches(text, d)).toBe(expected);
  });

  it('absorbs an error on one side of && / || when the other side decides, as CEL does', () => {
    expect(matches('disk.size / 0u > 1u || disk.cdrom', cdrom)).toBe(true);
    expect(matches('disk.size / 0u > 1u && disk.cdrom', disk())).toBe(false);
    expect(() => matches('disk.size / 0u > 1u || disk.cdrom', disk())).toThrow('division by zero');
  });

  it('reports 64-bit overflow instead of wrapping', () => {
    expect(() => matches('disk.size * EiB > 1u', disk())).toThrow('unsigned integer overflow');
    expect(() => matches('disk.size - 1u * TB > 0u', disk())).toThrow('unsigned integer overflow');
  });

  it('globs like go-glob: * is the only wildcard', () => {
    expect(glob('*', '')).toBe(true);
    expect(glob('/dev/sd?', '/dev/sda')).toBe(false);
    expect(glob('/dev/*a', '/dev/sda')).toBe(true);
    expect(glob('a*b*c', 'abxc')).toBe(true);
    expect(glob('a*b*c', 'acb')).toBe(false);
  });
});

describe('selectors that are refused, with the problem and the fix', () => {
  it.each([
    [
      'disk.size > 6 * GB',
      "found no matching overload for '_*_' applied to '(int, uint)': disk sizes and the units (GB, GiB, …) are uint, so write unsigned numbers with the suffix u (e.g. 6u * GB) (at column 15)",
    ],
    ['disk.size == 0', "found no matching overload for '_==_' applied to '(uint, int)': disk sizes and the units (GB, GiB, …) are uint, so write unsigned numbers with the suffix u"],
    ['disk.size', 'the expression yields uint, but a selector must yield bool (e.g. disk.size > 6u * GB)'],
    ['disk.name == "sda"', "undefined field 'name' of talos.resource.definitions.block.DiskSpec: the fields are size, io_size"],
    ['disks.size > 1u', "undeclared reference to 'disks': the names known here are disk, system_disk, KiB"],
    ['disk.size = 1u', '"=" is not an operator in CEL: compare with == (at column 11)'],
    ['disk.rotational & disk.cdrom', '"&" is not an operator in CEL: write && (at column 17)'],
    ['disk.size >', 'the expression ends too early (at column 12)'],
    ['disk.size > 1u disk.cdrom', 'unexpected "disk" after a complete expression: join conditions with && or || (at column 16)'],
    ['disk.model == "QEMU', 'string is not closed: end it with the same quote it starts with (at column 15)'],
    ['disk.transport == nvme', "undeclared reference to 'nvme'"],
    ['disk.size > 6GB', 'malformed number "6G": unsigned numbers take the suffix u (e.g. 6u) (at column 13)'],
    ['!disk.size', "found no matching overload for '!_' applied to '(uint)'"],
    ['-disk.size < 0', "found no matching overload for '-_' applied to '(uint)'"],
    ['disk.rotational && "yes"', "found no matching overload for '_&&_' applied to '(bool, string)'"],
    ['lower(disk.model) == "x"', "undeclared reference to 'lower': the functions known here are size, startsWith"],
    ['disk.model.startsWith(1)', "found no matching overload for 'startsWith (method)' applied to '(string, int)'"],
    ['disk.symlinks.exists(l)', 'exists takes a variable name and a condition'],
    ['{"a": 1}', 'maps and message literals are not supported in selectors'],
    ['disk.size > 18446744073709551616u', 'number 18446744073709551616u is out of range for uint'],
    ['', 'the expression is empty'],
    ['9223372036854775808 > disk.size', 'number is out of range for int (at column 1)'],
    ['--9223372036854775808 > 0', 'number is out of range for int'],
    ['has(disk)', 'has takes one field selection, e.g. has(disk.wwid)'],
  ])('%j', (text, message) => {
    const problem = diskSelectorProblem(text);
    expect(problem).toMatch(/^is not a valid CEL disk selector: /);
    expect(problem).toContain(message);
  });
});
