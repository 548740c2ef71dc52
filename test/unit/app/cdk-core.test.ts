/** The CDK core door: PTC_CDK picks cdktf or CDK Terrain's cdktn once per process, for the stacks and the bindings alike. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cdkCliNodeProblem, cdkFlavourFromEnv, launchingCdkCli, parseCdkFlavour } from '../../../providers/bindings/cdk-flavour';
import { retargetCoreImports } from '../../../tools/build/bindings/generate';

type Door = typeof import('../../../stacks/cdk');
type AppEnvironmentModule = typeof import('../../../stacks/app-environment');
type TalosBindings = typeof import('../../../providers/bindings/talos');

let scratch: string;
beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-cdk-core-'));
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const fqn = (cls: unknown): string | undefined => (cls as Record<symbol, { fqn?: string } | undefined>)[Symbol.for('jsii.rtti')]?.fqn;
const coreVersion = (pkg: string): string => (require(`${pkg}/package.json`) as { version: string }).version;

const LOAD_VARIABLES = ['PTC_CDK', 'npm_lifecycle_script'] as const;

/**
 * Loads the door, the app environment and the talos bindings afresh, with PTC_CDK set to `value`
 * (and npm_lifecycle_script to `launcher`, the command npx ran) while they load.
 */
function loadWith(value: string | undefined, mocks: () => void = () => undefined, launcher?: string): { door: Door; appEnv: AppEnvironmentModule; talos: TalosBindings } {
  const saved = LOAD_VARIABLES.map((k) => [k, process.env[k]] as const);
  let loaded: { door: Door; appEnv: AppEnvironmentModule; talos: TalosBindings } | undefined;
  try {
    for (const [k, v] of [
      ['PTC_CDK', value],
      ['npm_lifecycle_script', launcher],
    ] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    jest.isolateModules(() => {
      mocks();
      loaded = {
        door: require('../../../stacks/cdk') as Door,
        appEnv: require('../../../stacks/app-environment') as AppEnvironmentModule,
        talos: require('../../../providers/bindings/talos') as TalosBindings,
      };
    });
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  return loaded!;
}

/** Synthesizes an app of one stack holding a binding's resource; returns the manifest and the stack's JSON. */
function synth(door: Door, talos: TalosBindings): { manifest: { version: string }; stack: Record<string, unknown> & { '//': { metadata: { version: string } } } } {
  const outdir = fs.mkdtempSync(path.join(scratch, 'synth-'));
  const app = new door.App({ outdir });
  const stack = new door.TerraformStack(app, 's');
  new talos.provider.TalosProvider(stack, 'talos');
  new talos.machineSecrets.MachineSecrets(stack, 'secrets', { talosVersion: 'v1.13' });
  app.synth();
  return {
    manifest: JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as { version: string },
    stack: JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 's', 'cdk.tf.json'), 'utf8')) as Record<string, unknown> & { '//': { metadata: { version: string } } },
  };
}

