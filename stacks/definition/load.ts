/**
 * Loads every cluster definition of an app: each `.yaml`/`.yml`/`.json`/`.ts`/`.js` file at the top
 * of the directory is one cluster (subdirectories hold patch files and are not loaded). With no
 * definition file the built-in lab cluster is used. Problems from every file, and between files,
 * are reported together before anything is synthesized. Nothing that looks like a definition is
 * skipped silently: other spellings of the extensions are read, other formats, directories and
 * broken symbolic links named like a definition are problems.
 */
import { readdirSync, statSync, type Dirent, type Stats } from 'node:fs';
import * as path from 'node:path';
import { checkAcrossClusters } from './across-clusters';
import { checkClusterDefinition, type ClusterDefinition } from './definition';
import { labDefaultDefinition } from './lab-default';
import { checkPlainData, parseJsonData, parseYamlData, type DataResult } from './parse-data';
import { ClusterDefinitionError, type DefinitionProblem } from './problems';
import { describeStatError, readTextFile, UnreadableFileError } from './read-text';

export const DEFINITION_EXTENSIONS: readonly string[] = ['.yaml', '.yml', '.json', '.ts', '.js'];

/**
 * Formats and spellings someone may mean as a definition that this app does not read: refused,
 * so the app never deploys the lab cluster while a definition sits next to it unread.
 */
const FOREIGN_EXTENSIONS: Readonly<Record<string, string>> = {
  '.toml': 'TOML',
  '.tml': 'TOML',
  '.json5': 'JSON5',
  '.jsonc': 'JSON with comments',
  '.hcl': 'HCL',
  '.tf': 'Terraform',
  '.tfvars': 'Terraform variables',
  '.ini': 'INI',
  '.cfg': 'INI',
  '.conf': 'a config file',
  '.xml': 'XML',
  '.properties': 'Java properties',
  '.env': 'an env file',
  '.mjs': 'an ES module',
  '.cjs': 'a CommonJS module',
  '.mts': 'an ES module',
  '.cts': 'a CommonJS module',
  '.tsx': 'TSX',
  '.jsx': 'JSX',
  '.yam': 'a misspelt YAML extension',
  '.ymal': 'a misspelt YAML extension',
  '.yamll': 'a misspelt YAML extension',
  '.yml5': 'a misspelt YAML extension',
  '.jsn': 'a misspelt JSON extension',
  '.josn': 'a misspelt JSON extension',
  '.jason': 'a misspelt JSON extension',
};

export interface LoadOptions {
  /** Base of a relative `dir` and of the paths shown in messages. @default process.cwd() */
  readonly cwd?: string;
  /** Used when the directory holds no definition. @default the built-in lab cluster */
  readonly fallback?: () => ClusterDefinition;
}

/** `clusters/prod.yaml` when under `cwd`, else the absolute path; always with `/`. */
export function displayPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return (rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file).split(path.sep).join('/');
}

/** What the directory scan found: definition files to read, and entries that are problems. */
export interface DefinitionScan {
  /** Absolute paths, sorted. */
  readonly files: readonly string[];
  readonly problems: readonly DefinitionProblem[];
  /**
   * Copies of definitions that are not loaded (`prod.yaml.bak`, `prod.yaml~`): refused only when
   * nothing else is loaded, since then the app would deploy the lab cluster instead.
   */
  readonly unloaded: readonly DefinitionProblem[];
}

const lower = (f: string): string => f.toLowerCase();

/** `.yaml`, `.ts`, ... when the name ends in a definition extension (any case), else undefined. */
function definitionExtension(name: string): string | undefined {
  const ext = lower(path.extname(name));
  return DEFINITION_EXTENSIONS.includes(ext) ? ext : undefined;
}

/** `prod.yaml.bak`, `prod.yaml~`, `prod.json.orig`: a definition's name with something after it. */
function isDisabledCopy(name: string): boolean {
  const l = lower(name);
  if (l.endsWith('.sample')) return false;
  return /\.(ya?ml|json|ts|js)(~|[.~_-][^/]*)$/.test(l);
}

function entryStats(file: string, source: string): { stats: Stats } | { problem: DefinitionProblem } {
  try {
    return { stats: statSync(file) };
  } catch (err) {
    return { problem: { source, path: [], message: describeStatError(file, err), example: 'remove it, or point the link at an existing definition file' } };
  }
}

