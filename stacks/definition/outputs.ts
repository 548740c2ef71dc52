/**
 * Where a definition's credential files (`outputs.kubeconfig`, `outputs.talosconfig`) may go,
 * checked at synth before anything is written. A credential file is created, rewritten and removed
 * by the Talos stage, so it must not be a file the user keeps for something else: it stays inside
 * the app directory (the one holding `clusters/`) unless `outputs.allowOutsideApp: true`; it is
 * never a definition file (this one, another one, or a name that would be loaded as one), a file a
 * definition reads (patch files, the CA file, a management kubeconfig), a directory, a symbolic
 * link, a path through a link loop, or Terraform's working directory; and no two outputs of the
 * app share a file, compared after resolving the links of existing parents. Files already at the
 * path are the provider's business: `talos_local_file` refuses them at plan time unless
 * `outputs.adoptExisting: true`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ClusterDefinition, DefinitionPaths } from './definition';
import type { IssuePath } from '../plan/layout';
import type { ResolvedPatches } from './patches';
import type { DefinitionProblem } from './problems';

export type OutputKey = 'kubeconfig' | 'talosconfig';
export const OUTPUT_KEYS: readonly OutputKey[] = ['kubeconfig', 'talosconfig'];

/** The file extensions load.ts reads as definitions (its DEFINITION_EXTENSIONS; a test keeps them equal). */
export const DEFINITION_FILE_EXTENSIONS: readonly string[] = ['.yaml', '.yml', '.json', '.ts', '.js'];

/** cdktf's output directory (cdktf.json `output`): synth rewrites it and local state lives there. */
const CDKTF_OUT = 'cdktf.out';

type Resolved = { readonly real: string } | { readonly problem: string };