describe('PTC_CDK values', () => {
  test('unset or empty is cdktf; cdktf and cdktn name themselves', () => {
    expect(parseCdkFlavour(undefined)).toEqual({ flavour: 'cdktf' });
    expect(parseCdkFlavour('')).toEqual({ flavour: 'cdktf' });
    expect(parseCdkFlavour('cdktf')).toEqual({ flavour: 'cdktf' });
    expect(parseCdkFlavour('cdktn')).toEqual({ flavour: 'cdktn' });
  });

  test('anything else is refused with the accepted values', () => {
    for (const bad of ['CDKTN', 'terrain', 'cdk-terrain', 'toString']) {
      expect(parseCdkFlavour(bad)).toEqual({ problem: `"${bad}" is not a CDK flavour; use cdktf or cdktn (cdktn is CDK Terrain, the community fork of CDKTF), or unset it for cdktf` });
    }
  });

  test('without PTC_CDK, the CLI npx (or an npm script) launched decides; PTC_CDK wins over it', () => {
    expect(launchingCdkCli('cdktn')).toBe('cdktn');
    expect(launchingCdkCli('cdktn synth')).toBe('cdktn');
    expect(launchingCdkCli('cdktf deploy *')).toBe('cdktf');
    for (const other of [undefined, '', 'tsx test/lab/start.ts', 'jest', 'PTC_CDK=cdktn cdktn synth', 'cdktn-cli', './cdktn']) expect(launchingCdkCli(other)).toBeUndefined();
    expect(cdkFlavourFromEnv({})).toEqual({ flavour: 'cdktf' });
    expect(cdkFlavourFromEnv({ npm_lifecycle_script: 'cdktn' })).toEqual({ flavour: 'cdktn' });
    expect(cdkFlavourFromEnv({ npm_lifecycle_script: 'cdktn', PTC_CDK: 'cdktf' })).toEqual({ flavour: 'cdktf' });
    expect(cdkFlavourFromEnv({ npm_lifecycle_script: 'cdktf', PTC_CDK: 'cdktn' })).toEqual({ flavour: 'cdktn' });
    expect(cdkFlavourFromEnv({ npm_lifecycle_script: 'cdktn', PTC_CDK: '' })).toEqual({ flavour: 'cdktn' });
    expect(cdkFlavourFromEnv({ PTC_CDK: 'nope' }).problem).toMatch(/^"nope" is not a CDK flavour/);
  });

  test("each CLI's Node.js floor: cdktn-cli needs 22.19, cdktf-cli 20.19", () => {
    expect(cdkCliNodeProblem('cdktn', '20.20.2')).toBe(
      'CDK Terrain (cdktn-cli) needs Node.js >= 22.19, this is Node.js 20.20.2; use Node.js 22.19 or later (e.g. Node 24 LTS), or unset PTC_CDK to use cdktf',
    );
    expect(cdkCliNodeProblem('cdktn', '22.18.9')).toMatch(/needs Node\.js >= 22\.19/);
    expect(cdkCliNodeProblem('cdktn', '22.19.0')).toBeUndefined();
    expect(cdkCliNodeProblem('cdktn', '24.21.0')).toBeUndefined();
    expect(cdkCliNodeProblem('cdktf', '20.19.0')).toBeUndefined();
    expect(cdkCliNodeProblem('cdktf', '18.20.0')).toBe('CDKTF (cdktf-cli) needs Node.js >= 20.19, this is Node.js 18.20.0; use Node.js 20.19 or later');
  });
});

