/**
 * The layers as the imports draw them. A rule lists the edges it still tolerates (each named
 * file → imported file); a new edge fails, and so does a tolerated one that is gone, so the list
 * only shrinks.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const SOURCES = ['main.ts', 'stacks', 'providers', 'tools', 'test/lab'];

function sourceFiles(rel: string): string[] {
  const abs = path.join(ROOT, rel);
  if (fs.statSync(abs).isFile()) return [rel];
  return fs.readdirSync(abs, { withFileTypes: true }).flatMap((e) => {
    const child = path.posix.join(rel, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'generated' ? [] : sourceFiles(child);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [child] : [];
  });
}

/** Our files `file` imports (static, dynamic and require), repository-relative without extension. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*|require\(\s*|^import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm)].map((m) => m[1]);
  return specs.map((s) => {
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), s));
    for (const candidate of [target, `${target}.ts`, `${target}/index.ts`]) {
      if (fs.existsSync(path.join(ROOT, candidate)) && fs.statSync(path.join(ROOT, candidate)).isFile()) return candidate.replace(/\.ts$/, '');
    }
    return target;
  });
}

const EDGES: ReadonlyArray<readonly [string, string]> = SOURCES.flatMap(sourceFiles).flatMap((f) => importsOf(f).map((to) => [f.replace(/\.tsx?$/, ''), to] as const));

/** Terraform-facing code of a provider: its resources, schemas and the provider assembly. */
function terraformLayerOf(file: string): 'talos' | 'capi' | undefined {
  const m = /^providers\/(talos|capi)\/(.*)$/.exec(file);
  if (!m) return undefined;
  const rest = m[2];
  const terraform = rest.startsWith('resources/') || rest === 'provider' || rest === 'main' || rest === 'provider-context';
  return terraform ? (m[1] as 'talos' | 'capi') : undefined;
}

function providerOf(file: string): string | undefined {
  return /^providers\/(talos|capi)\//.exec(file)?.[1];
}

interface Rule {
  readonly name: string;
  readonly forbids: (from: string, to: string) => boolean;
  /** `from → to` edges still tolerated. */
  readonly tolerated: readonly string[];
}

const RULES: readonly Rule[] = [
  {
    name: 'the kernel imports nothing of ours',
    forbids: (from, to) => from.startsWith('providers/kernel/') && !to.startsWith('providers/kernel/'),
    tolerated: [],
  },
  {
    name: 'no provider imports another provider’s Terraform layer',
    forbids: (from, to) => {
      const layer = terraformLayerOf(to);
      return layer !== undefined && providerOf(from) !== undefined && providerOf(from) !== layer;
    },
    tolerated: [],
  },
  {
    // Domain logic (operations, adoption, install, config generation) knows nothing of Terraform.
    name: 'a provider’s domain code imports no Terraform layer',
    forbids: (from, to) => providerOf(from) !== undefined && terraformLayerOf(from) === undefined && terraformLayerOf(to) !== undefined,
    tolerated: [],
  },
  {
    name: 'providers import neither the stacks nor the tests',
    forbids: (from, to) => from.startsWith('providers/') && (to.startsWith('stacks/') || to.startsWith('test/') || to === 'main'),
    tolerated: [],
  },
  {
    // Synth may use the kernel, the shared domain libraries (Talos machinery: config generation and
    // patches, checked before anything changes; Proxmox credential formats) and the generated
    // bindings, never a provider's internals or what serves Terraform.
    name: 'the stacks import from providers/ only the kernel, the machinery, proxmox-access and the bindings',
    forbids: (from, to) => (from.startsWith('stacks/') || from === 'main') && to.startsWith('providers/') && !/^providers\/(kernel|machinery|proxmox-access|bindings)\//.test(to),
    tolerated: [],
  },
  {
    // The pure Talos machinery is shared by both providers and the synth; it serves no Terraform
    // (of the plugin SDK it uses only the cty type DSL, to declare the shapes of its values).
    name: 'the machinery imports no provider, stack or plugin runtime',
    forbids: (from, to) =>
      from.startsWith('providers/machinery/') && (/^providers\/(talos|capi)\//.test(to) || (to.startsWith('providers/runtime/') && to !== 'providers/runtime/cty/types') || to.startsWith('stacks/')),
    tolerated: [],
  },
  {
    name: 'the providers do not import each other',
    forbids: (from, to) => providerOf(from) !== undefined && providerOf(to) !== undefined && providerOf(from) !== providerOf(to),
    tolerated: [],
  },
  {
    name: 'the plan (pure synth-time planning) imports no construct',
    forbids: (from, to) => from.startsWith('stacks/plan/') && (to.startsWith('stacks/constructs/') || to.startsWith('stacks/definition/')),
    tolerated: [],
  },
  {
    name: 'the lab imports no test tier',
    forbids: (from, to) => from.startsWith('test/lab/') && /^test\/(unit|integration|e2e|bench)\//.test(to),
    tolerated: [],
  },
  {
    name: 'product code imports no lab or test code',
    forbids: (from, to) => (from.startsWith('stacks/') || from.startsWith('providers/') || from.startsWith('tools/')) && to.startsWith('test/'),
    tolerated: [],
  },
  {
    // Build, packaging and CI tooling (tools/) runs beside the product; nothing the product runs imports it.
    name: 'the product imports no build or CI tooling',
    forbids: (from, to) => (from.startsWith('stacks/') || from.startsWith('providers/') || from === 'main') && to.startsWith('tools/'),
    tolerated: [],
  },
  {
    name: 'the cluster definition does not import constructs',
    forbids: (from, to) => from.startsWith('stacks/definition/') && to.startsWith('stacks/constructs/'),
    tolerated: [],
  },
];

describe('layers', () => {
  test('the source tree was read', () => {
    expect(EDGES.length).toBeGreaterThan(500);
    // The resolver finds real files: most edges end at one.
    const resolved = EDGES.filter(([, to]) => fs.existsSync(path.join(ROOT, `${to}.ts`)) || fs.existsSync(path.join(ROOT, to)));
    expect(resolved.length / EDGES.length).toBeGreaterThan(0.95);
  });

  test('the app reads its environment once, at the edge: no other synth code reads process.env', () => {
    const readers = [...SOURCES.filter((s) => s === 'main.ts' || s === 'stacks'), 'providers/bindings']
      .flatMap(sourceFiles)
      .filter((f) => /process\.env\b/.test(fs.readFileSync(path.join(ROOT, f), 'utf8').replace(/^\s*(\/\/|\*).*$/gm, '')));
    // main.ts only for PTC_DEBUG (how to report a bug), before and apart from the app. The CDK core
    // module only for PTC_CDK (and npm's npm_lifecycle_script, naming the CLI npx launched): the core
    // must be chosen before the first binding class extends it, as modules load, before any app code
    // runs; app-environment.ts checks the choice and reports a problem.
    expect(readers.sort()).toEqual(['main.ts', 'providers/bindings/cdk-core.ts', 'stacks/app-environment.ts']);
  });

  test.each(RULES.map((r) => [r.name, r] as const))('%s', (_name, rule) => {
    const found = [...new Set(EDGES.filter(([from, to]) => rule.forbids(from, to)).map(([from, to]) => `${from} → ${to}`))].sort();
    expect(found).toEqual([...rule.tolerated].sort());
  });
});
