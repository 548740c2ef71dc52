/**
 * Loads every cluster definition of an app: each `.yaml`/`.yml`/`.json`/`.ts`/`.js` file at the top
 * of the directory is one cluster (subdirectories hold patch files and are not loaded). With no
 * definition file the built-in lab cluster is used. Problems from every file, and between files,
 * are reported together before anything is synthesized.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { checkAcrossClusters } from './across-clusters';
import { checkClusterDefinition, type ClusterDefinition } from './definition';
import { labDefaultDefinition } from './lab-default';
import { ClusterDefinitionError, type DefinitionProblem } from './problems';

export const DEFINITION_EXTENSIONS: readonly string[] = ['.yaml', '.yml', '.json', '.ts', '.js'];

export interface LoadOptions {
  /** Base of a relative `dir` and of the paths shown in messages. @default process.cwd() */
  readonly cwd?: string;
  /** Used when the directory holds no definition. @default the built-in lab cluster */
  readonly fallback?: () => ClusterDefinition;
}

/** The definition files of `dir` (absolute, sorted); none when it does not exist. */
export function definitionFiles(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir)
    .filter((f) => !f.startsWith('.') && !f.startsWith('_') && !f.endsWith('.d.ts'))
    .filter((f) => DEFINITION_EXTENSIONS.includes(path.extname(f)))
    .map((f) => path.join(dir, f))
    .filter((f) => statSync(f).isFile())
    .sort();
}

/** `clusters/prod.yaml` when under `cwd`, else the absolute path; always with `/`. */
export function displayPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return (rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file).split(path.sep).join('/');
}

type RawResult = { readonly raw: unknown } | { readonly problems: readonly DefinitionProblem[] };

function fileProblem(source: string, message: string, example: string): RawResult {
  return { problems: [{ source, path: [], message, example }] };
}

function readYaml(text: string, source: string): RawResult {
  const docs = parseAllDocuments(text, { prettyErrors: true, uniqueKeys: true });
  const list = Array.isArray(docs) ? docs : [docs];
  const real = list.filter((d) => d.contents !== null || d.errors.length);
  if (real.length > 1) return fileProblem(source, `holds ${real.length} YAML documents; a file defines one cluster`, 'split them into one file per cluster');
  const doc = real[0];
  if (!doc) return fileProblem(source, 'is empty', 'name: prod (see clusters/example.yaml.sample)');
  if (doc.errors.length) {
    const e = doc.errors[0];
    const where = e.linePos?.[0] ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : 'YAML';
    return fileProblem(source, `${where}: ${e.message.split('\n')[0]}`, 'fix the YAML syntax at that line (indent with spaces, one key per line)');
  }
  return { raw: doc.toJS() };
}

function readModule(file: string, source: string): RawResult {
  try {
    // Definitions in TypeScript are loaded by the running TS loader (tsx for cdktf, esbuild under jest).
    const mod = require(file) as { default?: unknown } | undefined;
    const raw = mod && typeof mod === 'object' && 'default' in mod ? mod.default : mod;
    return { raw };
  } catch (err) {
    return fileProblem(source, `cannot be loaded: ${(err as Error).message.split('\n')[0]}`, 'export default defineCluster({ ... })');
  }
}

/** Reads one definition file into raw data, or the problem that prevented it. */
export function readDefinitionFile(file: string, source: string): RawResult {
  const ext = path.extname(file);
  if (ext === '.ts' || ext === '.js') return readModule(file, source);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return fileProblem(source, `cannot be read: ${(err as Error).message}`, 'check the file permissions');
  }
  if (ext === '.json') {
    try {
      return { raw: JSON.parse(text) as unknown };
    } catch (err) {
      return fileProblem(source, `is not valid JSON: ${(err as Error).message}`, '{"name": "prod", ...}');
    }
  }
  return readYaml(text, source);
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
  const files = definitionFiles(path.resolve(cwd, dir));
  if (!files.length) return [(options.fallback ?? (() => labDefaultDefinition({ baseDir: cwd })))()];
  const problems: DefinitionProblem[] = [];
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
