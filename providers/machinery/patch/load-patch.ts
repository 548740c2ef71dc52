import { readFileSync } from 'node:fs';
import { decodeAny, decodeDocument } from '../config/codec';
import { documentId, type ConfigDocument } from '../config/document';
import { parseYamlDocuments, type RawNode } from '../config/yaml/parse';
import { extractDeletes, type DeleteSelector } from './delete-selectors';
import { toJsonPatch, type JsonPatchOperation } from './json6902';

/** One step of a strategic merge patch, in the order Talos applies them. */
export type StrategicStep = { readonly delete: DeleteSelector } | { readonly merge: ConfigDocument };

export type ConfigPatch =
  | { readonly type: 'strategic'; readonly name: string; readonly steps: readonly StrategicStep[] }
  | { readonly type: 'json6902'; readonly name: string; readonly operations: readonly JsonPatchOperation[] };

export class PatchLoadError extends Error {
  constructor(
    readonly patchName: string,
    message: string,
  ) {
    super(`patch ${patchName}: ${message}`);
  }
}

/** Parses a strategic merge patch: Talos config fragments (any kinds, several documents, `$patch: delete`). */
function loadStrategic(text: string): StrategicStep[] {
  const docs = parseYamlDocuments(text);
  if (docs.length === 0) throw new Error('config not found');
  const steps: StrategicStep[] = [];
  const seen = new Set<string>();
  for (const raw of docs) {
    if (raw.kind !== 'map') throw new Error(`expected a YAML document at line ${raw.line}`);
    const { selectors, remaining } = extractDeletes(raw);
    for (const sel of selectors) steps.push({ delete: sel });
    if (!remaining) continue;
    const doc = decodeDocument(remaining);
    const id = documentId(doc);
    if (seen.has(id)) throw new Error(`duplicate document ${id} is not allowed (line ${raw.line})`);
    seen.add(id);
    steps.push({ merge: doc });
  }
  return steps;
}

/**
 * Loaded patches by name and text. Loading is pure, and a plan renders one patch for many nodes
 * (every node of a role shares it), so each distinct patch is parsed once per process. Entries are
 * frozen: applying a patch clones what it takes (merge.ts), and a write would throw.
 */
const loaded = new Map<string, ConfigPatch>();
const LOADED_LIMIT = 256;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * Loads one patch as Talos does (see loadPatchText), from the process-wide cache when the same
 * patch text was loaded before under the same name. The result is deeply frozen.
 */
export function loadPatch(text: string, name = 'inline'): ConfigPatch {
  const key = `${name}\u0000${text}`;
  const hit = loaded.get(key);
  if (hit) return hit;
  const patch = deepFreeze(loadPatchText(text, name));
  if (loaded.size >= LOADED_LIMIT) loaded.delete(loaded.keys().next().value as string);
  loaded.set(key, patch);
  return patch;
}

/**
 * Loads one patch as Talos does: strategic merge first, then an RFC 6902 JSON patch written as JSON,
 * then the same list written as YAML. The error reported is the one for the format the text looks like.
 */
function loadPatchText(text: string, name: string): ConfigPatch {
  if (typeof text !== 'string' || text.trim() === '') throw new PatchLoadError(name, 'the patch is empty');
  let strategicError: Error;
  try {
    return { type: 'strategic', name, steps: loadStrategic(text) };
  } catch (err) {
    strategicError = err as Error;
  }
  let jsonError: Error | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (Array.isArray(parsed)) return { type: 'json6902', name, operations: toJsonPatch(parsed) };
    jsonError = new Error('a JSON patch must be a list of operations');
  } catch (err) {
    jsonError = err as Error;
  }
  let yamlList: RawNode | undefined;
  try {
    const docs = parseYamlDocuments(text);
    if (docs[0]?.kind === 'seq') yamlList = docs[0];
  } catch {
    yamlList = undefined;
  }
  if (yamlList) {
    try {
      return { type: 'json6902', name, operations: toJsonPatch(decodeAny(yamlList)) };
    } catch (err) {
      throw new PatchLoadError(name, `invalid JSON patch: ${(err as Error).message}`);
    }
  }
  if (text.trim().startsWith('[')) throw new PatchLoadError(name, `invalid JSON patch: ${jsonError?.message ?? 'not a list'}`);
  throw new PatchLoadError(name, strategicError.message);
}

/**
 * Loads patches given as talosctl does: `@file` reads a file; text without spaces or newlines
 * that does not start with `[` or `{` is also taken as a file name; anything else is the patch.
 * Consecutive JSON patches are concatenated into one.
 */
export function loadPatches(values: readonly string[], readFile: (path: string) => string = (p) => readFileSync(p, 'utf8')): ConfigPatch[] {
  const out: ConfigPatch[] = [];
  values.forEach((value, i) => {
    let text: string;
    let name: string;
    const looksLikeFile = !/[\n ]/.test(value) && !value.startsWith('[') && !value.startsWith('{');
    if (value.startsWith('@') || looksLikeFile) {
      const path = value.startsWith('@') ? value.slice(1) : value;
      name = path;
      try {
        text = readFile(path);
      } catch (err) {
        throw new PatchLoadError(name, `cannot read patch file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
    } else {
      name = `#${i + 1} (inline)`;
      text = value;
    }
    const patch = loadPatch(text, name);
    const last = out[out.length - 1];
    if (patch.type === 'json6902' && last?.type === 'json6902') {
      out[out.length - 1] = { type: 'json6902', name: `${last.name}+${patch.name}`, operations: [...last.operations, ...patch.operations] };
    } else out.push(patch);
  });
  return out;
}
