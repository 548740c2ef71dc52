import type * as YamlLib from 'yaml';
import { yamlLib } from '../../../kernel/lazy';

type YamlNode = YamlLib.Node;
type LineCounter = YamlLib.LineCounter;

/**
 * Multi-document YAML parsed into an untyped tree that keeps what typed decoding needs: the scalar
 * text as written, whether it was quoted, and the source line (for error messages).
 */
export type RawNode =
  | { readonly kind: 'map'; readonly entries: readonly RawEntry[]; readonly line: number }
  | { readonly kind: 'seq'; readonly items: readonly RawNode[]; readonly line: number }
  | { readonly kind: 'scalar'; readonly text: string; readonly plain: boolean; readonly line: number };

export interface RawEntry {
  readonly key: string;
  readonly value: RawNode;
  readonly line: number;
}

export class YamlSyntaxError extends Error {}

/** Parses every document; empty and null documents are dropped (as Talos does). */
export function parseYamlDocuments(text: string): RawNode[] {
  const lineCounter = new (yamlLib().LineCounter)();
  const docs = yamlLib().parseAllDocuments(text, { schema: 'failsafe', uniqueKeys: true, lineCounter, prettyErrors: false });
  if (!Array.isArray(docs)) throw new YamlSyntaxError('expected YAML documents');
  const out: RawNode[] = [];
  for (const doc of docs) {
    const error = doc.errors[0];
    if (error) {
      const pos = lineCounter.linePos(error.pos[0]);
      throw new YamlSyntaxError(`yaml: line ${pos.line}: ${error.message.split('\n')[0]}`);
    }
    if (doc.contents === null) continue;
    const root = convert(doc.contents as YamlNode, lineCounter, 0);
    if (root.kind === 'scalar' && root.plain && (root.text === '' || root.text === '~' || /^null$/i.test(root.text))) continue;
    out.push(root);
  }
  return out;
}

function lineOf(node: YamlNode, lineCounter: LineCounter): number {
  return node.range ? lineCounter.linePos(node.range[0]).line : 0;
}

function convert(node: YamlNode | null, lineCounter: LineCounter, depth: number): RawNode {
  if (depth > 200) throw new YamlSyntaxError('yaml: document nested too deeply');
  if (node === null || node === undefined) return { kind: 'scalar', text: '', plain: true, line: 0 };
  const line = lineOf(node, lineCounter);
  if (yamlLib().isAlias(node)) throw new YamlSyntaxError(`yaml: line ${line}: aliases are not supported in machine configuration`);
  if (yamlLib().isMap(node)) {
    const entries: RawEntry[] = [];
    for (const pair of node.items) {
      const keyNode = pair.key as YamlNode | null;
      if (keyNode !== null && !yamlLib().isScalar(keyNode)) throw new YamlSyntaxError(`yaml: line ${line}: mapping keys must be scalars`);
      const key = keyNode === null ? '' : String(keyNode.value);
      entries.push({ key, value: convert(pair.value as YamlNode | null, lineCounter, depth + 1), line: keyNode ? lineOf(keyNode, lineCounter) : line });
    }
    return { kind: 'map', entries, line };
  }
  if (yamlLib().isSeq(node)) return { kind: 'seq', items: node.items.map((item) => convert(item as YamlNode | null, lineCounter, depth + 1)), line };
  if (yamlLib().isScalar(node)) {
    const explicitString = node.tag === 'tag:yaml.org,2002:str' || node.tag === '!!str';
    const plain = node.type === 'PLAIN' && !explicitString;
    return { kind: 'scalar', text: node.value === null || node.value === undefined ? '' : String(node.value), plain, line };
  }
  throw new YamlSyntaxError(`yaml: line ${line}: unsupported node`);
}
