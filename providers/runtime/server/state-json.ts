/**
 * State JSON (RawState.json) to a value of the current schema: runs the handler's upgraders
 * for older schema versions and tolerates additive schema changes (attributes added get null,
 * attributes removed are dropped), as the Go frameworks do.
 */
import { decodeJson, type CtyType, type CtyValue } from '../cty';
import type { Attributes, Blocks, SchemaDef } from '../schema/attributes';

type Json = Record<string, unknown>;
type Shape = { attributes: Attributes; blocks: Blocks };

export function normalizeStateJson(raw: string, schema: SchemaDef, type: CtyType, from: number, current: number, upgraders: Readonly<Record<number, (state: Json) => Json>>): CtyValue {
  if (from === current) {
    try {
      return decodeJson(raw, type);
    } catch {
      // Shape differs (attribute added or removed without a version bump): normalise below.
    }
  }
  let state = JSON.parse(raw) as Json;
  for (let v = from; v < current; v++) {
    const upgrade = upgraders[v];
    if (!upgrade) throw new Error(`no state upgrader from schema version ${v} to ${v + 1}`);
    state = upgrade(state);
  }
  return decodeJson(JSON.stringify(reshape(schema, state)), type);
}

function reshape(shape: Shape, obj: Json): Json {
  const out: Json = {};
  for (const [name, def] of Object.entries(shape.attributes)) {
    const v = obj[name] === undefined ? null : obj[name];
    out[name] = def.nested && v && typeof v === 'object' && !Array.isArray(v) ? reshape(def.nested, v as Json) : v;
  }
  for (const [name, def] of Object.entries(shape.blocks)) {
    const v = obj[name];
    if (def.nesting === 'single') out[name] = v && typeof v === 'object' ? reshape(def, v as Json) : null;
    else out[name] = Array.isArray(v) ? v.map((el) => reshape(def, el as Json)) : [];
  }
  return out;
}
