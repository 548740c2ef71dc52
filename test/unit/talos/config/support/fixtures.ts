import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseSecretsYaml, type SecretsBundle } from '../../../../../providers/machinery/secrets';

export const REPO_ROOT = resolve(__dirname, '../../../../..');
export const GOLDEN_DIR = resolve(__dirname, '../golden');

/** The test-only secrets bundle the golden files are generated from. */
export function loadTestSecrets(): SecretsBundle {
  return parseSecretsYaml(readFileSync(join(GOLDEN_DIR, 'secrets.yaml'), 'utf8'));
}

// Talos v1.13.9's machine-config JSON schema, pinned by commit (see shared/fixtures/talos/SOURCE.txt).
const SCHEMA_COMMIT = '3ebd10a7c1bd0f81742bdcd0c3fe56d727db7401';
const SCHEMA_PATH = 'pkg/machinery/config/schemas/config.schema.json';

/**
 * The pinned upstream schema: from ../shared/fixtures beside the repository when present, else
 * from a local cache filled by one download of the same pinned file (never committed).
 */
export async function loadTalosConfigSchema(): Promise<Record<string, unknown>> {
  const shared = resolve(REPO_ROOT, '../shared/fixtures/talos/config.schema.json');
  if (existsSync(shared)) return JSON.parse(readFileSync(shared, 'utf8')) as Record<string, unknown>;
  const cacheDir = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'proxmox-talos-capi', 'fixtures', 'talos', SCHEMA_COMMIT);
  const cached = join(cacheDir, 'config.schema.json');
  if (!existsSync(cached)) {
    const url = `https://raw.githubusercontent.com/siderolabs/talos/${SCHEMA_COMMIT}/${SCHEMA_PATH}`;
    const res = await fetch(url);
    if (!res.ok) throw new Error(`cannot fetch the Talos config schema (${res.status}) from ${url}; place it at ${shared}`);
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(cached, await res.text());
  }
  return JSON.parse(readFileSync(cached, 'utf8')) as Record<string, unknown>;
}
