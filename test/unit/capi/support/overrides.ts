/** Scratch overrides directories: copies of the pinned components, with extra "releases" for tests. */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { componentsFixtureDir } from './fixtures';

export interface ScratchOverrides {
  readonly dir: string;
  /** Copies `label/from` to `label/to`, optionally rewriting the components text. */
  addRelease(label: string, from: string, to: string, file: string, edit?: (text: string) => string): void;
  write(label: string, version: string, file: string, text: string): void;
  read(label: string, version: string, file: string): string;
  remove(): void;
}

/** `from`: the overrides directory to copy (default the shared fixtures' releases). */
export async function scratchOverrides(prefix = 'ptc-capi-overrides', from?: string): Promise<ScratchOverrides> {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  cpSync(from ?? (await componentsFixtureDir()), dir, { recursive: true });
  return {
    dir,
    addRelease(label, from, to, file, edit) {
      cpSync(join(dir, label, from), join(dir, label, to), { recursive: true });
      if (edit) {
        const path = join(dir, label, to, file);
        writeFileSync(path, edit(readFileSync(path, 'utf8')));
      }
    },
    write(label, version, file, text) {
      mkdirSync(join(dir, label, version), { recursive: true });
      writeFileSync(join(dir, label, version, file), text);
    },
    read(label, version, file) {
      return readFileSync(join(dir, label, version, file), 'utf8');
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
