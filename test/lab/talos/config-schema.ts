/**
 * The Talos v1.13.9 machine config JSON schema (shared fixture), compiled with ajv (draft
 * 2020-12). Each document of a multi-document config is checked against the definition for its
 * kind, which gives precise error paths instead of one huge oneOf failure.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv2020, { type ValidateFunction, type ErrorObject } from 'ajv/dist/2020';

/** Pinned upstream file (see ../shared/fixtures/talos/SOURCE.txt). */
const SCHEMA_COMMIT = '3ebd10a7c1bd0f81742bdcd0c3fe56d727db7401';
const SCHEMA_URL = `https://raw.githubusercontent.com/siderolabs/talos/${SCHEMA_COMMIT}/pkg/machinery/config/schemas/config.schema.json`;

function repoRoot(): string {
  return path.resolve(__dirname, '..', '..', '..');
}

function cacheDir(): string {
  return process.env.PTC_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'proxmox-talos-capi');
}

/** Where the schema is: the shared fixture beside the repo, else the download cache. */
export function talosSchemaPath(): string {
  const shared = path.join(repoRoot(), '..', 'shared', 'fixtures', 'talos', 'config.schema.json');
  if (fs.existsSync(shared)) return shared;
  return path.join(cacheDir(), 'fixtures', 'talos', SCHEMA_COMMIT, 'config.schema.json');
}

/** Ensures the schema is on disk (downloads the pinned file into the cache when the shared fixture is absent). */
export async function ensureTalosSchema(): Promise<string> {
  const file = talosSchemaPath();
  if (fs.existsSync(file)) return file;
  const res = await fetch(SCHEMA_URL);
  if (!res.ok) throw new Error(`Talos config schema not found at ${file} and download from ${SCHEMA_URL} failed: HTTP ${res.status}`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, await res.text());
  return file;
}

interface SchemaDefinition {
  properties?: { kind?: { enum?: string[] } };
}

export interface DocumentSchemaCheck {
  /** `v1alpha1` or the document kind. */
  readonly kind: string;
  readonly errors: readonly string[];
}

export class TalosConfigSchema {
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly kindToDef = new Map<string, string>();
  private readonly ajv: Ajv2020;

  constructor(schema: { $defs: Record<string, SchemaDefinition> }) {
    // strict off: the schema carries editor keywords (markdownDescription, x-intellij-...).
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
    this.ajv.addSchema(schema as object, 'talos');
    for (const [name, def] of Object.entries(schema.$defs)) {
      for (const kind of def.properties?.kind?.enum ?? []) this.kindToDef.set(kind, name);
    }
  }

  static load(file = talosSchemaPath()): TalosConfigSchema {
    if (!fs.existsSync(file)) throw new Error(`Talos config schema missing at ${file}: run ensureTalosSchema() first`);
    return new TalosConfigSchema(JSON.parse(fs.readFileSync(file, 'utf8')));
  }

  knowsKind(kind: string): boolean {
    return this.kindToDef.has(kind);
  }

  private validator(defName: string): ValidateFunction {
    let v = this.validators.get(defName);
    if (!v) {
      const found = this.ajv.getSchema(`talos#/$defs/${defName}`);
      if (!found) throw new Error(`schema has no definition ${defName}`);
      v = found;
      this.validators.set(defName, v);
    }
    return v;
  }

  /** Validates one parsed document; `v1alpha1` docs are recognised by `version: v1alpha1`. */
  check(doc: Record<string, unknown>): DocumentSchemaCheck {
    const isV1alpha1 = doc.version !== undefined && doc.kind === undefined;
    const kind = isV1alpha1 ? 'v1alpha1' : String(doc.kind ?? '');
    if (!isV1alpha1) {
      if (!doc.kind) return { kind, errors: ['document has neither "version: v1alpha1" nor "kind"'] };
      if (!this.kindToDef.has(kind)) return { kind, errors: [`unknown document kind "${kind}"`] };
    }
    const defName = isV1alpha1 ? 'v1alpha1.Config' : (this.kindToDef.get(kind) as string);
    const validate = this.validator(defName);
    if (validate(doc)) return { kind, errors: [] };
    return { kind, errors: (validate.errors ?? []).map(formatAjvError) };
  }
}

function formatAjvError(e: ErrorObject): string {
  const where = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : '(document)';
  if (e.keyword === 'additionalProperties') return `${where}: unknown field "${String((e.params as { additionalProperty: string }).additionalProperty)}"`;
  if (e.keyword === 'enum') return `${where}: must be one of ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}`;
  return `${where}: ${e.message ?? e.keyword}`;
}

let shared: TalosConfigSchema | undefined;

/** One compiled schema per process (compilation takes a moment). */
export function sharedTalosConfigSchema(): TalosConfigSchema {
  shared ??= TalosConfigSchema.load();
  return shared;
}