function code(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

/**
 * `file` with the links of its existing part resolved (what the kernel would open), or why it
 * cannot be a credential file: a link loop above it, a file where a directory must be, a
 * directory or a symbolic link at the path itself.
 */
export function resolveOutputPath(file: string): Resolved {
  try {
    const st = fs.lstatSync(file);
    if (st.isSymbolicLink()) return { problem: `${file} is a symbolic link; credential files are never written through links: give the path of the real file, or another path` };
    if (st.isDirectory()) return { problem: `${file} is a directory; give the path of a file, e.g. ${path.join(file, 'kubeconfig')}` };
  } catch (err) {
    if (code(err) === 'ELOOP') return { problem: `a directory above ${file} is a symbolic link loop; fix the link or choose another path` };
    if (code(err) === 'ENOTDIR') return { problem: `part of ${path.dirname(file)} is a file, not a directory; choose another path` };
    if (code(err) !== 'ENOENT') return { problem: `${file} cannot be examined (${code(err) ?? (err as Error).message}); choose another path` };
  }
  const rest: string[] = [];
  for (let p = file; ; p = path.dirname(p)) {
    try {
      const real = fs.realpathSync(p);
      if (rest.length && !fs.statSync(real).isDirectory()) return { problem: `part of ${path.dirname(file)} is a file, not a directory; choose another path` };
      return { real: path.join(real, ...rest) };
    } catch (err) {
      if (code(err) === 'ELOOP') return { problem: `a directory above ${file} is a symbolic link loop; fix the link or choose another path` };
      if (code(err) === 'ENOTDIR') return { problem: `part of ${path.dirname(file)} is a file, not a directory; choose another path` };
      if (code(err) !== 'ENOENT' || path.dirname(p) === p) return { problem: `${file} cannot be examined (${code(err) ?? (err as Error).message}); choose another path` };
      rest.unshift(path.basename(p));
    }
  }
}

/** The real path of an existing file or directory, else its path as given. */
function realOrSelf(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

function isInside(child: string, dir: string): boolean {
  const rel = path.relative(dir, child);
  return rel !== '' && !rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel);
}

/** The files a definition reads, real paths first seen, with how to name each in a message. */
export function inputFilesOf(def: { readonly file?: string; readonly paths: DefinitionPaths; readonly patches: ResolvedPatches }): Map<string, string> {
  const inputs = new Map<string, string>();
  const add = (file: string | undefined, what: string) => {
    if (file === undefined) return;
    const real = realOrSelf(file);
    if (!inputs.has(real)) inputs.set(real, what);
  };
  add(def.file, 'the definition file itself');
  for (const group of ['common', 'controlPlane', 'worker'] as const) {
    def.patches[group].forEach((p, i) => add(p.source === 'inline' ? undefined : p.source, `the patch file of patches.${group}[${i}]`));
  }
  add(def.paths.caFile, 'the CA file of proxmox.caFile');
  add(def.paths.managementKubeconfig, 'the management cluster kubeconfig of clusterApi.management.kubeconfig');
  return inputs;
}

export interface OutputCheckInput {
  readonly name: string;
  /** Absolute path of the definition file; undefined for a built-in definition. */
  readonly file?: string;
  /** The directory holding `clusters/` (for a built-in definition, its base directory). */
  readonly appDir: string;
  readonly allowOutsideApp: boolean;
  readonly paths: DefinitionPaths;
  readonly patches: ResolvedPatches;
}

type Problem = Omit<DefinitionProblem, 'source'>;

function outputPathOf(paths: DefinitionPaths, key: OutputKey): string | undefined {
  return key === 'kubeconfig' ? paths.kubeconfigOutput : paths.talosconfigOutput;
}

/** What is wrong with the credential files of one definition. */
export function checkOutputFiles(def: OutputCheckInput): Problem[] {
  const problems: Problem[] = [];
  const appDir = realOrSelf(def.appDir);
  const inputs = inputFilesOf(def);
  const defsDir = def.file !== undefined ? realOrSelf(path.dirname(def.file)) : undefined;
  const example = (key: OutputKey) => `${key}: ${path.relative(def.file ? path.dirname(def.file) : def.appDir, path.join(def.appDir, 'out', `${def.name}.${key}`)) || `out/${def.name}.${key}`}`;
  const seen = new Map<string, OutputKey>();
  for (const key of OUTPUT_KEYS) {
    const file = outputPathOf(def.paths, key);
    if (file === undefined) continue;
    const at: IssuePath = ['outputs', key];
    const report = (message: string, fix = example(key)) => problems.push({ path: at, message, example: fix });
    const resolved = resolveOutputPath(file);
    if ('problem' in resolved) {
      report(resolved.problem);
      continue;
    }
    const { real } = resolved;
    const shown = real === file ? file : `${file} (${real} once links are followed)`;
    const input = inputs.get(real);
    if (input !== undefined) {
      report(`${shown} is ${input}; a credential file would overwrite it`);
      continue;
    }
    const ext = path.extname(real);
    if (defsDir !== undefined && path.dirname(real) === defsDir && DEFINITION_FILE_EXTENSIONS.includes(ext) && !/^[._]/.test(path.basename(real))) {
      report(`${shown} is a definition file name in ${path.dirname(def.file as string)} (it would be read as a cluster definition); put credential files in a subdirectory`);
      continue;
    }
    const cdktfOut = path.join(appDir, CDKTF_OUT);
    if (real === cdktfOut || isInside(real, cdktfOut)) {
      report(`${shown} is inside ${CDKTF_OUT}/, which synth rewrites and where Terraform keeps its state; choose a path outside it`);
      continue;
    }
    if (!def.allowOutsideApp && !isInside(real, appDir)) {
      report(
        `${shown} is outside the app directory ${def.appDir}; credential files stay inside the app (e.g. out/) so they cannot replace a file of yours such as ~/.kube/config. ` +
          'To write there anyway, set outputs.allowOutsideApp: true (a file already there is still left alone unless outputs.adoptExisting: true)',
      );
      continue;
    }
    const other = seen.get(real);
    if (other !== undefined) {
      report(`is the same file as outputs.${other} (${shown}); give each its own file`, `${key}: ${path.join(path.dirname(file), `${def.name}.${key}`)}`);
      continue;
    }
    seen.set(real, key);
  }
  return problems;
}

/**
 * Between the definitions of an app: no two outputs on one file (after links), and no output on a
 * file another definition reads or on another definition file.
 */
export function checkOutputsAcrossClusters(defs: readonly ClusterDefinition[]): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const outputs = new Map<string, { def: ClusterDefinition; key: OutputKey }>();
  const inputs = new Map<string, { def: ClusterDefinition; what: string }>();
  for (const def of defs) {
    for (const [real, what] of inputFilesOf(def)) if (!inputs.has(real)) inputs.set(real, { def, what });
  }
  for (const def of defs) {
    for (const key of OUTPUT_KEYS) {
      const file = outputPathOf(def.paths, key);
      if (file === undefined) continue;
      const resolved = resolveOutputPath(file);
      // A path that cannot be resolved is reported by the definition's own check.
      if ('problem' in resolved) continue;
      const example = `${key}: out/${def.name}.${key}`;
      const input = inputs.get(resolved.real);
      if (input && input.def !== def) {
        problems.push({
          source: def.source,
          path: ['outputs', key],
          message: `${file} is ${input.what.replace('the definition file itself', 'the definition file')} of ${input.def.source}; a credential file would overwrite it`,
          example,
        });
        continue;
      }
      const first = outputs.get(resolved.real);
      if (first && first.def !== def) {
        problems.push({ source: def.source, path: ['outputs', key], message: `${file} is also where ${first.def.source} writes its ${first.key}`, example });
        continue;
      }
      if (!first) outputs.set(resolved.real, { def, key });
    }
  }
  return problems;
}

/** The app directory of a definition: above `clusters/` for a file, the base directory otherwise. */
export function appDirOf(file: string | undefined, baseDir: string): string {
  return file !== undefined ? path.dirname(path.dirname(file)) : baseDir;
}
