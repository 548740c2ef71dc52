/**
 * The plan rules Terraform enforces (objchange.AssertPlanValid), applied once here for every
 * handler: configuration values verbatim, defaults, prior values kept when nothing changes,
 * computed values unknown when they may change, and requires-replace paths.
 */
import { isUnknown, isWhollyKnown, unknown, valueEquals, type CtyValue } from '../cty';
import type { AttributeDef, AttributeMode, Attributes, BlockDef, Blocks } from '../schema/attributes';
import { nestedBlockType } from '../schema/implied-type';
import { isComputed } from '../schema/to-proto';
import type { AttributePath } from '../diagnostics';

export interface BlockShape {
  readonly attributes: Attributes;
  readonly blocks: Blocks;
}

type Obj = Record<string, CtyValue>;

export interface PlanOutcome {
  readonly planned: Obj;
  readonly requiresReplace: AttributePath[];
}

/** Options that depend on the handler, not the schema. */
export interface PlanOptions {
  /** Without an update handler every change to a configurable attribute forces replacement. */
  readonly canUpdate: boolean;
}

function asObj(value: CtyValue): Obj | null {
  return value === null || isUnknown(value) ? null : (value as Obj);
}

function defaultValue(def: AttributeDef<unknown, AttributeMode>): CtyValue | undefined {
  return def.default === undefined ? undefined : (def.default as CtyValue);
}

/** Plan for a new object (prior is null): config values, defaults, unknown computed values. */
export function planCreate(shape: BlockShape, config: Obj): Obj {
  const out: Obj = {};
  for (const [name, def] of Object.entries(shape.attributes)) {
    const cfg = config[name] ?? null;
    const nested = def.nested ? asObj(cfg) : null;
    if (def.nested && nested) out[name] = planCreate(def.nested, nested);
    else if (!isComputed(def) || cfg !== null) out[name] = cfg;
    else out[name] = defaultValue(def) ?? unknown();
  }
  for (const [name, def] of Object.entries(shape.blocks)) {
    out[name] = mapBlock(def, config[name] ?? null, (inner) => planCreate(def, inner));
  }
  return out;
}

function mapBlock(def: BlockDef<Attributes, Blocks>, value: CtyValue, fn: (inner: Obj, index: number) => Obj): CtyValue {
  if (def.nesting === 'single') {
    const inner = asObj(value);
    return inner === null ? value : fn(inner, 0);
  }
  if (value === null || isUnknown(value)) return value;
  return (value as CtyValue[]).map((el, i) => {
    const inner = asObj(el);
    return inner === null ? el : fn(inner, i);
  });
}

/**
 * First pass of an update: what the object becomes if computed values stay as they were.
 * Computed attributes unset in config keep the prior value (or the default).
 */
function carryPrior(shape: BlockShape, prior: Obj | null, config: Obj): Obj {
  const out: Obj = {};
  for (const [name, def] of Object.entries(shape.attributes)) {
    const cfg = config[name] ?? null;
    const nested = def.nested ? asObj(cfg) : null;
    if (def.nested && nested) out[name] = carryPrior(def.nested, prior ? asObj(prior[name] ?? null) : null, nested);
    else if (!isComputed(def) || cfg !== null) out[name] = cfg;
    else {
      const dflt = defaultValue(def);
      out[name] = dflt !== undefined ? dflt : prior ? (prior[name] ?? null) : unknown();
    }
  }
  for (const [name, def] of Object.entries(shape.blocks)) {
    const priorBlock = prior ? (prior[name] ?? null) : null;
    out[name] = mapBlock(def, config[name] ?? null, (inner, i) => carryPrior(def, correlate(def, priorBlock, inner, i), inner));
  }
  return out;
}

/** Finds the prior element a config element corresponds to: same index for lists, same configured values for sets. */
function correlate(def: BlockDef<Attributes, Blocks>, priorBlock: CtyValue, configEl: Obj, index: number): Obj | null {
  if (priorBlock === null || isUnknown(priorBlock)) return null;
  if (def.nesting === 'single') return asObj(priorBlock);
  const elements = priorBlock as CtyValue[];
  if (def.nesting === 'list') return asObj(elements[index] ?? null);
  // Sets have no index: the prior element is the one whose configured values are the same.
  const sameConfig = (p: Obj) =>
    Object.entries(def.attributes).every(([n, d]) => {
      const cfg = configEl[n] ?? null;
      return (isComputed(d) && cfg === null) || valueEquals(p[n] ?? null, cfg, d.type);
    });
  return elements.map(asObj).find((p): p is Obj => p !== null && sameConfig(p)) ?? null;
}

