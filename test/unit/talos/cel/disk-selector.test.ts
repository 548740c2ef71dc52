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
    // Numbers compare within one type (Talos does not enable cel-go's cross-type comparisons).
    ['disk.size > 6u', disk(), true],
    ['double(disk.size) < 1.5e12', nvme, true],
    ['disk.io_size == 512u', disk(), true],
    // RE2 flags and syntax, as Go's regexp reads them.
    ['disk.model.matches("(?i)^qemu harddisk$")', disk(), true],
    ['disk.model.matches("^qemu harddisk$")', disk(), false],
    ['disk.model.matches("(?P<vendor>QEMU) \\\\S+")', disk(), true],
    ['matches(disk.serial, "\\\\Adrive-scsi0\\\\z")', disk(), true],
    ['disk.model.matches("^[[:upper:]]+ [[:upper:]]+$")', disk(), true],
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

  it('ends exists at the first true and all at the first false, absorbing errors of other elements as the || / && fold does', () => {
    const three = disk({ symlinks: ['0', 'x', '2'] });
    // int("x") fails; exists still finds the true element after it, all the false one after it.
    expect(matches('disk.symlinks.exists(l, int(l) == 2)', three)).toBe(true);
    expect(matches('disk.symlinks.all(l, int(l) < 2)', three)).toBe(false);
    // Elements after the deciding one are not evaluated.
    expect(matches('disk.symlinks.exists(l, int(l) == 0)', three)).toBe(true);
    expect(matches('disk.symlinks.all(l, int(l) > 0)', three)).toBe(false);
    // Nothing decided: the error surfaces.
    expect(() => matches('disk.symlinks.exists(l, int(l) == 5)', three)).toThrow('int("x"): not a base-10 int');
    expect(() => matches('disk.symlinks.all(l, int(l) < 5)', three)).toThrow('int("x"): not a base-10 int');
    // exists_one counts every element, so any error propagates.
    expect(() => matches('disk.symlinks.exists_one(l, int(l) == 2)', three)).toThrow('int("x")');
  });

  it('converts strings and doubles with cel-go rules (strict base-10 int/uint, Go float syntax, checked ranges)', () => {
    const ok = (text: string): boolean => matches(text, disk());
    expect(ok('int("-12") == -12 && int("+7") == 7 && uint("18446744073709551615") == 18446744073709551615u')).toBe(true);
    for (const bad of ['int("")', 'int(" 1 ")', 'int("0x10")', 'int("0b1")', 'int("1_000")', 'int("1.0")', 'int("1e3")']) expect(() => ok(`${bad} == 0`)).toThrow('not a base-10 int');
    for (const bad of ['uint("+1")', 'uint("-1")', 'uint(" 1")']) expect(() => ok(`${bad} == 0u`)).toThrow('not a base-10 uint');
    expect(() => ok('int("9223372036854775808") == 0')).toThrow('integer overflow');
    expect(ok('double("1.5e3") == 1500.0 && double("-.5") == -0.5 && double("1_000.5") == 1000.5 && double("0x1p-2") == 0.25 && double("-Inf") < 0.0')).toBe(true);
    expect(ok('double("NaN") != double("NaN")')).toBe(true);
    for (const bad of ['abc', '', ' 1', '1e', '1__0', '_1', '+nan', '1e400', '0x1']) expect(() => ok(`double("${bad}") == 0.0`)).toThrow('not a number');
    expect(ok('int(-1.9) == -1 && uint(1.9) == 1u && uint(-0.0) == 0u')).toBe(true);
    for (const bad of ['uint(-0.5)', 'uint(-1)', 'int(9223372036854775807.0)', 'int(-9223372036854775808.0)', 'int(double("NaN"))', 'uint(double("Inf"))', 'int(18446744073709551615u)']) {
      expect(() => ok(`string(${bad}) == ""`)).toThrow(/out of range|overflow/);
    }
  });

  it('refuses to order NaN, as cel-go does, while == and != treat it as unequal', () => {
    expect(() => matches('double("NaN") < 1.0', disk())).toThrow('NaN values cannot be ordered');
    expect(() => matches('1.0 >= double("NaN")', disk())).toThrow('NaN values cannot be ordered');
    expect(matches('double("NaN") == double("NaN")', disk())).toBe(false);
    expect(matches('double("NaN") < 1.0 || disk.rotational', disk())).toBe(true);
  });

  it('refuses RE2-foreign syntax in a pattern computed at evaluation, and reads a leading (?s) / (?m) as Go does', () => {
    const lines = disk({ model: 'a\nb' });
    expect(() => matches('disk.model.matches(disk.serial + "(?=x)")', disk())).toThrow('uses lookahead or lookbehind');
    expect(matches('disk.model.matches("^a.b$")', lines)).toBe(false);
    expect(matches('disk.model.matches("(?s)^a.b$")', lines)).toBe(true);
    expect(matches('disk.model.matches("^b")', lines)).toBe(false);
    expect(matches('disk.model.matches("(?m)^b$")', lines)).toBe(true);
    // Go's . and \s differ from JavaScript's: \r is any character, \v is not a space.
    expect(matches('disk.model.matches("^a.b$")', disk({ model: 'a\rb' }))).toBe(true);
    expect(matches('disk.model.matches("\\\\s")', disk({ model: 'a\vb' }))).toBe(false);
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
    // Talos' environment has no cross-type numeric comparisons.
    ['disk.size > 6', "found no matching overload for '_>_' applied to '(uint, int)': disk sizes and the units (GB, GiB, …) are uint, so write unsigned numbers with the suffix u (e.g. 6u * GB)"],
    ['disk.size < 1.5e12', "found no matching overload for '_<_' applied to '(uint, double)': numbers of different types are not compared, so convert one side"],
    ['1 <= 2.0', "found no matching overload for '_<=_' applied to '(int, double)'"],
    // RE2 has no lookaround or backreferences; a literal pattern is refused before any read.
    ['disk.model.matches("QEMU(?= HARD)")', 'uses lookahead or lookbehind ((?=, (?!, (?<=, (?<!), which RE2 does not have; selectors use RE2 syntax, as Talos does (at column 20)'],
    ['disk.model.matches("(?<!X)QEMU")', 'uses lookahead or lookbehind'],
    ['matches(disk.model, "(Q)\\\\1")', 'uses a backreference (\\1), which RE2 does not have'],
    ['disk.model.matches("a(?i)b")', 'uses a flag group that is not at the start'],
    ['disk.model.matches("(?U)a+")', 'uses the flag U, which is not supported'],
    ['disk.model.matches("(")', 'is not valid: '],
  ])('%j', (text, message) => {
    const problem = diskSelectorProblem(text);
    expect(problem).toMatch(/^is not a valid CEL disk selector: /);
    expect(problem).toContain(message);
  });
});
