import { decodeAny, decodeDocument, encodeDocument } from '../config/codec';
import { cloneDocuments, documentId, documentKind, isConfigObject, type ConfigDocument, type ConfigValue } from '../config/document';
import { validateDocumentSet } from '../config/document-set';
import { documentSpec } from '../config/types/type-spec';
import { parseYamlDocuments, type RawNode } from '../config/yaml/parse';
import { applyDeleteSelector, DOCUMENT_REMOVED, selectorLabel } from './delete-selectors';
import { applyJsonPatch } from './json6902';
import { loadPatches, type ConfigPatch } from './load-patch';
import { mergeStruct } from './merge';

export class PatchApplyError extends Error {
  constructor(
    readonly patchName: string,
    message: string,
  ) {
    super(`patch ${patchName}: ${message}`);
  }
}

export const JSON6902_MULTIDOC_MESSAGE = 'JSON6902 patches are not supported for multi-document machine configuration';

function strategicMerge(docs: ConfigDocument[], patch: ConfigPatch & { type: 'strategic' }): ConfigDocument[] {
  let left = cloneDocuments(docs);
  for (const step of patch.steps) {
    if ('delete' in step) {
      const sel = step.delete;
      const id = `${sel.apiVersion}/${sel.kind}${sel.name ? `/${sel.name}` : ''}`;
      const index = left.findIndex((d) => documentId(d) === id);
      if (index < 0) throw new PatchApplyError(patch.name, `patch delete: document ${selectorLabel(sel)} is not in the configuration`);
      try {
        const result = applyDeleteSelector(left[index], sel);
        if (result === DOCUMENT_REMOVED) left = left.filter((_, i) => i !== index);
        else left[index] = result;
      } catch (err) {
        throw new PatchApplyError(patch.name, (err as Error).message);
      }
      continue;
    }
    const doc = step.merge;
    const index = left.findIndex((d) => documentId(d) === documentId(doc));
    if (index < 0) {
      left.push(doc);
      continue;
    }
    const kind = documentKind(doc);
    const spec = documentSpec(kind);
    if (!spec) throw new PatchApplyError(patch.name, `unknown document type ${kind}`);
    try {
      left[index] = mergeStruct(left[index], doc, spec, kind === 'v1alpha1' ? '' : kind);
    } catch (err) {
      throw new PatchApplyError(patch.name, (err as Error).message);
    }
  }
  try {
    validateDocumentSet(left);
  } catch (err) {
    throw new PatchApplyError(patch.name, (err as Error).message);
  }
  return left;
}

/** A JSON value as YAML nodes: strings stay strings (quoted), other scalars keep their type. */
function jsonToRaw(value: ConfigValue, line = 0): RawNode {
  if (Array.isArray(value)) return { kind: 'seq', items: value.map((v) => jsonToRaw(v, line)), line };
  if (isConfigObject(value)) {
    return { kind: 'map', entries: Object.entries(value).map(([key, v]) => ({ key, value: jsonToRaw(v, line), line })), line };
  }
  if (typeof value === 'string') return { kind: 'scalar', text: value, plain: false, line };
  return { kind: 'scalar', text: value === null ? 'null' : String(value), plain: true, line };
}

function json6902(docs: ConfigDocument[], patch: ConfigPatch & { type: 'json6902' }): ConfigDocument[] {
  if (docs.length !== 1) throw new PatchApplyError(patch.name, JSON6902_MULTIDOC_MESSAGE);
  // JSON patches address the serialised config (zero-valued fields included), as in Talos.
  const [raw] = parseYamlDocuments(encodeDocument(docs[0]));
  let patched: ConfigValue;
  try {
    patched = applyJsonPatch(decodeAny(raw), patch.operations);
  } catch (err) {
    throw new PatchApplyError(patch.name, `failure applying rfc6902 patches to talos machine config: ${(err as Error).message}`);
  }
  try {
    return [decodeDocument(jsonToRaw(patched))];
  } catch (err) {
    throw new PatchApplyError(patch.name, (err as Error).message);
  }
}

/** Applies patches in order, as `talosctl` and `talosctl gen config --config-patch` do. Input documents are not modified. */
export function applyPatches(docs: readonly ConfigDocument[], patches: readonly ConfigPatch[]): ConfigDocument[] {
  let current = cloneDocuments(docs);
  for (const patch of patches) {
    current = patch.type === 'strategic' ? strategicMerge(current, patch) : json6902(current, patch);
  }
  return current;
}

/** Convenience: patches given as text or `@file`, as on the talosctl command line. */
export function applyPatchStrings(docs: readonly ConfigDocument[], patches: readonly string[]): ConfigDocument[] {
  return applyPatches(docs, loadPatches(patches));
}
