/**
 * The cty type model (the type system Terraform uses for every value on the plugin wire),
 * its builder and the JSON type-constraint syntax used in schemas and dynamic values.
 */
import { getOwn, goJsonString, setOwn, sortedKeys } from './ordering';

export interface CtyStringType {
  readonly kind: 'string';
}
export interface CtyNumberType {
  readonly kind: 'number';
}
export interface CtyBoolType {
  readonly kind: 'bool';
}
/** `dynamic` (go-cty's DynamicPseudoType): the real type travels with the value. */
export interface CtyDynamicType {
  readonly kind: 'dynamic';
}
export interface CtyListType {
  readonly kind: 'list';
  readonly element: CtyType;
}
export interface CtySetType {
  readonly kind: 'set';
  readonly element: CtyType;
}
export interface CtyMapType {
  readonly kind: 'map';
  readonly element: CtyType;
}
export interface CtyObjectType {
  readonly kind: 'object';
  readonly attributes: Readonly<Record<string, CtyType>>;
}
export interface CtyTupleType {
  readonly kind: 'tuple';
  readonly elements: readonly CtyType[];
}
export type CtyType = CtyStringType | CtyNumberType | CtyBoolType | CtyDynamicType | CtyListType | CtySetType | CtyMapType | CtyObjectType | CtyTupleType;

export type CtyTypeKind = CtyType['kind'];

const PRIMITIVES = ['string', 'number', 'bool', 'dynamic'] as const;
type PrimitiveName = (typeof PRIMITIVES)[number];

function assertType(type: unknown, where: string): asserts type is CtyType {
  const kind = (type as { kind?: unknown } | null)?.kind;
  if (typeof kind !== 'string' || !['string', 'number', 'bool', 'dynamic', 'list', 'set', 'map', 'object', 'tuple'].includes(kind)) {
    throw new TypeError(`${where}: expected a cty type (build one with t.string, t.list(...), ...), got ${String(type)}`);
  }
}

/** Builder for cty types; results are frozen so schemas can share them safely. */
export const t = {
  string: Object.freeze({ kind: 'string' }) as CtyType,
  number: Object.freeze({ kind: 'number' }) as CtyType,
  bool: Object.freeze({ kind: 'bool' }) as CtyType,
  dynamic: Object.freeze({ kind: 'dynamic' }) as CtyType,
  list(element: CtyType): CtyType {
    assertType(element, 't.list');
    return Object.freeze({ kind: 'list', element });
  },
  set(element: CtyType): CtyType {
    assertType(element, 't.set');
    return Object.freeze({ kind: 'set', element });
  },
  map(element: CtyType): CtyType {
    assertType(element, 't.map');
    return Object.freeze({ kind: 'map', element });
  },
  object(attributes: Readonly<Record<string, CtyType>>): CtyType {
    const copy: Record<string, CtyType> = {};
    for (const name of Object.keys(attributes)) {
      const attrType = getOwn(attributes, name);
      assertType(attrType, `t.object attribute "${name}"`);
      setOwn(copy, name, attrType);
    }
    return Object.freeze({ kind: 'object', attributes: Object.freeze(copy) });
  },
  tuple(elements: readonly CtyType[]): CtyType {
    elements.forEach((e, i) => assertType(e, `t.tuple element ${i}`));
    return Object.freeze({ kind: 'tuple', elements: Object.freeze([...elements]) });
  },
} as const;

/** Structural type equality (object attribute order is irrelevant). */
export function typeEquals(a: CtyType, b: CtyType): boolean {
  if (a === b) return true;
  switch (a.kind) {
    case 'string':
    case 'number':
    case 'bool':
    case 'dynamic':
      return a.kind === b.kind;
    case 'list':
    case 'set':
    case 'map':
      return b.kind === a.kind && typeEquals(a.element, b.element);
    case 'tuple':
      return b.kind === 'tuple' && a.elements.length === b.elements.length && a.elements.every((e, i) => typeEquals(e, b.elements[i]!));
    case 'object': {
      if (b.kind !== 'object') return false;
      const names = Object.keys(a.attributes);
      if (names.length !== Object.keys(b.attributes).length) return false;
      return names.every((n) => {
        const other = getOwn(b.attributes, n);
        return other !== undefined && typeEquals(a.attributes[n]!, other);
      });
    }
  }
}

/** Human-readable type expression for messages, e.g. `list(object({name=string}))`. */
export function typeToString(type: CtyType): string {
  switch (type.kind) {
    case 'string':
    case 'number':
    case 'bool':
    case 'dynamic':
      return type.kind;
    case 'list':
    case 'set':
    case 'map':
      return `${type.kind}(${typeToString(type.element)})`;
    case 'tuple':
      return `tuple([${type.elements.map(typeToString).join(', ')}])`;
    case 'object':
      return `object({${sortedKeys(type.attributes)
        .map((n) => `${/^[A-Za-z_][A-Za-z0-9_-]*$/.test(n) ? n : JSON.stringify(n)}=${typeToString(type.attributes[n]!)}`)
        .join(', ')}})`;
  }
}

/** go-cty's FriendlyNameForConstraint, used in "… required" messages. */
export function friendlyTypeName(type: CtyType): string {
  switch (type.kind) {
    case 'dynamic':
      return 'any type';
    case 'list':
    case 'set':
    case 'map':
      return `${type.kind} of ${type.element.kind === 'dynamic' ? 'any single type' : friendlyTypeName(type.element)}`;
    default:
      return type.kind;
  }
}

