/** Stable SHA-256 digests for provider schemas and generated source trees. */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** JSON with object keys sorted at every level, so equal documents hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const sorted: Record<string, unknown> = {};
      for (const k of Object.keys(v as Record<string, unknown>).sort()) sorted[k] = (v as Record<string, unknown>)[k];
      return sorted;
    }
    return v;
  });
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Digest of the schema proper (`format_version` + `provider_schemas`), i.e. of what
 * `terraform providers schema -json` prints. `provider_versions` is added by readers such as
 * `cdktf get` and is left out so both forms of one schema hash the same.
 */
export function schemaSha256(doc: { format_version?: unknown; provider_schemas?: unknown }): string {
  return sha256Hex(canonicalJson({ format_version: doc.format_version, provider_schemas: doc.provider_schemas }));
}

export interface TreeDigest {
  sha256: string;
  /** Relative POSIX paths, sorted. */
  files: string[];
}

/** Lists regular files under `dir` (relative POSIX paths, sorted), skipping `exclude` names at the top level. */
export async function listTree(dir: string, exclude: readonly string[] = []): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    const entries = await fs.readdir(path.join(dir, rel), { withFileTypes: true });
    for (const e of entries) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (!rel && exclude.includes(e.name)) continue;
      if (e.isDirectory()) await walk(child);
      else if (e.isFile()) out.push(child);
      else throw new Error(`${path.join(dir, child)}: generated trees hold only files and directories`);
    }
  };
  await walk('');
  return out.sort();
}

/** Digest over every file's path and content: any added, removed, renamed or edited file changes it. */
export async function treeSha256(dir: string, exclude: readonly string[] = []): Promise<TreeDigest> {
  const files = await listTree(dir, exclude);
  const hash = createHash('sha256');
  for (const rel of files) {
    hash.update(`${rel}\0${sha256Hex(await fs.readFile(path.join(dir, rel)))}\n`);
  }
  return { sha256: hash.digest('hex'), files };
}