/** Sorts the entries of `dir` into definition files and problems; none when it does not exist. */
export function scanDefinitionDir(dir: string, cwd = process.cwd()): DefinitionScan {
  const shown = displayPath(dir, cwd);
  let dirStats: Stats | undefined;
  try {
    dirStats = statSync(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // No directory at all: the documented lab default. A broken link or unreadable path is not.
    if (code === 'ENOENT' && describeStatError(dir, err).startsWith('does not exist')) return { files: [], problems: [], unloaded: [] };
    return {
      files: [],
      problems: [{ source: shown, path: [], message: describeStatError(dir, err), example: `make ${shown} a directory of definition files, or remove it to deploy the lab cluster` }],
      unloaded: [],
    };
  }
  if (!dirStats.isDirectory()) {
    return { files: [], problems: [{ source: shown, path: [], message: 'is a file, not a directory of cluster definitions', example: `move it to ${shown}/prod.yaml` }], unloaded: [] };
  }
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    return { files: [], problems: [{ source: shown, path: [], message: `cannot be listed: ${describeStatError(dir, err)}`, example: `chmod u+rx ${shown}` }], unloaded: [] };
  }
  const files: string[] = [];
  const problems: DefinitionProblem[] = [];
  const unloaded: DefinitionProblem[] = [];
  for (const entry of entries) {
    const name = entry.name;
    if (name.startsWith('.') || name.startsWith('_') || lower(name).endsWith('.d.ts')) continue;
    const file = path.join(dir, name);
    const source = displayPath(file, cwd);
    const ext = definitionExtension(name);
    const foreign = FOREIGN_EXTENSIONS[lower(path.extname(name))];
    const base = path.basename(name, path.extname(name));
    if (ext === undefined && foreign === undefined) {
      if (isDisabledCopy(name)) {
        const original = name.replace(/(\.(ya?ml|json|ts|js))(~|[.~_-][^/]*)$/i, '$1');
        unloaded.push({
          source,
          path: [],
          message: `is not loaded (only names ending in ${DEFINITION_EXTENSIONS.join(', ')} are), and with no definition loaded the app would deploy the built-in lab cluster instead`,
          example: `rename it to ${displayPath(path.join(dir, original), cwd)} to deploy it, or to ${source}.sample to keep it as a reference`,
        });
      }
      continue;
    }
    const found = entryStats(file, source);
    if ('problem' in found) {
      problems.push(found.problem);
      continue;
    }
    if (found.stats.isDirectory()) {
      problems.push({
        source,
        path: [],
        message: 'is a directory named like a definition; a definition is one file',
        example: `rename the directory (patch files go in e.g. ${displayPath(path.join(dir, 'patches'), cwd)}/), or put the definition in ${source}`,
      });
      continue;
    }
    if (!found.stats.isFile()) {
      problems.push({ source, path: [], message: 'is not a regular file (a pipe, socket or device)', example: 'replace it with the definition file' });
      continue;
    }
    if (foreign !== undefined) {
      problems.push({
        source,
        path: [],
        message: `is ${foreign}, which is not a definition format; definitions are ${DEFINITION_EXTENSIONS.join(', ')} files`,
        example: `write it as YAML in ${displayPath(path.join(dir, `${base}.yaml`), cwd)}, or rename it to ${source}.sample to keep it unloaded`,
      });
      continue;
    }
    if ((ext === '.ts' || ext === '.js') && path.extname(name) !== ext) {
      problems.push({
        source,
        path: [],
        message: `ends in ${path.extname(name)}; the module loader only compiles lower-case ${ext} files`,
        example: `rename it to ${displayPath(path.join(dir, `${base}${ext}`), cwd)}`,
      });
      continue;
    }
    files.push(file);
  }
  return { files: files.sort(), problems, unloaded };
}

/** The definition files of `dir` (absolute, sorted); none when it does not exist. */
export function definitionFiles(dir: string): string[] {
  return [...scanDefinitionDir(dir).files];
}

type RawResult = { readonly raw: unknown } | { readonly problems: readonly DefinitionProblem[] };

function fileProblem(source: string, message: string, example: string): RawResult {
  return { problems: [{ source, path: [], message, example }] };
}

function fromData(result: DataResult, source: string): RawResult {
  return 'value' in result ? { raw: result.value } : { problems: [{ source, ...result.problem }] };
}

/**
 * The useful line of a module load error: esbuild's "Transform failed with 1 error:" is followed
 * by `<file>:<line>:<column>: ERROR: <what>`; node's own errors say it on their first line.
 */
export function moduleErrorLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  for (const l of lines) {
    const m = /^(?:.*?):(\d+):(\d+):\s*ERROR:\s*(.*)$/.exec(l);
    if (m) return `line ${m[1]}, column ${m[2]}: ${m[3]}`;
  }
  const first = lines.find((l) => !/^Transform failed with \d+ errors?:?$/.test(l)) ?? lines[0];
  return first ?? (err instanceof Error ? err.name : 'it threw a non-error value');
}

