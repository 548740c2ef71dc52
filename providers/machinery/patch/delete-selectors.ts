import { isConfigObject, V1ALPHA1, type ConfigDocument, type ConfigObject, type ConfigValue } from '../config/document';
import { documentSpec, visibleFields, type TypeSpec } from '../config/types/type-spec';
import type { RawEntry, RawNode } from '../config/yaml/parse';

/**
 * `$patch: delete` in strategic merge patches, with Talos' rules:
 * - `key: {$patch: delete}` removes `key` (not below a list element);
 * - a list element `{$patch: delete, field: value}` removes the element whose `field` equals `value`;
 * - `$patch: delete` at a document's top level (with apiVersion/kind, and name for named kinds)
 *   removes that whole document; the v1alpha1 document cannot be removed.
 */
export interface DeleteSelector {
  readonly path: readonly string[];
  readonly apiVersion: string;
  readonly kind: string;
  readonly name?: string;
  /** For list elements: the field and value that select the element. */
  readonly key?: string;
  readonly value?: string;
}

export class PatchDeleteError extends Error {}

type MutableNode = { kind: 'map'; entries: RawEntry[]; line: number } | { kind: 'seq'; items: RawNode[]; line: number } | { kind: 'scalar'; text: string; plain: boolean; line: number };

function copy(node: RawNode): MutableNode {
  if (node.kind === 'map') return { kind: 'map', entries: node.entries.map((e) => ({ ...e, value: copy(e.value) })), line: node.line };
  if (node.kind === 'seq') return { kind: 'seq', items: node.items.map((i) => copy(i)), line: node.line };
  return { ...node };
}

function isDeleteMarker(entry: RawEntry): boolean {
  return entry.key === '$patch' && entry.value.kind === 'scalar' && entry.value.text === 'delete';
}

function rootValue(root: MutableNode, key: string, required: boolean): string {
  if (root.kind === 'map') {
    const v = root.entries.find((e) => e.key === key)?.value;
    if (v && v.kind === 'scalar') return v.text;
  }
  if (required) throw new PatchDeleteError(`missing ${key} in document for which $patch: delete is used`);
  return '';
}

/**
 * Removes the delete markers from a patch document; returns the selectors (in document order)
 * and what is left of the document (undefined when nothing but identification remains).
 */
export function extractDeletes(doc: RawNode): { selectors: DeleteSelector[]; remaining: RawNode | undefined } {
  const root = copy(doc);
  const selectors: DeleteSelector[] = [];

  const selector = (path: string[], key?: string, value?: string): DeleteSelector => {
    const required = path.length === 0;
    const apiVersion = rootValue(root, 'apiVersion', required);
    let kind = rootValue(root, 'kind', required);
    if (!kind && !apiVersion) kind = V1ALPHA1;
    else if (!kind || !apiVersion) throw new PatchDeleteError(`kind and apiVersion must be both set for path ${path.join('.')}`);
    const name = rootValue(root, 'name', false);
    return { path, apiVersion, kind, ...(name ? { name } : {}), ...(key !== undefined ? { key, value } : {}) };
  };

  // Returns true when the node itself is to be removed from its parent.
  const walk = (node: MutableNode, path: string[], parentIsSeq: boolean): boolean => {
    if (node.kind === 'map') {
      const marker = node.entries.find(isDeleteMarker);
      if (marker) {
        if (parentIsSeq) {
          const first = node.entries.find((e) => !isDeleteMarker(e));
          if (!first || first.value.kind !== 'scalar') throw new PatchDeleteError(`no key:val found in sequence node for path ${path.join('.')}`);
          selectors.push(selector(path, first.key, first.value.text));
        } else {
          const inList = path.find((p) => p.startsWith('['));
          if (inList) throw new PatchDeleteError(`cannot delete an inner key in '${path.join('.')}'`);
          selectors.push(selector(path));
        }
        return true;
      }
      for (let i = 0; i < node.entries.length; i++) {
        const entry = node.entries[i];
        if (walk(entry.value as MutableNode, [...path, entry.key], false)) {
          node.entries.splice(i, 1);
          i--;
          if (node.entries.length === 0) return true;
        }
      }
      return false;
    }
    if (node.kind === 'seq') {
      for (let i = 0; i < node.items.length; i++) {
        if (walk(node.items[i] as MutableNode, [...path, `[${i}]`], true)) {
          node.items.splice(i, 1);
          i--;
          if (node.items.length === 0) return true;
        }
      }
    }
    return false;
  };

  const removeAll = walk(root, [], false);
  if (removeAll || isIdentificationOnly(root)) return { selectors, remaining: undefined };
  return { selectors, remaining: root };
}

