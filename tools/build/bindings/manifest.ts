/**
 * `bindings.json`, committed beside generated bindings: which provider, version and schema they
 * came from, which generator made them, and a digest of the files, so drift is detectable
 * without committing the (upstream) schema.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { EntitySelection } from './schema-document';

export const MANIFEST_FILE = 'bindings.json';

export interface BindingsManifest {
  /** Source as written in `required_providers` (`bpg/proxmox`). */
  source: string;
  /** Fully qualified provider name (`registry.terraform.io/bpg/proxmox`). */
  fqpn: string;
  /** Exact provider version the schema was read from, and pinned in `required_providers`. */
  version: string;
  /** sha256 of the canonical `terraform providers schema -json` document (see digest.ts). */
  schemaSha256: string;
  generator: { package: string; version: string };
  /** The deliberate entity filter, or null when every resource and data source was generated. */
  include: EntitySelection | null;
  /** Number of generated files (the manifest excluded). */
  files: number;
  /** sha256 over the generated files' paths and contents (see treeSha256). */
  filesSha256: string;
}

const HEX64 = /^[0-9a-f]{64}$/;

function fail(file: string, field: string, want: string): never {
  throw new Error(`${file}: field "${field}" must be ${want}; regenerate the bindings`);
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

export function parseBindingsManifest(json: unknown, file = MANIFEST_FILE): BindingsManifest {
  if (typeof json !== 'object' || json === null) fail(file, '(root)', 'an object');
  const m = json as Record<string, unknown>;
  for (const key of ['source', 'fqpn', 'version'] as const) {
    if (typeof m[key] !== 'string' || m[key] === '') fail(file, key, 'a non-empty string');
  }
  for (const key of ['schemaSha256', 'filesSha256'] as const) {
    if (typeof m[key] !== 'string' || !HEX64.test(m[key] as string)) fail(file, key, 'a lowercase sha256 hex digest');
  }
  const g = m.generator as Record<string, unknown> | undefined;
  if (!g || typeof g.package !== 'string' || typeof g.version !== 'string') fail(file, 'generator', '{ package, version } strings');
  const inc = m.include as Record<string, unknown> | null | undefined;
  if (inc !== null && (!inc || !isStringArray(inc.resources) || !isStringArray(inc.dataSources))) {
    fail(file, 'include', 'null or { resources: string[], dataSources: string[] }');
  }
  if (typeof m.files !== 'number' || !Number.isInteger(m.files) || m.files < 1) fail(file, 'files', 'a positive integer');
  return json as BindingsManifest;
}

export async function readBindingsManifest(bindingsDir: string): Promise<BindingsManifest> {
  const file = path.join(bindingsDir, MANIFEST_FILE);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    throw new Error(`${file}: missing; generate the bindings first`);
  }
  return parseBindingsManifest(JSON.parse(text), file);
}

/** Stable key order and a trailing newline, so regenerating identical bindings leaves git clean. */
export function serializeManifest(m: BindingsManifest): string {
  const ordered: BindingsManifest = {
    source: m.source,
    fqpn: m.fqpn,
    version: m.version,
    schemaSha256: m.schemaSha256,
    generator: { package: m.generator.package, version: m.generator.version },
    include: m.include ? { resources: [...m.include.resources], dataSources: [...m.include.dataSources] } : null,
    files: m.files,
    filesSha256: m.filesSha256,
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}