const MODULE_EXAMPLE = 'export default defineCluster({ name: "prod", ... })';

function readModule(file: string, source: string): RawResult {
  let mod: unknown;
  try {
    // Definitions in TypeScript are loaded by the running TS loader (tsx for cdktf, esbuild under jest).
    mod = require(file) as unknown;
  } catch (err) {
    return fileProblem(source, `cannot be loaded: ${moduleErrorLine(err)}`, MODULE_EXAMPLE);
  }
  const esModule = mod !== null && typeof mod === 'object' && (mod as { __esModule?: unknown }).__esModule === true;
  const hasDefault = mod !== null && typeof mod === 'object' && 'default' in mod;
  if (esModule && !hasDefault) return fileProblem(source, `has no default export (it exports ${Object.keys(mod as object).join(', ') || 'nothing'})`, MODULE_EXAMPLE);
  const raw = hasDefault ? (mod as { default: unknown }).default : mod;
  if (raw instanceof Promise || (raw !== null && typeof raw === 'object' && typeof (raw as { then?: unknown }).then === 'function')) {
    // Never awaited: keep a rejection from crashing the process later.
    Promise.resolve(raw).catch(() => undefined);
    return fileProblem(source, 'exports a Promise (an async function or top-level await); definitions are read synchronously', `${MODULE_EXAMPLE}: export the object itself, computed without await`);
  }
  if (typeof raw === 'function') return fileProblem(source, 'exports a function; export the definition object', `${MODULE_EXAMPLE} (call the function yourself)`);
  try {
    const problem = checkPlainData(raw);
    if (problem) return { problems: [{ source, ...problem }] };
    // A copy: getters and proxies run here, once, not inside the validators.
    return { raw: structuredClone(raw) };
  } catch (err) {
    return fileProblem(source, `exports a value that cannot be read as data: ${moduleErrorLine(err)}`, MODULE_EXAMPLE);
  }
}

/** Reads one definition file into raw data, or the problem that prevented it. */
export function readDefinitionFile(file: string, source: string): RawResult {
  const ext = lower(path.extname(file));
  if (ext === '.ts' || ext === '.js') return readModule(file, source);
  let text: string;
  try {
    text = readTextFile(file);
  } catch (err) {
    if (err instanceof UnreadableFileError) return fileProblem(source, err.reason, err.fix);
    return fileProblem(source, `cannot be read: ${moduleErrorLine(err)}`, 'check the file permissions');
  }
  return fromData(ext === '.json' ? parseJsonData(text) : parseYamlData(text), source);
}

/** Loads and validates one definition file. @throws ClusterDefinitionError */
export function loadClusterDefinitionFile(file: string, cwd = process.cwd()): ClusterDefinition {
  const abs = path.resolve(cwd, file);
  const source = displayPath(abs, cwd);
  const read = readDefinitionFile(abs, source);
  if ('problems' in read) throw new ClusterDefinitionError(read.problems);
  const { definition, problems } = checkClusterDefinition(read.raw, { source, file: abs, defaultName: path.basename(abs, path.extname(abs)) });
  if (!definition) throw new ClusterDefinitionError(problems);
  return definition;
}

/**
 * Every cluster defined in `dir` (sorted by file name), or the lab default when there is none.
 * @throws ClusterDefinitionError listing every problem of every file, and between files
 */
export function loadClusterDefinitions(dir = 'clusters', options: LoadOptions = {}): ClusterDefinition[] {
  const cwd = options.cwd ?? process.cwd();
  const scan = scanDefinitionDir(path.resolve(cwd, dir), cwd);
  const files = scan.files;
  if (!files.length && !scan.problems.length) {
    if (scan.unloaded.length) throw new ClusterDefinitionError(scan.unloaded);
    return [(options.fallback ?? (() => labDefaultDefinition({ baseDir: cwd })))()];
  }
  const problems: DefinitionProblem[] = [...scan.problems];
  const defs: ClusterDefinition[] = [];
  for (const file of files) {
    const source = displayPath(file, cwd);
    const read = readDefinitionFile(file, source);
    if ('problems' in read) {
      problems.push(...read.problems);
      continue;
    }
    const result = checkClusterDefinition(read.raw, { source, file, defaultName: path.basename(file, path.extname(file)) });
    if (result.definition) defs.push(result.definition);
    problems.push(...result.problems);
  }
  problems.push(...checkAcrossClusters(defs));
  if (problems.length) throw new ClusterDefinitionError(problems);
  return defs;
}
