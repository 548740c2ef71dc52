/**
 * Reading a user's schematic YAML for talos_image_factory_schematic (fields checked as Image
 * Factory decodes them; the offline ID when the offline form covers it), the provider's factory
 * URL, and the lab factory's canonical form (an independent implementation the provider's ID
 * check is compared with).
 */
import { parseSchematicDocument, SchematicDocumentError } from '../../../../providers/machinery/image-factory/schematic-document';
import { schematicId } from '../../../../providers/machinery/image-factory/schematic';
import { configureProvider } from '../../../../providers/talos/resources/common/provider-config';
import { DEFAULT_IMAGE_FACTORY_URL, displayUrl, factoryUrlProblem } from '../../../../providers/talos/resources/common/image-factory-client';
import { schematicProblem } from '../../../../providers/talos/resources/image-factory-schematic/schema';
import { filterExtensions } from '../../../../providers/talos/resources/image-factory-extensions-versions/data-source';
import { stableOnly } from '../../../../providers/talos/resources/image-factory-versions/data-source';
import { canonicalSchematic, SchematicError, SchematicStore } from '../../../lab/images/schematics';

const VANILLA_ID = '376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba';

describe('parseSchematicDocument', () => {
  test('empty text and an empty customization are the vanilla schematic', () => {
    expect(schematicId(parseSchematicDocument('').offline ?? {})).toBe(VANILLA_ID);
    expect(schematicId(parseSchematicDocument('customization: {}\n').offline ?? {})).toBe(VANILLA_ID);
  });

  test('kernel arguments and official extensions are read in order, in any YAML style', () => {
    const doc = parseSchematicDocument('customization:\n  systemExtensions: { officialExtensions: [siderolabs/iscsi-tools, siderolabs/qemu-guest-agent] }\n  extraKernelArgs: ["net.ifnames=0"]\n');
    expect(doc.offline).toEqual({ extraKernelArgs: ['net.ifnames=0'], officialExtensions: ['siderolabs/iscsi-tools', 'siderolabs/qemu-guest-agent'] });
  });

  test.each([
    ['overlay', 'overlay:\n  image: a/b\n  name: x\n'],
    ['meta', 'customization:\n  meta:\n    - key: 10\n      value: v\n'],
    ['secureboot', 'customization:\n  secureboot:\n    enrollKeys: force\n'],
    ['a value needing quoting the offline form does not reproduce', 'customization:\n  extraKernelArgs: ["a: b"]\n'],
  ])('%s: no offline ID (the factory decides it)', (_name, text) => {
    expect(parseSchematicDocument(text).offline).toBeNull();
  });

  test.each([
    ['customization:\n  extensions: [a/b]\n', 'unknown field customization.extensions'],
    ['customisation: {}\n', 'unknown field customisation'],
    ['customization:\n  systemExtensions:\n    officialExtensions: siderolabs/qemu-guest-agent\n', 'customization.systemExtensions.officialExtensions must be a list of strings'],
    ['- a\n- b\n', 'the schematic must be a mapping'],
    ['customization: [\n', 'not valid YAML'],
  ])('%j is refused: %s', (text, message) => {
    expect(() => parseSchematicDocument(text)).toThrow(SchematicDocumentError);
    expect(() => parseSchematicDocument(text)).toThrow(message);
    expect(schematicProblem(text)).toContain('image-factory#post-schematics');
  });
});

describe('factory URL', () => {
  test.each([
    ['https://factory.talos.dev', undefined],
    ['http://127.0.0.1:8080/prefix', undefined],
    ['factory.talos.dev', 'is not a URL'],
    ['ftp://factory.talos.dev', 'must be an http(s) URL'],
    ['https://factory.talos.dev/?x=1', 'must not carry a query'],
  ])('%s', (url, problem) => {
    const found = factoryUrlProblem(url);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(problem);
  });

  test('messages never show a password in the URL', () => {
    expect(displayUrl('https://user:s3cret@factory.example.com/')).toBe('https://factory.example.com');
  });

  test('the provider defaults to the public factory, as siderolabs provider does', () => {
    expect(configureProvider({ image_factory_url: null }).imageFactoryUrl).toBe(DEFAULT_IMAGE_FACTORY_URL);
    expect(configureProvider({ image_factory_url: 'http://127.0.0.1:1' }).imageFactoryUrl).toBe('http://127.0.0.1:1');
  });
});