function isIdentificationOnly(root: MutableNode): boolean {
  if (root.kind !== 'map') return false;
  return root.entries.every((e) => e.value.kind === 'scalar' && (e.key === 'version' || e.key === 'kind' || e.key === 'name'));
}

export function selectorLabel(sel: DeleteSelector): string {
  return `${sel.kind}${sel.name ? `/${sel.name}` : ''}`;
}

export const DOCUMENT_REMOVED = Symbol('document removed');

/**
 * Applies a selector to its (matching) document: returns the new document, or DOCUMENT_REMOVED.
 * Errors use Talos' wording ("patch delete: path 'x' in document '/v1alpha1': ... lookup failed").
 */
export function applyDeleteSelector(doc: ConfigDocument, sel: DeleteSelector): ConfigDocument | typeof DOCUMENT_REMOVED {
  const where = `document '${sel.apiVersion}/${sel.kind}'`;
  const prefix = sel.name ? `named patch delete: document ${sel.apiVersion}/${sel.kind}: ` : `patch delete: path '${sel.path.join('.')}' in ${where}: `;
  if (sel.path.length === 0) {
    if (sel.kind === V1ALPHA1) throw new PatchDeleteError(`${prefix}can't delete the root of the legacy document`);
    return DOCUMENT_REMOVED;
  }
  const spec = documentSpec(sel.kind);
  if (!spec) throw new PatchDeleteError(`${prefix}unknown document kind ${sel.kind}`);
  const out = structuredClone(doc) as ConfigObject;
  if (!deleteAt(out, spec, sel.path, sel.key, sel.value)) {
    throw new PatchDeleteError(`${prefix}failed to delete path '${sel.path.join('.')}': lookup failed`);
  }
  return out;
}

/** Deletes along `path` inside a value of type `spec`; false when the path does not exist. */
function deleteAt(container: ConfigValue, spec: TypeSpec, path: readonly string[], key?: string, value?: string): boolean {
  const [head, ...rest] = path;
  switch (spec.kind) {
    case 'struct': {
      if (!isConfigObject(container)) return false;
      const field = visibleFields(spec).find((f) => f.name === head);
      if (!field) return false;
      if (rest.length === 0) {
        // Talos zeroes a struct field whether or not it was set.
        delete container[head];
        return true;
      }
      if (container[head] === undefined) {
        // A nil pointer stops the lookup; a zero (non-pointer) struct is walked into.
        if (field.pointer || field.type.kind !== 'struct') return false;
        container[head] = {};
      }
      return deleteAt(container[head], field.type, rest, key, value);
    }
    case 'map':
    case 'args':
    case 'any': {
      if (!isConfigObject(container) || !(head in container)) return false;
      if (rest.length === 0) {
        delete container[head];
        return true;
      }
      const inner: TypeSpec = spec.kind === 'map' ? spec.value : { kind: 'any' };
      return deleteAt(container[head], inner, rest, key, value);
    }
    case 'list': {
      if (!Array.isArray(container)) return false;
      if (rest.length !== 0) throw new PatchDeleteError('searching for complex paths in slices is not supported');
      if (!head.startsWith('[')) throw new PatchDeleteError('searching for non-integer keys in slices is not supported');
      const item = spec.item;
      if (item.kind !== 'struct' || key === undefined) return false;
      const field = visibleFields(item).find((f) => f.name === key);
      // Only string fields compare equal to the selector's text (Go compares their string form).
      if (!field || field.pointer || field.type.kind !== 'scalar' || field.type.scalar !== 'string') return false;
      const index = container.findIndex((el) => isConfigObject(el) && (el[key] ?? '') === value);
      if (index < 0) return false;
      container.splice(index, 1);
      return true;
    }
    default:
      return false;
  }
}
