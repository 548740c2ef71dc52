/**
 * Definition text (YAML or JSON) to plain data, refusing what would silently change values or
 * exhaust the loader: several documents, `%YAML 1.1` (yes/no booleans, merge keys), `<<` merge
 * keys, duplicate keys (JSON.parse keeps the last one), keys that are not text, tags beyond the
 * core schema, alias expansion past a bound (billion laughs), alias cycles, nesting deeper than
 * MAX_DEPTH, more than MAX_NODES values, and `__proto__` keys.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, type Document, type Node as YamlNode } from 'yaml';
import type { IssuePath } from '../plan/layout';

/** Deeper than any definition (inline Talos patches included) needs. */
export const MAX_DEPTH = 64;
/** Values in one definition after alias expansion. */
export const MAX_NODES = 100_000;
/** Alias expansions the YAML loader allows (the `yaml` package's resource-exhaustion bound). */
export const MAX_ALIAS_COUNT = 100;

export interface DataProblem {
  readonly path: IssuePath;
  readonly message: string;
  readonly example: string;
}

export type DataResult = { readonly value: unknown } | { readonly problem: DataProblem };

const CORE_TAGS = new Set([
  'tag:yaml.org,2002:str',
  'tag:yaml.org,2002:int',
  'tag:yaml.org,2002:float',
  'tag:yaml.org,2002:bool',
  'tag:yaml.org,2002:null',
  'tag:yaml.org,2002:map',
  'tag:yaml.org,2002:seq',
]);

const fileProblem = (message: string, example: string): DataResult => ({ problem: { path: [], message, example } });
const at = (path: IssuePath, message: string, example: string): DataResult => ({ problem: { path, message, example } });

function firstLine(text: string): string {
  return text.split('\n')[0].replace(/:\s*$/, '');
}

function where(node: YamlNode | null | undefined, text: string): string {
  const offset = node?.range?.[0];
  if (offset === undefined) return '';
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return ` (line ${line}, column ${offset - before.lastIndexOf('\n')})`;
}

/**
 * Refuses what the YAML data model would turn into something else than written, walking the
 * document's nodes (not the data) so aliases are not expanded here. Depth-bounded.
 */
function checkYamlNodes(doc: Document, text: string): DataProblem | undefined {
  const stack: { node: unknown; path: IssuePath }[] = [{ node: doc.contents, path: [] }];
  while (stack.length) {
    const { node, path } = stack.pop() as { node: unknown; path: IssuePath };
    if (path.length > MAX_DEPTH) return { path: path.slice(0, 3), message: `nests more than ${MAX_DEPTH} levels deep below here`, example: 'a flat mapping as in clusters/example.yaml.sample' };
    if (!node || isAlias(node)) continue;
    const tag = (node as YamlNode).tag;
    if (tag !== undefined && !CORE_TAGS.has(tag) && !(tag === '!' && isScalar(node))) {
      return {
        path,
        message: `has the YAML tag ${tag}${where(node as YamlNode, text)}; only plain values are read (no !!binary, !!set, !!omap or custom tags)`,
        example: 'remove the tag and write the value as text, a number, a list or a mapping',
      };
    }
    if (isMap(node)) {
      for (const item of node.items) {
        if (!isPair(item)) continue;
        const key = item.key;
        if (isScalar(key) && key.value === '<<' && key.type === 'PLAIN') {
          return {
            path,
            message: `uses a YAML merge key (<<)${where(key, text)}; YAML 1.2 has no merge keys, and merging silently would hide which values apply`,
            example: 'write the keys out in this mapping (anchors and aliases of whole values are fine)',
          };
        }
        if (key !== null && !isScalar(key)) {
          return { path, message: `has a key that is a ${isAlias(key) ? 'YAML alias' : 'list or mapping'}${where(key as YamlNode, text)}; keys are text`, example: 'name: value' };
        }
        const name = isScalar(key) ? String(key.value) : '';
        if (name === '__proto__') return { path: [...path, name], message: 'is a reserved JavaScript name, not a definition key', example: `remove "${name}"` };
        stack.push({ node: item.value, path: [...path, name] });
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => stack.push({ node: item, path: [...path, i] }));
    }
  }
  return undefined;
}

