/**
 * The schema DSL: a handler declares each attribute once, with its cty type, its mode
 * (required / optional / computed), plan behaviour and validators. The runtime derives the
 * protocol schema, the typed model and the plan rules from the same declaration.
 */
import { t, type CtyType } from '../cty';

/**
 * A validator returns an error message (naming the fix) or undefined when the value is fine.
 * Declared as a method so schemas of different attribute types share one Attributes record.
 */
export type Validator<T> = { check(value: T): string | undefined }['check'];

/** How a computed attribute is planned when the resource changes. */
export type ComputedPlan =
  /** Unknown whenever anything else in the resource changes (safe default). */
  | 'unknown-on-change'
  /** Keeps the prior state's value across updates (terraform-plugin-framework's UseStateForUnknown). */
  | 'keep';

export interface AttributeOptions<T> {
  readonly description?: string;
  readonly sensitive?: boolean;
  readonly deprecated?: boolean;
  /** A change of this attribute destroys and re-creates the resource. */
  readonly requiresReplace?: boolean;
  /**
   * Write-only (Terraform >= 1.11, managed resources only): the value reaches the handler in the
   * configuration at plan and apply, and is never kept in plan or state (the runtime plans and
   * stores null). Not computed, no default, not inside set blocks.
   */
  readonly writeOnly?: boolean;
  readonly validators?: readonly Validator<T>[];
}

interface ModeRequired {
  readonly mode: 'required';
}
interface ModeOptional<T> {
  readonly mode: 'optional';
  readonly default?: T;
  readonly computedPlan?: ComputedPlan;
}
interface ModeComputed {
  readonly mode: 'computed';
  readonly computedPlan?: ComputedPlan;
}

/** Value type the handler sees for an attribute of TS type T in a given mode. */
export interface AttributeDef<T, M extends AttributeMode = AttributeMode> extends AttributeOptions<T> {
  readonly kind: 'attribute';
  readonly type: CtyType;
  readonly mode: M;
  /** Optional attributes with a default are also computed: the default is planned when unset. */
  readonly default?: T;
  readonly computedPlan?: ComputedPlan;
  /** A single nested attribute (`name = { ... }` in HCL): its own attributes, each planned like a top-level one. */
  readonly nested?: NestedShape;
  /** Phantom: carries T for type inference only. */
  readonly __type?: T;
}

/** The attributes inside a single nested attribute (protocol v6 nested_type, nesting SINGLE). */
export interface NestedShape {
  readonly attributes: Attributes;
  readonly blocks: NoBlocks;
}

export type AttributeMode = 'required' | 'optional' | 'computed';

export type Attributes = Record<string, AttributeDef<unknown, AttributeMode>>;
export type Blocks = Record<string, BlockDef<Attributes, Blocks>>;
/** A schema without nested blocks (no index signature, so the model keeps exact keys). */
export type NoBlocks = Record<never, never>;

export type BlockNesting = 'single' | 'list' | 'set';

export interface BlockDef<A extends Attributes, B extends Blocks, N extends BlockNesting = BlockNesting> {
  readonly kind: 'block';
  readonly nesting: N;
  readonly attributes: A;
  readonly blocks: B;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly description?: string;
  readonly requiresReplace?: boolean;
}

type Opts<T> = AttributeOptions<T> & (ModeRequired | ModeOptional<T> | ModeComputed);

function make<T>(type: CtyType, opts: Opts<T>): AttributeDef<T, typeof opts.mode> {
  return { kind: 'attribute', type, ...opts } as AttributeDef<T, typeof opts.mode>;
}

type Required<T> = AttributeOptions<T> & ModeRequired;
type Optional<T> = AttributeOptions<T> & ModeOptional<T>;
type Computed<T> = AttributeOptions<T> & ModeComputed;

/** Overloads keep the mode literal so the model type knows which attributes can be null. */
interface Builder<T> {
  (opts: Required<T>): AttributeDef<T, 'required'>;
  (opts: Optional<T>): AttributeDef<T, 'optional'>;
  (opts: Computed<T>): AttributeDef<T, 'computed'>;
}

