import { KIND_TABLE, STRUCT_TABLE } from './struct-table';

/** Scalar kinds as Talos decodes them; see struct-table.ts for the notation. */
export type ScalarKind = 'string' | 'bool' | 'int' | 'uint' | 'float' | 'duration' | 'bytes' | 'filemode' | 'scalar';

export type TypeSpec =
  | { readonly kind: 'scalar'; readonly scalar: ScalarKind }
  | { readonly kind: 'struct'; readonly name: string; readonly fields: readonly FieldSpec[] }
  | { readonly kind: 'list'; readonly item: TypeSpec; readonly mergeKeys?: readonly string[] }
  | { readonly kind: 'map'; readonly value: TypeSpec }
  /** Kubelet/apiserver-style extraArgs: values are a string or a list; patches replace values per key. */
  | { readonly kind: 'args' }
  /** Free-form YAML mapping (Talos "Unstructured"). */
  | { readonly kind: 'any' };

export interface FieldSpec {
  readonly name: string;
  readonly type: TypeSpec;
  /** Go pointer: an explicitly set zero value is kept (and emitted); patches overwrite even with zero values. */
  readonly pointer: boolean;
  readonly omitempty: boolean;
  /** `merge:"replace"`: a patch replaces the value instead of appending/merging. */
  readonly replace: boolean;
  /** Fields of an inlined struct/map appear directly in the parent mapping. */
  readonly inline: boolean;
}

const structCache = new Map<string, TypeSpec & { kind: 'struct' }>();

/** The struct spec for a Go type name from the table (e.g. `v1alpha1.MachineConfig`). */
export function structSpec(name: string): TypeSpec & { kind: 'struct' } {
  const cached = structCache.get(name);
  if (cached) return cached;
  const rows = STRUCT_TABLE[name];
  if (!rows) throw new Error(`internal: unknown config type ${name}`);
  const fields: FieldSpec[] = [];
  const spec = { kind: 'struct' as const, name, fields };
  // Cache before resolving fields: the tables are recursive only through lazy parseType calls below.
  structCache.set(name, spec);
  for (const [fieldName, type, flags] of rows) {
    fields.push({
      name: fieldName,
      type: parseType(type),
      pointer: flags.includes('p'),
      omitempty: flags.includes('o'),
      replace: flags.includes('r'),
      inline: flags.includes('i'),
    });
  }
  return spec;
}

const SCALARS = new Set<ScalarKind>(['string', 'bool', 'int', 'uint', 'float', 'duration', 'bytes', 'filemode', 'scalar']);

export function parseType(expr: string): TypeSpec {
  if (expr.startsWith('[]')) {
    const [inner, keys] = splitMergeKeys(expr.slice(2));
    return keys ? { kind: 'list', item: parseType(inner), mergeKeys: keys } : { kind: 'list', item: parseType(inner) };
  }
  if (expr.startsWith('map[') && expr.endsWith(']')) return { kind: 'map', value: parseType(expr.slice(4, -1)) };
  if (expr.startsWith('@')) return structSpec(expr.slice(1));
  if (expr === 'any') return { kind: 'any' };
  if (expr === 'args') return { kind: 'args' };
  if (SCALARS.has(expr as ScalarKind)) return { kind: 'scalar', scalar: expr as ScalarKind };
  throw new Error(`internal: bad type expression ${expr}`);
}

function splitMergeKeys(expr: string): [string, string[] | undefined] {
  const hash = expr.indexOf('#');
  if (hash < 0) return [expr, undefined];
  return [expr.slice(0, hash), expr.slice(hash + 1).split('|')];
}

/** The struct describing a document kind, or undefined for kinds Talos v1.13 does not know. */
export function documentSpec(kind: string): (TypeSpec & { kind: 'struct' }) | undefined {
  const name = KIND_TABLE[kind];
  return name ? structSpec(name) : undefined;
}

/** Kinds whose documents carry a `name` (matched by apiVersion+kind+name when patching). */
export function isNamedKind(kind: string): boolean {
  const spec = documentSpec(kind);
  return !!spec && kind !== 'v1alpha1' && visibleFields(spec).some((f) => f.name === 'name');
}

/** Fields as they appear in the mapping, with inlined structs expanded in place. */
export function visibleFields(spec: TypeSpec & { kind: 'struct' }): FieldSpec[] {
  const out: FieldSpec[] = [];
  for (const field of spec.fields) {
    if (field.inline && field.type.kind === 'struct') out.push(...visibleFields(field.type));
    else out.push(field);
  }
  return out;
}

export const KNOWN_KINDS: readonly string[] = Object.keys(KIND_TABLE).filter((k) => k !== 'v1alpha1');
