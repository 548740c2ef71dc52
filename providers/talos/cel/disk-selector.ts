/**
 * Talos disk selectors: the CEL environment Talos declares for them (celenv.DiskLocator) — a
 * `disk` variable of type talos.resource.definitions.block.DiskSpec, `system_disk` (bool), the
 * size units as uint constants (kB…EB powers of 1000, KiB…EiB powers of 1024) and glob() —
 * and the check that a selector yields a bool, as Talos' ParseBooleanExpression makes.
 */
import type { DiskSpec } from '../api/types';
import { checkCel, T, typeName, type CelEnvironment, type MessageDecl } from './check';
import { evaluateCel, type CelValue } from './evaluate';
import { CelError, parseCel } from './syntax';

/** The DiskSpec fields, with the protobuf names CEL uses. */
export type DiskSpecFields = DiskSpec;

const DISK_SPEC: MessageDecl = {
  name: 'talos.resource.definitions.block.DiskSpec',
  fields: {
    size: T.uint,
    io_size: T.uint,
    sector_size: T.uint,
    readonly: T.bool,
    model: T.string,
    serial: T.string,
    modalias: T.string,
    wwid: T.string,
    bus_path: T.string,
    sub_system: T.string,
    transport: T.string,
    rotational: T.bool,
    cdrom: T.bool,
    dev_path: T.string,
    pretty_size: T.string,
    secondary_disks: T.list(T.string),
    uuid: T.string,
    symlinks: T.list(T.string),
  },
};

const UNITS: Record<string, bigint> = {
  KiB: 1n << 10n,
  MiB: 1n << 20n,
  GiB: 1n << 30n,
  TiB: 1n << 40n,
  PiB: 1n << 50n,
  EiB: 1n << 60n,
  kB: 10n ** 3n,
  MB: 10n ** 6n,
  GB: 10n ** 9n,
  TB: 10n ** 12n,
  PB: 10n ** 15n,
  EB: 10n ** 18n,
};

export const DISK_SELECTOR_ENVIRONMENT: CelEnvironment = {
  variables: { disk: T.message(DISK_SPEC), system_disk: T.bool },
  constants: Object.fromEntries(Object.entries(UNITS).map(([name, value]) => [name, { type: T.uint, value }])),
};

export interface DiskSelector {
  readonly text: string;
  matches(disk: DiskSpecFields): boolean;
}

function celDisk(disk: DiskSpecFields): CelValue {
  const out: Record<string, CelValue> = {};
  for (const [field, type] of Object.entries(DISK_SPEC.fields)) {
    const v = (disk as unknown as Record<string, CelValue | undefined>)[field];
    out[field] = type.name === 'uint' ? BigInt(Math.trunc(Number(v ?? 0))) : (v ?? (type.name === 'list' ? [] : type.name === 'bool' ? false : ''));
  }
  return out;
}

/**
 * Parses and type-checks a disk selector; throws CelError naming the problem and its column.
 * Evaluation errors (overflow, division by zero) surface from `matches`.
 */
export function compileDiskSelector(text: string): DiskSelector {
  const expr = parseCel(text);
  const types = checkCel(expr, DISK_SELECTOR_ENVIRONMENT);
  const out = types.get(expr)!;
  if (out.name !== 'bool') throw new CelError(`the expression yields ${typeName(out)}, but a selector must yield bool (e.g. disk.size > 6u * GB)`);
  const constants = Object.fromEntries(Object.entries(UNITS));
  return {
    text,
    // Talos' MatchDisks evaluates every disk with system_disk = false.
    matches: (disk) => evaluateCel(expr, types, { ...constants, disk: celDisk(disk), system_disk: false }) === true,
  };
}

/** The validator's wording for a selector that does not compile (the data source's read repeats it). */
export function invalidSelector(err: CelError): string {
  return `is not a valid CEL disk selector: ${err.message}`;
}

/** Why `text` is not a usable disk selector, or undefined when it is. */
export function diskSelectorProblem(text: string): string | undefined {
  try {
    compileDiskSelector(text);
    return undefined;
  } catch (err) {
    if (err instanceof CelError) return invalidSelector(err);
    throw err;
  }
}
