/**
 * What a provider is made of: a provider schema with a configure step, and resource and
 * data-source handlers. Handlers contain domain logic only; the runtime owns the protocol,
 * the codec and the plan rules.
 */
import type { Logger } from './logging';
import type { Model, SchemaDef } from './schema/attributes';
import type { Diagnostic } from './diagnostics';
import type { Unknown } from './cty';

/** Passed to every handler call. */
export interface HandlerContext<P> {
  /** What the provider's configure step returned. */
  readonly provider: P;
  /** Aborted when Terraform asks the provider to stop (Ctrl-C): long waits must give up. */
  readonly signal: AbortSignal;
  readonly log: Logger;
  /** Adds a warning without failing the call. */
  warn(summary: string, detail?: string): void;
}

/** A value during planning: known, or unknown until apply. */
export type Planned<T> = { [K in keyof T]: T[K] | Unknown };

export interface PlanRequest<S extends SchemaDef, P> {
  /** The configuration (values may be unknown). */
  readonly config: Planned<Model<S>>;
  /** The prior state, or null on create. */
  readonly prior: Model<S> | null;
  /**
   * The plan the runtime derived (config values, defaults, prior values kept, unknown computed
   * values). The hook may return known values for computed attributes it can predict.
   */
  readonly planned: Planned<Model<S>>;
  readonly ctx: HandlerContext<P>;
}

export interface PlanResult<S extends SchemaDef> {
  /** Known values for computed attributes (anything else is rejected as a provider bug). */
  readonly computed?: Partial<Model<S>>;
  /** Computed attributes to plan as unknown, forcing an update (e.g. a certificate due for renewal). */
  readonly unknown?: readonly string[];
  /** Extra attributes (dotted paths) whose change forces replacement. */
  readonly requiresReplace?: readonly string[];
  readonly diagnostics?: readonly Diagnostic[];
}

export interface ApplyResult<S extends SchemaDef> {
  /**
   * The new state. Values known in the plan are kept by the runtime; computed ones come from
   * here; attributes left out keep their planned (or, on read, prior) value.
   */
  readonly state: Partial<Model<S>>;
  /** Opaque data kept in Terraform state beside the resource (never shown). */
  readonly private?: Record<string, unknown>;
}

export interface ResourceHandler<S extends SchemaDef, P = unknown> {
  /** Type name without the provider prefix, e.g. `machine_secrets`. */
  readonly name: string;
  readonly schema: S;
  /** Extra validation of a configuration; values may be unknown (never reject those). */
  validate?(config: Planned<Model<S>>, ctx: { readonly log: Logger }): readonly Diagnostic[] | void;
  /** Optional plan hook, see PlanRequest. */
  plan?(req: PlanRequest<S, P>): Promise<PlanResult<S> | void> | PlanResult<S> | void;
  create(req: { planned: Model<S>; config: Model<S>; ctx: HandlerContext<P> }): Promise<ApplyResult<S>>;
  /** Returns the current state, or null when the object is gone (Terraform then plans a re-create). */
  read(req: { state: Model<S>; private: Record<string, unknown>; ctx: HandlerContext<P> }): Promise<ApplyResult<S> | null>;
  /** Without update, every change to a non-computed attribute forces replacement. */
  update?(req: { prior: Model<S>; planned: Model<S>; config: Model<S>; private: Record<string, unknown>; ctx: HandlerContext<P> }): Promise<ApplyResult<S>>;
  delete(req: { prior: Model<S>; private: Record<string, unknown>; ctx: HandlerContext<P> }): Promise<void>;
  /** Checks run when a destroy is planned (enables plan_destroy); throw to block the destroy. */
  planDestroy?(req: { prior: Model<S>; ctx: HandlerContext<P> }): Promise<readonly Diagnostic[] | void>;
  /** Turns an import id into a state stub; Terraform then calls read. */
  import?(req: { id: string; ctx: HandlerContext<P> }): Promise<{ state: Partial<Model<S>>; private?: Record<string, unknown> }>;
  /**
   * State upgraders keyed by the version they upgrade from: each takes the state JSON object of
   * that version and returns the next version's. Additive changes (new attributes) need none.
   */
  readonly upgraders?: Readonly<Record<number, (state: Record<string, unknown>) => Record<string, unknown>>>;
}

