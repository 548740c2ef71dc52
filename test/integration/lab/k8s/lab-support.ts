/** Shared bits of the lab Kubernetes integration tests. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { LabCluster } from '../../../lab/k8s';

/** A cold build of the lab binaries (first run on a fresh machine) may take this long. */
export const BUILD_TIMEOUT_MS = 60 * 60_000;
export const START_TIMEOUT_MS = 240_000;

const REPO_ROOT = resolve(__dirname, '../../../..');

/** ../shared/fixtures/crds beside the repository (see the fixtures README). */
export function crdFixtureDir(): string {
  const dir = join(REPO_ROOT, '..', 'shared', 'fixtures', 'crds');
  if (!existsSync(dir)) throw new Error(`CRD fixtures not found at ${dir}; they are expected at ../shared/fixtures/crds beside the repository`);
  return dir;
}

export interface CrdFixture {
  readonly file: string;
  readonly name: string;
}

/** Every CustomResourceDefinition document under the fixture directory. */
export function listCrdFixtures(dir = crdFixtureDir()): CrdFixture[] {
  const out: CrdFixture[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.ya?ml$/.test(entry.name)) {
        for (const doc of parseAllDocuments(readFileSync(path, 'utf8'))) {
          const obj = doc.toJS() as { kind?: string; metadata?: { name?: string } } | null;
          if (obj?.kind === 'CustomResourceDefinition' && obj.metadata?.name) out.push({ file: path, name: obj.metadata.name });
        }
      }
    }
  };
  walk(dir);
  return out;
}

export function makeBaseDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `ptc-lab-${prefix}-`));
}

export function removeBaseDir(dir: string | undefined): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/** Runs `fn`; on failure appends where each component's log is, so the failure can be diagnosed. */
export async function withLogs<T>(cluster: LabCluster, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    (err as Error).message += `\n--- lab cluster ${cluster.name} ---\n${cluster.describe()}`;
    throw err;
  }
}

/** True while a process with this pid exists. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
