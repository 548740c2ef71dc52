/**
 * Reads what `cdktf synth` wrote (`<outdir>/manifest.json`): every stack's working directory and
 * dependencies, in an order where each stack comes after the stacks it depends on.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';

const manifestSchema = z.object({
  version: z.string(),
  stacks: z.record(
    z.string(),
    z.object({
      name: z.string().min(1),
      workingDirectory: z.string().min(1),
      synthesizedStackPath: z.string().min(1),
      dependencies: z.array(z.string()).default([]),
    }),
  ),
});

export interface SynthStack {
  readonly name: string;
  /** Absolute path of the stack's Terraform working directory. */
  readonly dir: string;
  /** Absolute path of the synthesized configuration (`cdk.tf.json`). */
  readonly configFile: string;
  readonly dependencies: readonly string[];
}

/** Kahn's algorithm; ties keep the manifest's order so runs are reproducible. */
export function dependencyOrder<T extends { readonly name: string; readonly dependencies: readonly string[] }>(stacks: readonly T[]): T[] {
  const byName = new Map(stacks.map((s) => [s.name, s]));
  for (const s of stacks) {
    for (const d of s.dependencies) {
      if (!byName.has(d)) throw new Error(`stack ${s.name} depends on ${d}, which is not in the synthesized output; synthesize all stacks`);
    }
  }
  const done = new Set<string>();
  const out: T[] = [];
  while (out.length < stacks.length) {
    const next = stacks.find((s) => !done.has(s.name) && s.dependencies.every((d) => done.has(d)));
    if (!next) {
      const left = stacks.filter((s) => !done.has(s.name)).map((s) => s.name);
      throw new Error(`stacks ${left.join(', ')} depend on each other in a cycle; break it with an explicit output/variable`);
    }
    done.add(next.name);
    out.push(next);
  }
  return out;
}

export function readSynthManifest(outDir: string): SynthStack[] {
  const file = path.join(outDir, 'manifest.json');
  if (!fs.existsSync(file)) throw new Error(`${file} does not exist; run \`cdktf synth\` (or pass the synth output directory)`);
  const res = manifestSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!res.success) {
    const issue = res.error.issues[0];
    throw new Error(`${file}: ${issue.path.join('.')}: ${issue.message}; is this a cdktf synth output?`);
  }
  const stacks = Object.values(res.data.stacks).map((s) => ({
    name: s.name,
    dir: path.resolve(outDir, s.workingDirectory),
    configFile: path.resolve(outDir, s.synthesizedStackPath),
    dependencies: s.dependencies,
  }));
  for (const s of stacks) {
    if (!fs.existsSync(s.configFile)) throw new Error(`stack ${s.name}: ${s.configFile} is missing; run \`cdktf synth\` again`);
  }
  return dependencyOrder(stacks);
}

/** Files of a stack's synthesized configuration (the JSON and its assets), relative and sorted. */
function configFiles(stack: SynthStack): string[] {
  const files = [path.relative(stack.dir, stack.configFile)];
  const assets = path.join(stack.dir, 'assets');
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) files.push(path.relative(stack.dir, p));
    }
  };
  if (fs.existsSync(assets)) walk(assets);
  return files.map((f) => f.split(path.sep).join('/')).sort();
}

/** Identity of what was synthesized for a stack: SHA-256 over its configuration files. */
export function configDigest(stack: SynthStack): string {
  const h = createHash('sha256');
  for (const rel of configFiles(stack)) {
    h.update(`${rel}\0`);
    h.update(
      createHash('sha256')
        .update(fs.readFileSync(path.join(stack.dir, rel)))
        .digest('hex'),
    );
    h.update('\n');
  }
  return h.digest('hex');
}

/** The synth output directory: the argument, else cdktf.json's `output`, else `cdktf.out`. */
export function defaultOutDir(cwd = process.cwd()): string {
  const config = path.join(cwd, 'cdktf.json');
  if (fs.existsSync(config)) {
    const output = (JSON.parse(fs.readFileSync(config, 'utf8')) as { output?: unknown }).output;
    if (typeof output === 'string' && output) return path.resolve(cwd, output);
  }
  return path.resolve(cwd, 'cdktf.out');
}
