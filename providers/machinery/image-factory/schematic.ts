/**
 * Talos Image Factory schematic IDs, computed offline: the schematic ID is the SHA-256 of the
 * schematic's canonical YAML (Image Factory marshals its Go struct with go-yaml: 4-space indent,
 * fields in declaration order, empty ones omitted, `customization` always present). We emit that
 * canonical form for the fields a Proxmox node image needs: system extensions and extra kernel
 * arguments. Shared by the stacks (image names at synth) and the talos provider (checking what a
 * factory answers to an upload).
 */
import { createHash } from 'node:crypto';

export interface SchematicCustomization {
  /** Official extensions, e.g. `siderolabs/qemu-guest-agent`. Order matters to the ID, as in Image Factory. */
  readonly officialExtensions?: readonly string[];
  readonly extraKernelArgs?: readonly string[];
}

/** Schematic IDs are lower-case hex SHA-256. */
export const SCHEMATIC_ID = /^[0-9a-f]{64}$/;
export const EXTENSION_NAME = /^[a-z0-9][a-z0-9-]*\/[a-z0-9][a-z0-9._-]*$/;

// go-yaml quotes strings that would read back as another type (YAML 1.1 booleans, null, integers).
const NON_STRING_WORDS = new Set(['y', 'yes', 'n', 'no', 'on', 'off', 'true', 'false', 'null'].flatMap((w) => [w, w.toUpperCase(), w[0].toUpperCase() + w.slice(1)]).concat(['~']));
const PLAIN_SAFE = /^(?:[A-Za-z0-9_./=+]|-(?=[^\s]))[A-Za-z0-9_./=+:,@%-]*$/;
// A scalar we can prove go-yaml reads as a string: has `=` or `/`, or two letters and is not a hex/inf/nan literal.
const SURELY_STRING = (s: string): boolean => /[=/]/.test(s) || ((s.match(/[A-Za-z]/g)?.length ?? 0) >= 2 && !/^[-+]?0[xXoObB]/.test(s) && !/^[-+]?\.(inf|Inf|INF|nan|NaN|NAN)$/.test(s));

/** One YAML scalar exactly as go-yaml would emit it, or an error naming what cannot be canonicalized here. */
export function canonicalScalar(value: string): string {
  if (NON_STRING_WORDS.has(value) || /^[-+]?[0-9]+$/.test(value)) return `"${value}"`;
  if (PLAIN_SAFE.test(value) && !value.endsWith(':') && SURELY_STRING(value)) return value;
  throw new Error(
    `"${value}" needs YAML quoting rules this offline schematic ID computation does not reproduce; ` + 'register the schematic with Image Factory (POST /schematics) and pass its ID as schematicId',
  );
}

/** The canonical schematic text Image Factory hashes. */
export function schematicYaml(c: SchematicCustomization): string {
  const lines: string[] = [];
  const args = c.extraKernelArgs ?? [];
  const exts = c.officialExtensions ?? [];
  if (args.length) lines.push('    extraKernelArgs:', ...args.map((a) => `        - ${canonicalScalar(a)}`));
  if (exts.length) lines.push('    systemExtensions:', '        officialExtensions:', ...exts.map((e) => `            - ${canonicalScalar(e)}`));
  return lines.length ? `customization:\n${lines.join('\n')}\n` : 'customization: {}\n';
}

export function schematicId(c: SchematicCustomization): string {
  return createHash('sha256').update(schematicYaml(c)).digest('hex');
}