/**
 * The JSON type-constraint value (`"string"`, `["list","string"]`, `["object",{…}]`, …).
 * Object attributes are emitted in Go's sorted order so `JSON.stringify` of the result is stable.
 */
export function typeToJson(type: CtyType): unknown {
  switch (type.kind) {
    case 'string':
    case 'number':
    case 'bool':
    case 'dynamic':
      return type.kind;
    case 'list':
    case 'set':
    case 'map':
      return [type.kind, typeToJson(type.element)];
    case 'tuple':
      return ['tuple', type.elements.map(typeToJson)];
    case 'object': {
      const attrs: Record<string, unknown> = {};
      for (const name of sortedKeys(type.attributes)) setOwn(attrs, name, typeToJson(type.attributes[name]!));
      return ['object', attrs];
    }
  }
}

/** The JSON type text byte-for-byte as go-cty's `Type.MarshalJSON` writes it (used inside dynamic values). */
export function typeToJsonString(type: CtyType): string {
  switch (type.kind) {
    case 'string':
    case 'number':
    case 'bool':
    case 'dynamic':
      return `"${type.kind}"`;
    case 'list':
    case 'set':
    case 'map':
      return `["${type.kind}",${typeToJsonString(type.element)}]`;
    case 'tuple':
      return `["tuple",[${type.elements.map(typeToJsonString).join(',')}]]`;
    case 'object':
      return `["object",{${sortedKeys(type.attributes)
        .map((n) => `${goJsonString(n)}:${typeToJsonString(type.attributes[n]!)}`)
        .join(',')}}]`;
  }
}

/** Thrown for malformed JSON type constraints; `location` points into the JSON (e.g. `[1].tags[1]`). */
export class CtyTypeJsonError extends Error {
  constructor(
    readonly location: string,
    readonly reason: string,
  ) {
    super(`invalid cty type JSON${location ? ` at ${location}` : ''}: ${reason}`);
    this.name = 'CtyTypeJsonError';
  }
}

const MAX_TYPE_DEPTH = 256;

function describeJson(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return JSON.stringify(v);
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}

function parseType(json: unknown, location: string, depth: number): CtyType {
  if (depth > MAX_TYPE_DEPTH) throw new CtyTypeJsonError(location, `type is nested deeper than ${MAX_TYPE_DEPTH} levels`);
  if (typeof json === 'string') {
    if ((PRIMITIVES as readonly string[]).includes(json)) return t[json as PrimitiveName];
    throw new CtyTypeJsonError(location, `invalid primitive type name ${JSON.stringify(json)} (use "string", "number", "bool" or "dynamic")`);
  }
  if (!Array.isArray(json)) {
    throw new CtyTypeJsonError(location, `a type must be a primitive name like "string" or an array like ["list","string"], got ${describeJson(json)}`);
  }
  const [kind, arg, ...rest] = json as unknown[];
  if (typeof kind !== 'string') throw new CtyTypeJsonError(location, `complex type kind must be a string, got ${describeJson(kind)}`);
  const argLocation = `${location}[1]`;
  if (json.length < 2) throw new CtyTypeJsonError(location, `["${kind}", …] needs a second element`);
  if (rest.length > 0) {
    if (kind === 'object') {
      throw new CtyTypeJsonError(`${location}[2]`, 'optional-attribute markers (["object",{…},[…]]) belong to function type constraints and are not supported here');
    }
    throw new CtyTypeJsonError(location, `unexpected extra data in type description (${json.length} elements, 2 expected)`);
  }
  switch (kind) {
    case 'list':
    case 'set':
    case 'map': {
      const element = parseType(arg, argLocation, depth + 1);
      return kind === 'list' ? t.list(element) : kind === 'set' ? t.set(element) : t.map(element);
    }
    case 'object': {
      if (arg === null || typeof arg !== 'object' || Array.isArray(arg)) {
        throw new CtyTypeJsonError(argLocation, `object attributes must be a JSON object, got ${describeJson(arg)}`);
      }
      const attrs: Record<string, CtyType> = {};
      const source = arg as Record<string, unknown>;
      for (const name of Object.keys(source)) {
        setOwn(attrs, name, parseType(getOwn(source, name), `${argLocation}${/^[A-Za-z_]\w*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`}`, depth + 1));
      }
      return t.object(attrs);
    }
    case 'tuple': {
      if (!Array.isArray(arg)) throw new CtyTypeJsonError(argLocation, `tuple element types must be a JSON array, got ${describeJson(arg)}`);
      return t.tuple(arg.map((e, i) => parseType(e, `${argLocation}[${i}]`, depth + 1)));
    }
    default:
      throw new CtyTypeJsonError(location, `invalid complex type kind ${JSON.stringify(kind)} (use "list", "set", "map", "object" or "tuple")`);
  }
}

/** Parses an already-decoded JSON type constraint (see {@link typeToJson}). Throws {@link CtyTypeJsonError}. */
export function typeFromJson(json: unknown): CtyType {
  return parseType(json, '', 0);
}

/** Parses JSON type text or bytes (schema `type` fields, the type half of a dynamic value). */
export function typeFromJsonText(text: string | Uint8Array): CtyType {
  let source: string;
  try {
    source = typeof text === 'string' ? text : new TextDecoder('utf-8', { fatal: true }).decode(text);
  } catch {
    throw new CtyTypeJsonError('', 'type JSON is not valid UTF-8');
  }
  let json: unknown;
  try {
    json = JSON.parse(source);
  } catch (err) {
    throw new CtyTypeJsonError('', `type is not valid JSON (${(err as Error).message})`);
  }
  return typeFromJson(json);
}