export interface DataSourceHandler<S extends SchemaDef, P = unknown> {
  readonly name: string;
  readonly schema: S;
  validate?(config: Planned<Model<S>>, ctx: { readonly log: Logger }): readonly Diagnostic[] | void;
  /** Returns the computed attributes; configuration values are kept verbatim by the runtime. */
  read(req: { config: Model<S>; ctx: HandlerContext<P> }): Promise<Model<S>>;
}

/** What opening an ephemeral resource produced. */
export interface EphemeralOpenResult<S extends SchemaDef> {
  /** Computed attributes; configuration values are kept verbatim by the runtime. */
  readonly result: Partial<Model<S>>;
  /** Opaque data Terraform hands back to renew and close (kept in memory by Terraform, never in state or plan). */
  readonly private?: Record<string, unknown>;
  /** When Terraform must call renew (e.g. a lease); omit for values that do not expire. */
  readonly renewAt?: Date;
}

/**
 * An ephemeral resource (Terraform >= 1.10): a value opened for the duration of one Terraform run
 * and never written to plan or state, so it may feed provider configurations and write-only
 * arguments. Opened only with a wholly known configuration.
 */
export interface EphemeralResourceHandler<S extends SchemaDef, P = unknown> {
  readonly name: string;
  readonly schema: S;
  validate?(config: Planned<Model<S>>, ctx: { readonly log: Logger }): readonly Diagnostic[] | void;
  open(req: { config: Model<S>; ctx: HandlerContext<P> }): Promise<EphemeralOpenResult<S>> | EphemeralOpenResult<S>;
  /** Extends what open produced before `renewAt`; returns the next private data and renewal time. */
  renew?(req: { private: Record<string, unknown>; ctx: HandlerContext<P> }): Promise<{ private?: Record<string, unknown>; renewAt?: Date }>;
  /** Releases what open produced (a lease, a session); nothing to do for plain values. */
  close?(req: { private: Record<string, unknown>; ctx: HandlerContext<P> }): Promise<void>;
}

export interface ProviderDefinition<PS extends SchemaDef, P> {
  /** Provider type name, e.g. `talos`; resource type names are `<type>_<handler name>`. */
  readonly typeName: string;
  readonly version: string;
  readonly schema: PS;
  /** Turns the provider configuration into what handlers receive as `ctx.provider`. */
  configure(config: Model<PS>, info: { terraformVersion: string }): Promise<P> | P;
  // Handlers of different schemas share one list: their own types are checked where they are declared.
  readonly resources: readonly ResourceHandler<SchemaDef, P>[];
  readonly dataSources: readonly DataSourceHandler<SchemaDef, P>[];
  readonly ephemeralResources?: readonly EphemeralResourceHandler<SchemaDef, P>[];
}

/** Identity helpers that keep the schema type for inference at the declaration site. */
export function defineResource<S extends SchemaDef, P>(handler: ResourceHandler<S, P>): ResourceHandler<S, P> {
  return handler;
}

export function defineDataSource<S extends SchemaDef, P>(handler: DataSourceHandler<S, P>): DataSourceHandler<S, P> {
  return handler;
}

export function defineEphemeralResource<S extends SchemaDef, P>(handler: EphemeralResourceHandler<S, P>): EphemeralResourceHandler<S, P> {
  return handler;
}

export function defineProvider<PS extends SchemaDef, P>(def: ProviderDefinition<PS, P>): ProviderDefinition<PS, P> {
  return def;
}
