/**
 * The in-memory form of a Talos machine configuration: a list of documents, each a plain object
 * whose keys are the YAML field names. The legacy main document has `version: v1alpha1` and no
 * apiVersion/kind; every other document has `apiVersion` and `kind` (and `name` for named kinds).
 * A field that is absent means "Go zero value"; see codec.ts for how that maps to YAML.
 */
export type ConfigScalar = string | number | boolean | null;
export type ConfigValue = ConfigScalar | ConfigValue[] | ConfigObject;
export interface ConfigObject {
  [key: string]: ConfigValue;
}

export type ConfigDocument = ConfigObject;

export const V1ALPHA1 = 'v1alpha1';

/** The document's kind; `v1alpha1` for the legacy main document. */
export function documentKind(doc: ConfigDocument): string {
  return typeof doc.kind === 'string' && doc.kind !== '' ? doc.kind : V1ALPHA1;
}

export function documentApiVersion(doc: ConfigDocument): string {
  return typeof doc.apiVersion === 'string' ? doc.apiVersion : '';
}

export function documentName(doc: ConfigDocument): string | undefined {
  if (documentKind(doc) === V1ALPHA1) return undefined;
  return typeof doc.name === 'string' ? doc.name : undefined;
}

/** Talos' document identity: apiVersion/kind(/name). */
export function documentId(doc: ConfigDocument): string {
  const name = documentName(doc);
  return `${documentApiVersion(doc)}/${documentKind(doc)}${name === undefined ? '' : `/${name}`}`;
}

/** A readable label for messages, e.g. `v1alpha1` or `Layer2VIPConfig/10.0.0.10`. */
export function documentLabel(doc: ConfigDocument): string {
  const name = documentName(doc);
  return `${documentKind(doc)}${name === undefined ? '' : `/${name}`}`;
}

export function findDocument(docs: readonly ConfigDocument[], kind: string, name?: string): ConfigDocument | undefined {
  return docs.find((d) => documentKind(d) === kind && (name === undefined || documentName(d) === name));
}

export function isConfigObject(value: ConfigValue | undefined): value is ConfigObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep copy (documents are plain data). */
export function cloneValue<T extends ConfigValue>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => cloneValue(v)) as T;
  if (isConfigObject(value)) {
    const out: ConfigObject = {};
    for (const [k, v] of Object.entries(value)) out[k] = cloneValue(v);
    return out as T;
  }
  return value;
}

export function cloneDocuments(docs: readonly ConfigDocument[]): ConfigDocument[] {
  return docs.map((d) => cloneValue(d));
}
