/**
 * What a provider has loaded when it prints its handshake line. Terraform starts each provider
 * three to five times per command, most often only for schema and plan calls, so only the plugin
 * runtime's libraries may load before the handshake; domain libraries (YAML, X.509, config
 * generation, the Talos API client) load when a handler first needs them.
 *
 * Each provider runs from source, as Terraform would start it, with a preloaded probe that records
 * the module cache at the first write to stdout (the handshake).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PROVIDERS, REPO_ROOT } from '../../../tools/build/catalog';
import { launchProvider, makeClientCert, terraformEnv } from '../../support/plugin-client';

/** Packages the plugin runtime needs to serve gRPC (and the TypeScript loader this test runs under). */
const RUNTIME_PACKAGES = new Set(['@grpc/grpc-js', '@js-sdsl/ordered-map', 'protobufjs', '@protobufjs', 'long']);
const LOADER_PACKAGES = new Set(['tsx', 'esbuild', 'get-tsconfig', 'resolve-pkg-maps']);

/** Our modules that do the heavy work of a call. */
const HANDLER_ENGINES = ['providers/machinery/config/generate', 'providers/talos/api/client.ts', 'providers/machinery/patch/', 'providers/machinery/secrets/generate-secrets.ts'];

const PROBE = `
const write = process.stdout.write.bind(process.stdout);
let recorded = false;
process.stdout.write = (chunk, ...rest) => {
  if (!recorded) {
    recorded = true;
    require('node:fs').writeFileSync(process.env.PTC_TEST_MODULE_LIST, JSON.stringify(Object.keys(require.cache)));
  }
  return write(chunk, ...rest);
};
`;

function packageOf(file: string): string | undefined {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
  if (!m) return undefined;
  return m[1].startsWith('@protobufjs/') ? '@protobufjs' : m[1];
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-start-modules-'));
  fs.writeFileSync(path.join(dir, 'probe.cjs'), PROBE);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function modulesAtHandshake(entry: string): Promise<string[]> {
  const list = path.join(dir, `${path.basename(path.dirname(entry))}.json`);
  const cert = await makeClientCert();
  const p = await launchProvider(process.execPath, ['--require', path.join(dir, 'probe.cjs'), '--import', 'tsx', entry], terraformEnv(cert, { PTC_TEST_MODULE_LIST: list }));
  expect(p.handshakeLine).toMatch(/^1\|6\|unix\|/);
  p.child.kill('SIGTERM');
  await p.exited;
  return (JSON.parse(fs.readFileSync(list, 'utf8')) as string[]).map((f) => path.relative(REPO_ROOT, f));
}

describe.each(PROVIDERS.map((p) => [p.type, p.entry] as const))('the %s provider at its handshake', (_type, entry) => {
  let modules: string[];
  beforeAll(async () => {
    modules = await modulesAtHandshake(entry);
  }, 60_000);

  test('has loaded no library but the plugin runtime’s', () => {
    const packages = new Set(modules.map(packageOf).filter((p): p is string => p !== undefined));
    const extra = [...packages].filter((p) => !RUNTIME_PACKAGES.has(p) && !LOADER_PACKAGES.has(p)).sort();
    expect(extra).toEqual([]);
    // The plugin protocol comes from the generated descriptor, not from parsing .proto text.
    expect(modules.filter((m) => /protobufjs\/src\/(parse|tokenize)\.js$/.test(m) || m.includes('@grpc/proto-loader'))).toEqual([]);
  });

  test('has loaded none of the handler engines', () => {
    expect(modules.filter((m) => HANDLER_ENGINES.some((e) => m.startsWith(e)))).toEqual([]);
  });
});