describe('the core the door loads', () => {
  test('by default cdktf: the synth records cdktf’s version', () => {
    const { door, appEnv, talos } = loadWith(undefined);
    expect(door.CDK_CORE).toEqual({ flavour: 'cdktf', corePackage: 'cdktf', version: coreVersion('cdktf'), problem: undefined });
    expect(appEnv.readAppEnvironment({}).cdk).toBe('cdktf');
    expect(fqn(door.App)).toBe('cdktf.App');
    expect(fqn(Object.getPrototypeOf(talos.machineSecrets.MachineSecrets))).toBe('cdktf.TerraformResource');
    const out = synth(door, talos);
    expect(out.manifest.version).toBe(coreVersion('cdktf'));
    expect(out.stack['//'].metadata.version).toBe(coreVersion('cdktf'));
  });

  test('PTC_CDK=cdktn: stacks and bindings are CDK Terrain’s, and the synth records its version', () => {
    const { door, appEnv, talos } = loadWith('cdktn');
    expect(door.CDK_CORE).toEqual({ flavour: 'cdktn', corePackage: 'cdktn', version: coreVersion('cdktn'), problem: undefined });
    // jsii's type info names each class's package: the door's App and the bindings' base class are cdktn's.
    expect(fqn(door.App)).toBe('cdktn.App');
    expect(fqn(Object.getPrototypeOf(talos.machineSecrets.MachineSecrets))).toBe('cdktn.TerraformResource');
    expect(appEnv.readAppEnvironment({ PTC_CDK: 'cdktn' }).cdk).toBe('cdktn');
    const out = synth(door, talos);
    expect(out.manifest.version).toBe(coreVersion('cdktn'));
    expect(out.stack['//'].metadata.version).toBe(coreVersion('cdktn'));
    // What Terraform reads is the same with either core.
    const cdktf = loadWith('cdktf');
    const { '//': _n, ...cdktnConfig } = out.stack;
    const { '//': _f, ...cdktfConfig } = synth(cdktf.door, cdktf.talos).stack;
    expect(cdktnConfig).toEqual(cdktfConfig);
  });

  test('`npx cdktn …` without PTC_CDK: the app it launches loads cdktn', () => {
    const { door, appEnv } = loadWith(undefined, undefined, 'cdktn');
    expect(door.CDK_CORE.flavour).toBe('cdktn');
    expect(fqn(door.App)).toBe('cdktn.App');
    expect(appEnv.readAppEnvironment({}).cdk).toBe('cdktn');
  });

  test('an unknown PTC_CDK loads nothing surprising and stops the app with a clear error', () => {
    const { door, appEnv } = loadWith('terrain');
    expect(door.CDK_CORE.flavour).toBe('cdktf');
    expect(() => appEnv.readAppEnvironment({})).toThrow(
      new appEnv.AppEnvironmentError('PTC_CDK', '"terrain" is not a CDK flavour; use cdktf or cdktn (cdktn is CDK Terrain, the community fork of CDKTF), or unset it for cdktf'),
    );
    expect(() => appEnv.readAppEnvironment({})).toThrow(/^environment variable PTC_CDK: "terrain" is not a CDK flavour/);
  });

  test('cdktn chosen but not installed: a clear error naming the fix', () => {
    const { door, appEnv } = loadWith('cdktn', () =>
      jest.doMock('cdktn', () => {
        throw Object.assign(new Error("Cannot find module 'cdktn' from 'providers/bindings/cdk-core.ts'"), { code: 'MODULE_NOT_FOUND' });
      }),
    );
    expect(door.CDK_CORE.flavour).toBe('cdktf');
    expect(() => appEnv.readAppEnvironment({})).toThrow(
      'environment variable PTC_CDK: cdktn is chosen but the package cdktn is not installed; run npm install (it is one of the devDependencies), or unset PTC_CDK to use cdktf',
    );
  });

  test('an environment naming another flavour than the loaded one is refused', () => {
    const { appEnv } = loadWith(undefined);
    expect(() => appEnv.readAppEnvironment({ PTC_CDK: 'cdktn' })).toThrow(
      `environment variable PTC_CDK: is cdktn, but this process loaded cdktf ${coreVersion('cdktf')} when it first imported the CDK core; set PTC_CDK=cdktn in the environment the app starts with`,
    );
    expect(() => appEnv.readAppEnvironment({ PTC_CDK: 'bogus' })).toThrow(/"bogus" is not a CDK flavour/);
  });
});

describe('generated bindings import the core module', () => {
  test('an import the rewrite does not know fails the generation instead of leaving a direct cdktf import', async () => {
    const dir = fs.mkdtempSync(path.join(scratch, 'imports-'));
    fs.mkdirSync(path.join(dir, 'thing'));
    fs.writeFileSync(path.join(dir, 'thing', 'index.ts'), 'import * as cdktf from "cdktf";\nexport const x = cdktf.Token;\n');
    await expect(retargetCoreImports(dir, ['thing/index.ts'])).rejects.toThrow(
      "thing/index.ts: the generator imports the CDK core in an unexpected form (expected one line import * as cdktf from 'cdktf';)",
    );
    fs.writeFileSync(path.join(dir, 'thing', 'index.ts'), "import * as cdktf from 'cdktf';\nexport const x = cdktf.Token;\n");
    await retargetCoreImports(dir, ['thing/index.ts']);
    expect(fs.readFileSync(path.join(dir, 'thing', 'index.ts'), 'utf8')).toBe("import * as cdktf from '../../cdk-core';\nexport const x = cdktf.Token;\n");
  });
});
