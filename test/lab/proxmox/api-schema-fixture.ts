/**
 * The pinned PVE API schema (pve-docs api-viewer, see ../shared/fixtures/proxmox/SOURCE.txt):
 * read from the shared fixtures beside the repository, else from a local cache filled by one
 * download of the same pinned apidata.js (converted to JSON; never committed).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const PVE_DOCS_COMMIT = 'e5010dcea566a205770572cfbc5fe0af220d5077';
const APIDATA_URL = `https://raw.githubusercontent.com/proxmox/pve-docs/${PVE_DOCS_COMMIT}/api-viewer/apidata.js`;

export interface SchemaProperty {
  readonly type?: string;
  readonly optional?: number;
  readonly enum?: readonly string[] | null;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly format?: string | Readonly<Record<string, SchemaProperty>>;
  readonly alias?: string;
  readonly default_key?: number;
}

export interface SchemaMethod {
  readonly allowtoken?: number;
  readonly protected?: number;
  readonly parameters?: { readonly properties?: Readonly<Record<string, SchemaProperty>>; readonly additionalProperties?: number };
  readonly returns?: { readonly type?: string };
}

export interface SchemaNode {
  readonly path: string;
  readonly info?: Readonly<Record<string, SchemaMethod>>;
  readonly children?: readonly SchemaNode[];
}

function repoRoot(): string {
  return resolve(__dirname, '..', '..', '..');
}

function cachedPath(): string {
  const base = process.env.PTC_CACHE_DIR ?? join(homedir(), '.cache', 'proxmox-talos-capi');
  return join(base, 'fixtures', 'proxmox', PVE_DOCS_COMMIT, 'api-schema.json');
}

/** Extracts the JSON array assigned in apidata.js (`const apiSchema = [ … ];`), aware of strings. */
export function extractSchemaArray(js: string): string {
  const start = js.indexOf('[', js.indexOf('='));
  if (start < 0) throw new Error('apidata.js: no array literal found');
  let depth = 0;
  let inString = false;
  for (let i = start; i < js.length; i++) {
    const c = js[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return js.slice(start, i + 1);
  }
  throw new Error('apidata.js: unterminated array literal');
}

export async function loadApiSchema(): Promise<readonly SchemaNode[]> {
  const shared = join(repoRoot(), '..', 'shared', 'fixtures', 'proxmox', 'api-schema.json');
  if (existsSync(shared)) return JSON.parse(readFileSync(shared, 'utf8')) as SchemaNode[];
  const cached = cachedPath();
  if (!existsSync(cached)) {
    const res = await fetch(APIDATA_URL);
    if (!res.ok) throw new Error(`PVE API schema not found at ${shared} and download from ${APIDATA_URL} failed: HTTP ${res.status}`);
    mkdirSync(dirname(cached), { recursive: true });
    writeFileSync(cached, extractSchemaArray(await res.text()));
  }
  return JSON.parse(readFileSync(cached, 'utf8')) as SchemaNode[];
}

/** Flattens the tree into `path -> node`. */
export function schemaIndex(roots: readonly SchemaNode[]): Map<string, SchemaNode> {
  const out = new Map<string, SchemaNode>();
  const walk = (n: SchemaNode): void => {
    out.set(n.path, n);
    for (const c of n.children ?? []) walk(c);
  };
  roots.forEach(walk);
  return out;
}
