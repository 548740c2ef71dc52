import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CORE_MODULE, generateProviderBindings, MANIFEST_FILE, readBindingsManifest } from '../../../tools/build/bindings/generate';
import { treeSha256 } from '../../../tools/build/bindings/digest';
import { TerraformStack, Testing } from '../../../stacks/cdk';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const FQPN = 'ptc.internal/ptc/demo';

/** A small provider schema in `terraform providers schema -json` form, written for these tests. */
function demoSchema(): Record<string, unknown> {
  const block = (attributes: Record<string, unknown>, blockTypes: Record<string, unknown> = {}) => ({ attributes, block_types: blockTypes });
  return {
    format_version: '1.0',
    provider_schemas: {
      [FQPN]: {
        provider: { version: 0, block: block({ endpoint: { type: 'string', optional: true, description: 'API endpoint' } }) },
        resource_schemas: {
          demo_machine: {
            version: 0,
            block: block(
              {
                id: { type: 'string', computed: true },
                name: { type: 'string', required: true },
                cores: { type: 'number', optional: true },
                tags: { type: ['list', 'string'], optional: true },
              },
              { disk: { nesting_mode: 'list', block: block({ size: { type: 'number', required: true } }) } },
            ),
          },
          demo_network: { version: 0, block: block({ cidr: { type: 'string', required: true } }) },
        },
        data_source_schemas: {
          demo_version: { version: 0, block: block({ release: { type: 'string', computed: true } }) },
        },
      },
    },
  };
}

let scratch: string;

beforeAll(async () => {
  scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'ptc-bindings-unit-'));
  // Generated code imports `constructs` and the core module beside the provider folders: resolve
  // them from the repository, so the bindings share the core the test's door loaded.
  await fs.symlink(path.join(REPO_ROOT, 'node_modules'), path.join(scratch, 'node_modules'), 'dir');
  await fs.writeFile(path.join(scratch, `${CORE_MODULE}.ts`), `export * from ${JSON.stringify(path.join(REPO_ROOT, 'providers', 'bindings', CORE_MODULE))};\n`);
});

afterAll(async () => {
  await fs.rm(scratch, { recursive: true, force: true });
});

const outDir = (name: string): string => path.join(scratch, name);