describe('lab factory canonical form', () => {
  test('matches the well-known IDs and the offline computation', () => {
    const store = new SchematicStore();
    expect(store.put('').id).toBe(VANILLA_ID);
    expect(store.put('customization:\n  systemExtensions:\n    officialExtensions: [siderolabs/qemu-guest-agent]\n').id).toBe('ce4c980550dd2ab1b17bbf2b08801c7eb59418eafe8f279833297925d67c7515');
    const c = { extraKernelArgs: ['net.ifnames=0', 'console=ttyS0'], officialExtensions: ['siderolabs/qemu-guest-agent'] };
    expect(store.put('customization:\n  systemExtensions:\n    officialExtensions: [siderolabs/qemu-guest-agent]\n  extraKernelArgs: [net.ifnames=0, console=ttyS0]\n').id).toBe(schematicId(c));
  });

  test('is idempotent and content-addressed', () => {
    const store = new SchematicStore();
    const a = store.put('customization:\n  extraKernelArgs: [a=1]\n');
    const b = store.put('customization: {extraKernelArgs: ["a=1"]}');
    expect(b).toEqual(a);
    expect(store.size).toBe(1);
  });

  test('marshals fields in struct order, omits empty ones, sorts overlay options, quotes YAML 1.1 words', () => {
    expect(canonicalSchematic('customization:\n  bootloader: sd-boot\n  meta: [{value: "on", key: 12}]\n  extraKernelArgs: []\noverlay: {options: {b: 1, a: x}, name: rpi, image: o/i}\n')).toBe(
      'overlay:\n    image: o/i\n    name: rpi\n    options:\n        a: x\n        b: 1\ncustomization:\n    meta:\n        - key: 12\n          value: "on"\n    bootloader: sd-boot\n',
    );
  });

  test.each([
    ['customization:\n  bogus: 1\n', 'field bogus not found'],
    ['customization:\n  meta: [{key: 256, value: x}]\n', 'customization.meta[0].key: must be a whole number 0-255'],
    ['customization:\n  bootloader: lilo\n', 'must be one of auto, dual-boot, grub, sd-boot'],
    ['owner: me\n', 'only supported in Enterprise edition'],
    ['customization: [\n', 'yaml:'],
  ])('refuses %j (the factory answers 400)', (text, message) => {
    expect(() => canonicalSchematic(text)).toThrow(SchematicError);
    expect(() => canonicalSchematic(text)).toThrow(message);
  });
});

describe('catalogue filters', () => {
  const ext = (name: string) => ({ name, ref: `ghcr.io/${name}:1`, digest: 'sha256:00', author: 'a', description: 'd' });
  const all = [ext('siderolabs/iscsi-tools'), ext('siderolabs/qemu-guest-agent'), ext('siderolabs/util-linux-tools')];

  test('no filter keeps every extension; a match on either filter keeps one', () => {
    expect(filterExtensions(all, [], [])).toEqual(all);
    expect(filterExtensions(all, ['siderolabs/iscsi-tools'], ['linux']).map((e) => e.name)).toEqual(['siderolabs/iscsi-tools', 'siderolabs/util-linux-tools']);
    expect(filterExtensions(all, ['iscsi-tools'], [])).toEqual([]);
  });

  test('stable versions are those without a pre-release; a non-semver listing is an error', () => {
    expect(stableOnly(['v1.13.0-alpha.1', 'v1.13.0', 'v1.13.1+build.5', 'v1.14.0-rc.0'])).toEqual(['v1.13.0', 'v1.13.1+build.5']);
    expect(() => stableOnly(['v1.13.0', 'latest'])).toThrow('"latest", which is not a semantic version');
  });
});
