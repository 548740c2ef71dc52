/**
 * Write-only attributes (protocol 6.8, Terraform >= 1.11): their values reach the provider in the
 * configuration only; planned and new state must hold null for them, or Terraform rejects the
 * result. The runtime nulls them in everything it sends back, so no handler can leak one.
 */
import { isUnknown, type CtyValue } from '../cty';
import type { AttributePath } from '../diagnostics';
import type { Attributes, Blocks } from '../schema/attributes';

type Obj = Record<string, CtyValue>;

interface Shape {
  readonly attributes: Attributes;
  readonly blocks: Blocks;
}

function asObj(value: CtyValue): Obj | null {
  return value === null || isUnknown(value) || typeof value !== 'object' || Array.isArray(value) ? null : (value as Obj);
}

/** Whether the shape declares a write-only attribute anywhere (most do not: callers skip the walk). */
export function hasWriteOnly(shape: Shape): boolean {
  return Object.values(shape.attributes).some((def) => def.writeOnly || (def.nested !== undefined && hasWriteOnly(def.nested))) || Object.values(shape.blocks).some((def) => hasWriteOnly(def));
}

/** A copy of `value` with every write-only attribute null (nested attributes and blocks included). */
export function nullWriteOnly(shape: Shape, value: Obj): Obj {
  if (!hasWriteOnly(shape)) return value;
  const out: Obj = { ...value };
  for (const [name, def] of Object.entries(shape.attributes)) {
    if (def.writeOnly) out[name] = null;
    else if (def.nested) {
      const inner = asObj(value[name] ?? null);
      if (inner) out[name] = nullWriteOnly(def.nested, inner);
    }
  }
  for (const [name, def] of Object.entries(shape.blocks)) {
    const v = value[name] ?? null;
    if (def.nesting === 'single') {
      const inner = asObj(v);
      if (inner) out[name] = nullWriteOnly(def, inner);
    } else if (Array.isArray(v)) {
      out[name] = v.map((el) => {
        const inner = asObj(el);
        return inner ? nullWriteOnly(def, inner) : el;
      });
    }
  }
  return out;
}

/** Paths of the write-only attributes the configuration sets (a value or unknown, not null). */
export function writeOnlyPathsSet(shape: Shape, value: Obj, base: AttributePath = []): AttributePath[] {
  const paths: AttributePath[] = [];
  for (const [name, def] of Object.entries(shape.attributes)) {
    const v = value[name] ?? null;
    if (def.writeOnly && v !== null) paths.push([...base, { attr: name }]);
    else if (def.nested) {
      const inner = asObj(v);
      if (inner) paths.push(...writeOnlyPathsSet(def.nested, inner, [...base, { attr: name }]));
    }
  }
  for (const [name, def] of Object.entries(shape.blocks)) {
    const v = value[name] ?? null;
    if (def.nesting === 'single') {
      const inner = asObj(v);
      if (inner) paths.push(...writeOnlyPathsSet(def, inner, [...base, { attr: name }]));
    } else if (Array.isArray(v)) {
      v.forEach((el, i) => {
        const inner = asObj(el);
        if (inner) paths.push(...writeOnlyPathsSet(def, inner, [...base, { attr: name }, { index: i }]));
      });
    }
  }
  return paths;
}