/**
 * Bounds on plain data from any source (YAML after alias expansion, JSON, a TS module): nesting
 * depth, number of values, cycles, `__proto__` keys, and values that are not plain data
 * (functions, class instances, symbols, bigints).
 */
export function checkPlainData(value: unknown): DataProblem | undefined {
  let count = 0;
  const onPath = new Set<object>();
  const visit = (v: unknown, path: IssuePath): DataProblem | undefined => {
    if (++count > MAX_NODES) return { path: [], message: `holds more than ${MAX_NODES} values`, example: 'a definition of a few hundred lines at most' };
    if (path.length > MAX_DEPTH) return { path: path.slice(0, 3), message: `nests more than ${MAX_DEPTH} levels deep below here`, example: 'a flat mapping as in clusters/example.yaml.sample' };
    if (typeof v === 'function') return { path, message: 'is a function; a definition holds data only', example: 'export default defineCluster({ name: "prod", ... }) (call the function yourself)' };
    if (typeof v === 'symbol' || typeof v === 'bigint') return { path, message: `is a ${typeof v}; a definition holds text, numbers, true/false, lists and mappings`, example: 'vmidBase: 3100' };
    if (v === null || typeof v !== 'object') return undefined;
    if (onPath.has(v)) return { path, message: 'refers back to a mapping or list that contains it (a cycle)', example: 'write the values out instead of referring to an enclosing one' };
    const proto = Object.getPrototypeOf(v) as unknown;
    if (!Array.isArray(v) && proto !== Object.prototype && proto !== null) {
      const name = (v as { constructor?: { name?: unknown } }).constructor?.name;
      return { path, message: `is ${typeof name === 'string' && name ? `a ${name}` : 'an object of a class'}, not plain data`, example: 'write the value as text, a number, a list or a mapping' };
    }
    onPath.add(v);
    try {
      const entries: [string | number, unknown][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.keys(v).map((k) => [k, (v as Record<string, unknown>)[k]]);
      for (const [k, x] of entries) {
        if (k === '__proto__') return { path: [...path, k], message: 'is a reserved JavaScript name, not a definition key', example: `remove "${k}"` };
        const problem = visit(x, [...path, k]);
        if (problem) return problem;
      }
    } finally {
      onPath.delete(v);
    }
    return undefined;
  };
  return visit(value, []);
}

/** One YAML document's data, or the first problem of the text. */
export function parseYamlData(text: string): DataResult {
  let docs: Document[];
  try {
    const parsed = parseAllDocuments(text, { prettyErrors: true, uniqueKeys: true, merge: false });
    docs = (Array.isArray(parsed) ? parsed : [parsed]) as Document[];
  } catch (err) {
    return fileProblem(`cannot be parsed as YAML: ${firstLine(String((err as Error)?.message ?? err))}`, 'fix the YAML syntax (indent with spaces, one key per line)');
  }
  const real = docs.filter((d) => d.contents !== null || d.errors.length);
  if (real.length > 1) return fileProblem(`holds ${real.length} YAML documents; a file defines one cluster`, 'split them into one file per cluster');
  const doc = real[0];
  if (!doc) return fileProblem('is empty', 'name: prod (see clusters/example.yaml.sample)');
  if (doc.errors.length) {
    const e = doc.errors[0];
    if (/call stack/i.test(e.message)) return fileProblem(`nests too deeply to read (a definition needs fewer than ${MAX_DEPTH} levels)`, 'a flat mapping as in clusters/example.yaml.sample');
    const pos = e.linePos?.[0] ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : 'YAML';
    return fileProblem(`${pos}: ${firstLine(e.message).replace(/ at line \d+, column \d+$/, '')}`, 'fix the YAML syntax at that line (indent with spaces, one key per line)');
  }
  const version = doc.directives?.yaml?.explicit ? doc.directives.yaml.version : undefined;
  if (version !== undefined && version !== '1.2') {
    return fileProblem(`declares %YAML ${version}; only YAML 1.2 is read (1.1 turns yes/no/on/off into booleans and merges << keys)`, 'remove the %YAML line');
  }
  if (doc.warnings.length) {
    const w = doc.warnings[0];
    const pos = w.linePos?.[0] ? `line ${w.linePos[0].line}, column ${w.linePos[0].col}: ` : '';
    return fileProblem(`${pos}${firstLine(w.message).replace(/ at line \d+, column \d+$/, '')}`, 'write plain YAML values (no custom tags or directives)');
  }
  const nodeProblem = checkYamlNodes(doc, text);
  if (nodeProblem) return { problem: nodeProblem };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    if (err instanceof ReferenceError && /excessive alias count/i.test(err.message)) {
      return fileProblem(
        `expands YAML aliases (*name) more than ${MAX_ALIAS_COUNT} times; nested aliases multiply (a "billion laughs" document)`,
        'write the values out, or alias only a few whole values',
      );
    }
    if (err instanceof RangeError) return fileProblem('nests too deeply to read', 'a flat mapping as in clusters/example.yaml.sample');
    return fileProblem(`cannot be read as YAML: ${firstLine(String((err as Error)?.message ?? err))}`, 'define each &anchor before its *alias, or write the value out');
  }
  const dataProblem = checkPlainData(value);
  return dataProblem ? { problem: dataProblem } : { value };
}

