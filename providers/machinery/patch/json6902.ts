import { isConfigObject, type ConfigObject, type ConfigValue } from '../config/document';

/** RFC 6902 JSON Patch over plain JSON values (the operations Talos accepts through evanphx/json-patch). */
export interface JsonPatchOperation {
  readonly op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  readonly path: string;
  readonly from?: string;
  readonly value?: ConfigValue;
}

export class JsonPatchError extends Error {}

const OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

/** Validates a decoded JSON/YAML list as JSON Patch operations. */
export function toJsonPatch(list: unknown): JsonPatchOperation[] {
  if (!Array.isArray(list)) throw new JsonPatchError('a JSON patch must be a list of operations');
  return list.map((raw, i) => {
    if (!isConfigObject(raw as ConfigValue)) throw new JsonPatchError(`operation ${i}: expected an object`);
    const op = raw as Record<string, unknown>;
    if (typeof op.op !== 'string' || !OPS.has(op.op)) throw new JsonPatchError(`operation ${i}: unexpected kind of operation "${String(op.op)}"`);
    if (typeof op.path !== 'string') throw new JsonPatchError(`operation ${i} (${op.op}): missing "path"`);
    if ((op.op === 'move' || op.op === 'copy') && typeof op.from !== 'string') throw new JsonPatchError(`operation ${i} (${op.op}): missing "from"`);
    if ((op.op === 'add' || op.op === 'replace' || op.op === 'test') && !('value' in op)) {
      throw new JsonPatchError(`operation ${i} (${op.op} ${op.path}): missing "value"`);
    }
    return {
      op: op.op as JsonPatchOperation['op'],
      path: op.path,
      ...(typeof op.from === 'string' ? { from: op.from } : {}),
      ...('value' in op ? { value: op.value as ConfigValue } : {}),
    };
  });
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new JsonPatchError(`"${pointer}" is not a JSON pointer (must start with /)`);
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function clone<T extends ConfigValue>(v: T): T {
  return structuredClone(v);
}

function container(doc: ConfigValue, tokens: string[], pointer: string): { parent: ConfigValue; last: string } {
  let cur = doc;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(cur)) {
      const idx = arrayIndex(t, cur.length - 1, pointer);
      cur = cur[idx];
    } else if (isConfigObject(cur) && t in cur) cur = cur[t];
    else throw new JsonPatchError(`doc is missing path: "${pointer}"`);
  }
  return { parent: cur, last: tokens[tokens.length - 1] };
}

function arrayIndex(token: string, max: number, pointer: string): number {
  if (!/^(0|[1-9][0-9]*)$/.test(token)) throw new JsonPatchError(`invalid array index "${token}" in "${pointer}"`);
  const idx = Number(token);
  if (idx > max) throw new JsonPatchError(`array index ${idx} out of bounds in "${pointer}"`);
  return idx;
}

function get(doc: ConfigValue, pointer: string): ConfigValue {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return doc;
  const { parent, last } = container(doc, tokens, pointer);
  if (Array.isArray(parent)) return parent[arrayIndex(last, parent.length - 1, pointer)];
  if (isConfigObject(parent) && last in parent) return parent[last];
  throw new JsonPatchError(`doc is missing path: "${pointer}"`);
}

function add(doc: ConfigValue, pointer: string, value: ConfigValue): ConfigValue {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return value;
  const { parent, last } = container(doc, tokens, pointer);
  if (Array.isArray(parent)) {
    const idx = last === '-' ? parent.length : arrayIndex(last, parent.length, pointer);
    parent.splice(idx, 0, value);
  } else if (isConfigObject(parent)) parent[last] = value;
  else throw new JsonPatchError(`add operation does not apply: doc is missing path: "${pointer}"`);
  return doc;
}

function remove(doc: ConfigValue, pointer: string): ConfigValue {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) throw new JsonPatchError('cannot remove the whole document');
  const { parent, last } = container(doc, tokens, pointer);
  if (Array.isArray(parent)) parent.splice(arrayIndex(last, parent.length - 1, pointer), 1);
  else if (isConfigObject(parent) && last in parent) delete (parent as ConfigObject)[last];
  else throw new JsonPatchError(`unable to remove nonexistent key: "${pointer}"`);
  return doc;
}

function deepEqual(a: ConfigValue, b: ConfigValue): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  if (isConfigObject(a) && isConfigObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return a === b;
}

/** Applies operations in order to a copy of `doc`; errors name the operation and its path. */
export function applyJsonPatch(doc: ConfigValue, ops: readonly JsonPatchOperation[]): ConfigValue {
  let out = clone(doc);
  ops.forEach((op, i) => {
    try {
      switch (op.op) {
        case 'add':
          out = add(out, op.path, clone(op.value as ConfigValue));
          break;
        case 'remove':
          out = remove(out, op.path);
          break;
        case 'replace':
          get(out, op.path);
          out = remove(out, op.path);
          out = add(out, op.path, clone(op.value as ConfigValue));
          break;
        case 'move': {
          const value = get(out, op.from as string);
          out = remove(out, op.from as string);
          out = add(out, op.path, value);
          break;
        }
        case 'copy':
          out = add(out, op.path, clone(get(out, op.from as string)));
          break;
        case 'test':
          if (!deepEqual(get(out, op.path), op.value as ConfigValue)) throw new JsonPatchError(`testing value ${op.path} failed`);
          break;
      }
    } catch (err) {
      throw new JsonPatchError(`operation ${i} (${op.op} ${op.path}): ${(err as Error).message}`);
    }
  });
  return out;
}
