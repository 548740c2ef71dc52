/**
 * The committed CDKTF bindings of our own providers must be exactly what the generator makes
 * from the schemas the handlers declare today (run `npm run generate:bindings` after a schema change).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PROVIDERS } from '../../../tools/build/catalog';
import { BINDINGS_DIR, generateOwnBindings } from '../../../tools/build/generate-bindings';

function tree(dir: string, base = dir): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) Object.assign(out, tree(full, base));
    else out[path.relative(base, full)] = fs.readFileSync(full, 'utf8');
  }
  return out;
}

describe.each(PROVIDERS.map((p) => [p.type, p] as const))('bindings of our %s provider', (type, p) => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), `ptc-bindings-${type}-`));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('are up to date with the provider schema', async () => {
    const fresh = await generateOwnBindings(p, path.join(tmp, type));
    const committed = tree(path.join(BINDINGS_DIR, type));
    const generated = tree(fresh.outDir);
    expect(Object.keys(committed).sort()).toEqual(Object.keys(generated).sort());
    for (const [file, text] of Object.entries(generated)) {
      if (committed[file] !== text) throw new Error(`providers/bindings/${type}/${file} is stale: run npm run generate:bindings`);
    }
  }, 60_000);
});
