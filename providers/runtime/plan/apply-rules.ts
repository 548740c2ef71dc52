/**
 * After apply Terraform requires every value known in the plan to come back unchanged and
 * every unknown to be resolved. The runtime merges a handler's result into the plan under
 * those rules, so a handler only fills in what it computed.
 */
import { isUnknown, isWhollyKnown, valueEquals, type CtyValue } from '../cty';
import { AttributeError, formatPath, type AttributePath } from '../diagnostics';
import type { Attributes, BlockDef, Blocks } from '../schema/attributes';
import { nestedBlockType } from '../schema/implied-type';
import type { BlockShape } from './plan-rules';

type Obj = Record<string, CtyValue>;

/** Replaces unknowns by null: what a handler sees of a plan at apply time. */
export function unknownsToNull(value: CtyValue): CtyValue {
  if (isUnknown(value)) return null;
  if (Array.isArray(value)) return value.map(unknownsToNull);
  if (value !== null && typeof value === 'object' && value.constructor === Object) {
    const out: Obj = {};
    for (const [k, v] of Object.entries(value as Obj)) out[k] = unknownsToNull(v);
    return out;
  }
  return value;
}

function bug(path: AttributePath, message: string): AttributeError {
  return new AttributeError(path, `provider bug: ${message}`);
}

/**
 * Merges a handler result into the planned object.
 * - Known planned values are kept; a handler returning something else is a provider bug.
 * - Unknown planned values take the handler's value, which must be known.
 * - Attributes the handler left out (undefined) keep the planned value.
 */
export function mergeApplied(shape: BlockShape, planned: Obj, result: Obj, base: AttributePath = []): Obj {
  const out: Obj = {};
  for (const [name, def] of Object.entries(shape.attributes)) {
    const path = [...base, { attr: name }];
    const p = planned[name] ?? null;
    const r = result[name];
    // A nested object with unknown parts merges per attribute, like a single block.
    if (def.nested && p !== null && !isUnknown(p) && !isWhollyKnown(p)) out[name] = mergeApplied(def.nested, p as Obj, (r ?? {}) as Obj, path);
    else out[name] = mergeValue(path, p, r, (a, b) => valueEquals(a, b, def.type));
  }
  for (const [name, def] of Object.entries(shape.blocks)) {
    out[name] = mergeBlock(def, planned[name] ?? null, result[name], [...base, { attr: name }]);
  }
  return out;
}

function mergeValue(path: AttributePath, planned: CtyValue, result: CtyValue | undefined, equal: (a: CtyValue, b: CtyValue) => boolean): CtyValue {
  if (isWhollyKnown(planned)) {
    if (result !== undefined && !equal(planned, result)) {
      throw bug(path, `${formatPath(path)} was planned as a known value but apply returned a different one`);
    }
    return planned;
  }
  if (result === undefined || !isWhollyKnown(result)) {
    throw bug(path, `${formatPath(path)} was unknown in the plan and apply did not set it`);
  }
  if (isUnknown(planned) && planned.refinements?.notNull && result === null) {
    throw bug(path, `${formatPath(path)} was planned as not null but apply returned null`);
  }
  return result;
}

function mergeBlock(def: BlockDef<Attributes, Blocks>, planned: CtyValue, result: CtyValue | undefined, path: AttributePath): CtyValue {
  if (isWhollyKnown(planned)) return mergeValue(path, planned, result, (a, b) => valueEquals(a, b, nestedBlockType(def)));
  if (def.nesting === 'single') {
    if (planned === null || isUnknown(planned)) return mergeValue(path, planned, result, () => true);
    return mergeApplied(def, planned as Obj, (result ?? {}) as Obj, path);
  }
  if (planned === null || isUnknown(planned)) return mergeValue(path, planned, result, () => true);
  const plannedEls = planned as CtyValue[];
  const resultEls = (result ?? []) as CtyValue[];
  if (result !== undefined && resultEls.length !== plannedEls.length) {
    throw bug(path, `${formatPath(path)} has ${plannedEls.length} blocks in the plan but apply returned ${resultEls.length}`);
  }
  return plannedEls.map((el, i) => {
    const elPath = [...path, { index: i }];
    if (el === null || isUnknown(el)) return mergeValue(elPath, el, resultEls[i], () => true);
    return mergeApplied(def, el as Obj, (resultEls[i] ?? {}) as Obj, elPath);
  });
}