describe('generateProviderBindings', () => {
  it('writes cdktf-get style bindings and a manifest that matches them', async () => {
    const result = await generateProviderBindings({ schemaJson: demoSchema(), source: FQPN, version: '0.1.0', outDir: outDir('all') });

    expect(result.providerName).toBe('demo');
    expect(result.resourceTypes).toEqual(['demo_machine', 'demo_network']);
    expect(result.dataSourceTypes).toEqual(['demo_version']);
    const entries = (await fs.readdir(result.outDir)).sort();
    expect(entries).toEqual(['bindings.json', 'data-demo-version', 'index.ts', 'lazy-index.ts', 'machine', 'network', 'provider']);

    const manifest = await readBindingsManifest(result.outDir);
    expect(manifest).toEqual(result.manifest);
    expect(manifest).toMatchObject({ source: FQPN, fqpn: FQPN, version: '0.1.0', include: null });
    const digest = await treeSha256(result.outDir, [MANIFEST_FILE]);
    expect(manifest.filesSha256).toBe(digest.sha256);
    expect(manifest.files).toBe(digest.files.length);
    // Every file that uses the core imports it through the core module, none from 'cdktf' itself.
    const imports = await Promise.all(
      digest.files.filter((f) => f.endsWith('.ts')).map(async (f) => [f, /^import \* as cdktf from '([^']+)';$/m.exec(await fs.readFile(path.join(result.outDir, f), 'utf8'))?.[1]]),
    );
    expect(Object.fromEntries(imports.filter(([, from]) => from !== undefined))).toEqual({
      'data-demo-version/index.ts': '../../cdk-core',
      'machine/index.ts': '../../cdk-core',
      'network/index.ts': '../../cdk-core',
      'provider/index.ts': '../../cdk-core',
    });
  });

  it('produces classes that synthesize with the source and the exact version pinned', async () => {
    const dir = outDir('synth');
    await generateProviderBindings({ schemaJson: demoSchema(), source: FQPN, version: '0.1.2', outDir: dir });
    const demo = require(dir) as Record<string, Record<string, new (...args: unknown[]) => unknown>>;
    const app = Testing.app();
    const stack = new TerraformStack(app, 'demo');
    new demo.provider.DemoProvider(stack, 'demo', { endpoint: 'https://127.0.0.1:1' });
    new demo.machine.Machine(stack, 'm', { name: 'cp-1', cores: 2, disk: [{ size: 10 }] });
    const synth = JSON.parse(Testing.synth(stack)) as {
      terraform: { required_providers: Record<string, unknown> };
      resource: Record<string, Record<string, Record<string, unknown>>>;
    };
    expect(synth.terraform.required_providers).toEqual({ demo: { source: FQPN, version: '0.1.2' } });
    expect(synth.resource.demo_machine.m).toEqual({ name: 'cp-1', cores: 2, disk: [{ size: 10 }] });
  });

  it('generates only the included entities and is deterministic', async () => {
    const include = { resources: ['demo_machine'], dataSources: [] };
    const a = await generateProviderBindings({ schemaJson: demoSchema(), source: FQPN, version: '0.1.0', outDir: outDir('filtered'), include });
    expect((await fs.readdir(a.outDir)).sort()).toEqual(['bindings.json', 'index.ts', 'lazy-index.ts', 'machine', 'provider']);
    expect(a.manifest.include).toEqual(include);
    // Regenerating in place replaces the previous output and yields the same bytes.
    const b = await generateProviderBindings({ schemaJson: demoSchema(), source: FQPN, version: '0.1.0', outDir: outDir('filtered'), include });
    expect(b.manifest).toEqual(a.manifest);
    const all = await generateProviderBindings({ schemaJson: demoSchema(), source: FQPN, version: '0.1.0', outDir: outDir('unfiltered') });
    expect(all.manifest.schemaSha256).toBe(a.manifest.schemaSha256);
    expect(all.manifest.filesSha256).not.toBe(a.manifest.filesSha256);
  });

  it('rejects inputs with messages that name the field', async () => {
    const base = { schemaJson: demoSchema(), source: FQPN, version: '0.1.0', outDir: outDir('rejected') };
    await expect(generateProviderBindings({ ...base, source: 'ptc.internal/ptc/other' })).rejects.toThrow(/no "ptc.internal\/ptc\/other" \(found: ptc.internal\/ptc\/demo\)/);
    await expect(generateProviderBindings({ ...base, include: { resources: ['demo_machines', 'ptc_network'], dataSources: [] } })).rejects.toThrow(
      /include.resources: not in the ptc.internal\/ptc\/demo schema: demo_machines, ptc_network \(did you mean demo_network\?\)/,
    );
    await expect(generateProviderBindings({ ...base, include: { resources: ['demo_machine'] } as never })).rejects.toThrow(/include.dataSources: expected an array of type names/);
    await expect(generateProviderBindings({ ...base, schemaJson: { provider_schemas: {} } })).rejects.toThrow(/schemaJson.format_version/);
    await expect(generateProviderBindings({ ...base, version: 'latest' })).rejects.toThrow(/version "latest"/);
    await expect(generateProviderBindings({ ...base, outDir: '' })).rejects.toThrow(/outDir: required/);
  });

  it('refuses to wipe a directory that does not hold generated bindings', async () => {
    const dir = outDir('precious');
    await fs.mkdir(dir);
    await fs.writeFile(path.join(dir, 'notes.txt'), 'keep me');
    await expect(generateProviderBindings({ schemaJson: demoSchema(), source: FQPN, version: '0.1.0', outDir: dir })).rejects.toThrow(/refusing to replace/);
    expect(await fs.readFile(path.join(dir, 'notes.txt'), 'utf8')).toBe('keep me');
  });
});