/** Second pass once a change is certain: computed values that may change become unknown. */
function unknownOnChange(shape: BlockShape, prior: Obj | null, config: Obj, candidate: Obj): Obj {
  const out: Obj = { ...candidate };
  for (const [name, def] of Object.entries(shape.attributes)) {
    const cfg = config[name] ?? null;
    const nested = def.nested ? asObj(cfg) : null;
    if (def.nested && nested) {
      // Like a single block: a nested object that did not change keeps its computed values.
      const pr = prior ? asObj(prior[name] ?? null) : null;
      const ca = asObj(candidate[name] ?? null);
      if (ca && !(pr && valueEquals(pr, ca, def.type))) out[name] = unknownOnChange(def.nested, pr, nested, ca);
      continue;
    }
    if (!isComputed(def) || cfg !== null || defaultValue(def) !== undefined) continue;
    if ((def.computedPlan ?? 'unknown-on-change') === 'unknown-on-change') out[name] = unknown();
  }
  for (const [name, def] of Object.entries(shape.blocks)) {
    const priorBlock = prior ? (prior[name] ?? null) : null;
    const cand = candidate[name] ?? null;
    const cfgBlock = config[name] ?? null;
    if (def.nesting === 'single') {
      const c = asObj(cfgBlock);
      const pr = asObj(priorBlock);
      const ca = asObj(cand);
      // A nested object that did not change keeps its computed values.
      if (c && ca && !(pr && valueEquals(pr, ca, nestedBlockType(def)))) out[name] = unknownOnChange(def, pr, c, ca);
      continue;
    }
    if (cand === null || isUnknown(cand) || cfgBlock === null || isUnknown(cfgBlock)) continue;
    const cfgEls = cfgBlock as CtyValue[];
    out[name] = (cand as CtyValue[]).map((el, i) => {
      const c = asObj(cfgEls[i] ?? null);
      const ca = asObj(el);
      if (!c || !ca) return el;
      const pr = correlate(def, priorBlock, c, i);
      return pr && valueEquals(pr, ca, blockObjectType(def)) ? el : unknownOnChange(def, pr, c, ca);
    });
  }
  return out;
}

function blockObjectType(def: BlockDef<Attributes, Blocks>) {
  return nestedBlockType({ ...def, nesting: 'single' });
}

/** Paths whose value differs between prior and planned and that force replacement. */
function replacePaths(shape: BlockShape, prior: Obj, planned: Obj, opts: PlanOptions, base: AttributePath): AttributePath[] {
  const paths: AttributePath[] = [];
  for (const [name, def] of Object.entries(shape.attributes)) {
    const forces = def.requiresReplace || (!opts.canUpdate && def.mode !== 'computed');
    if (!forces) continue;
    const p = planned[name] ?? null;
    if (!isWhollyKnown(p) || !valueEquals(prior[name] ?? null, p, def.type)) paths.push([...base, { attr: name }]);
  }
  for (const [name, def] of Object.entries(shape.blocks)) {
    const forces = def.requiresReplace || !opts.canUpdate;
    const p = planned[name] ?? null;
    if (forces && (!isWhollyKnown(p) || !valueEquals(prior[name] ?? null, p, nestedBlockType(def)))) {
      paths.push([...base, { attr: name }]);
    }
  }
  return paths;
}

/**
 * Plans an update. Returns the prior object itself when nothing changes, so the plan is a no-op.
 */
export function planUpdate(shape: BlockShape, prior: Obj, config: Obj, opts: PlanOptions, objectType: Parameters<typeof valueEquals>[2]): PlanOutcome {
  const candidate = carryPrior(shape, prior, config);
  if (valueEquals(prior, candidate, objectType)) return { planned: prior, requiresReplace: [] };
  const planned = unknownOnChange(shape, prior, config, candidate);
  return { planned, requiresReplace: replacePaths(shape, prior, planned, opts, []) };
}