// ---- JSON ------------------------------------------------------------------------------------

function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  return `line ${before.split('\n').length}, column ${offset - before.lastIndexOf('\n')}`;
}

/**
 * The first key that occurs twice in one object of valid JSON text (JSON.parse keeps the last),
 * with the path of that object. Iterative: a single pass over the tokens.
 */
export function findDuplicateJsonKey(text: string): { path: IssuePath; key: string; offset: number } | undefined {
  type Frame = { kind: 'object'; path: IssuePath; keys: Set<string>; key?: string; expectKey: boolean } | { kind: 'array'; path: IssuePath; index: number };
  const stack: Frame[] = [];
  const childPath = (): IssuePath => {
    const top = stack[stack.length - 1];
    if (!top) return [];
    return top.kind === 'object' ? [...top.path, top.key ?? ''] : [...top.path, top.index];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const top = stack[stack.length - 1];
      if (top?.kind === 'object' && top.expectKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.keys.has(key)) return { path: top.path, key, offset: i };
        top.keys.add(key);
        top.key = key;
        top.expectKey = false;
      }
      i = j;
    } else if ((c === '{' || c === '[') && stack.length >= MAX_DEPTH) {
      // Too deep to be a definition: checkPlainData reports the depth.
      return undefined;
    } else if (c === '{') {
      stack.push({ kind: 'object', path: childPath(), keys: new Set(), expectKey: true });
    } else if (c === '[') {
      stack.push({ kind: 'array', path: childPath(), index: 0 });
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top?.kind === 'object') top.expectKey = true;
      else if (top) top.index++;
    }
  }
  return undefined;
}

/** The data of a JSON definition, or the first problem. */
export function parseJsonData(text: string): DataResult {
  if (!text.trim()) return fileProblem('is empty', '{"name": "prod", ...} (see clusters/example.yaml.sample)');
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (err) {
    const message = firstLine(String((err as Error)?.message ?? err));
    const pos = /at position (\d+)/.exec(message);
    const place = pos ? `${lineColumn(text, Number(pos[1]))}: ` : '';
    return fileProblem(`is not valid JSON: ${place}${message.replace(/ in JSON at position \d+.*$/, '')}`, '{"name": "prod", ...} (double-quoted keys, no trailing commas or comments)');
  }
  const dup = findDuplicateJsonKey(text);
  if (dup) {
    return at([...dup.path, dup.key], `appears twice in the same object (${lineColumn(text, dup.offset)}); JSON keeps only the last one, silently`, 'keep one entry per key');
  }
  const problem = checkPlainData(value);
  return problem ? { problem } : { value };
}