function builder<T>(type: CtyType): Builder<T> {
  return ((opts: Opts<T>) => make<T>(type, opts)) as Builder<T>;
}

/** JS value types of the cty types, as handlers see them (numbers as JS numbers). */
export const attr = {
  string: builder<string>(t.string),
  number: builder<number>(t.number),
  bool: builder<boolean>(t.bool),
  stringList: builder<string[]>(t.list(t.string)),
  stringSet: builder<string[]>(t.set(t.string)),
  stringMap: builder<Record<string, string>>(t.map(t.string)),
  /** Any other cty type; T must describe its JS shape. */
  typed: <T>(type: CtyType) => builder<T>(type),
  /**
   * A single nested attribute, e.g. `timeouts = { create = "5m" }`: an object whose attributes
   * are optional/computed/defaulted like top-level ones (Terraform plans them per attribute).
   */
  single<A extends Attributes>(attributes: A) {
    const fields: Record<string, CtyType> = {};
    for (const [name, def] of Object.entries(attributes)) fields[name] = def.type;
    const nested: NestedShape = { attributes, blocks: {} };
    return ((opts: Opts<ModelOf<A, NoBlocks>>) => ({ ...make<ModelOf<A, NoBlocks>>(t.object(fields), opts), nested })) as Builder<ModelOf<A, NoBlocks>>;
  },
};

export const block = {
  single<A extends Attributes, B extends Blocks = NoBlocks>(def: { attributes: A; blocks?: B; description?: string; requiresReplace?: boolean }): BlockDef<A, NoInfer<B>, 'single'> {
    return { kind: 'block', nesting: 'single' as const, blocks: {} as B, ...def };
  },
  list<A extends Attributes, B extends Blocks = NoBlocks>(def: {
    attributes: A;
    blocks?: B;
    minItems?: number;
    maxItems?: number;
    description?: string;
    requiresReplace?: boolean;
  }): BlockDef<A, NoInfer<B>, 'list'> {
    return { kind: 'block', nesting: 'list' as const, blocks: {} as B, ...def };
  },
  set<A extends Attributes, B extends Blocks = NoBlocks>(def: {
    attributes: A;
    blocks?: B;
    minItems?: number;
    maxItems?: number;
    description?: string;
    requiresReplace?: boolean;
  }): BlockDef<A, NoInfer<B>, 'set'> {
    return { kind: 'block', nesting: 'set' as const, blocks: {} as B, ...def };
  },
};

/** A whole resource, data-source or provider schema. */
export interface SchemaDef<A extends Attributes = Attributes, B extends Blocks = Blocks> {
  /** State schema version; bump it together with an upgrader when the state shape changes. */
  readonly version: number;
  readonly description?: string;
  readonly attributes: A;
  readonly blocks: B;
}

export function defineSchema<A extends Attributes, B extends Blocks = NoBlocks>(def: { version?: number; description?: string; attributes: A; blocks?: B }): SchemaDef<A, B> {
  return { version: def.version ?? 0, description: def.description, attributes: def.attributes, blocks: (def.blocks ?? {}) as B };
}

// ---- Model types ---------------------------------------------------------------------------

type AttrValue<D> = D extends AttributeDef<infer T, infer M> ? (M extends 'required' ? T : T | null) : never;

type BlockValue<D> = D extends BlockDef<Attributes, Blocks, infer N> ? (N extends 'single' ? ModelOf<D['attributes'], D['blocks']> | null : ModelOf<D['attributes'], D['blocks']>[]) : never;

export type ModelOf<A extends Attributes, B extends Blocks> = { [K in keyof A]: AttrValue<A[K]> } & {
  [K in keyof B]: BlockValue<B[K]>;
};

/** The fully known object a handler reads and returns for a schema. */
export type Model<S> = S extends SchemaDef<infer A, infer B> ? ModelOf<A, B> : never;
