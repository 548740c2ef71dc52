import { canonicalScalar, nocloudImageUrl, nocloudInstallerImage, schematicId, schematicYaml } from '../../../../stacks/plan/image-factory';

// Oracle: IDs computed by Image Factory's own Go code path (its Schematic struct marshalled with
// go.yaml.in/yaml/v4, then SHA-256), plus the two IDs the Talos docs quote.
describe('schematicId (offline, as Image Factory computes it)', () => {
  test.each([
    ['vanilla (documented)', {}, '376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba'],
    ['qemu-guest-agent only (documented)', { officialExtensions: ['siderolabs/qemu-guest-agent'] }, 'ce4c980550dd2ab1b17bbf2b08801c7eb59418eafe8f279833297925d67c7515'],
    [
      'three extensions, in the given order',
      { officialExtensions: ['siderolabs/qemu-guest-agent', 'siderolabs/iscsi-tools', 'siderolabs/util-linux-tools'] },
      '53513e54bb39202f35694412577a6bc53d484744d35a126e5d42ef34785c0d83',
    ],
    ['one kernel argument', { extraKernelArgs: ['mitigations=off'] }, 'e0f12bc8cfe7ecf9b4143a70ac2fd78f56d5e638eac744a00cece7c453c652f4'],
    ['kernel arguments with commas, @ and %', { extraKernelArgs: ['console=ttyS0,115200n8', 'a@b=c%d'] }, '38572a36c9598ed2ed2d1ea0ef239b36b0b34bad14b6c110ff6eedf3ffc68f26'],
    [
      'kernel arguments go-yaml quotes (numbers, YAML 1.1 booleans, null) before extensions',
      {
        officialExtensions: ['siderolabs/qemu-guest-agent', 'siderolabs/iscsi-tools'],
        extraKernelArgs: [
          'net.ifnames=0',
          'console=ttyS0',
          'ip=10.0.0.5::10.0.0.1:255.255.255.0::eth0:off',
          '-talos.halt_if_installed',
          '1',
          'yes',
          'on',
          'OFF',
          'null',
          '~',
          'talos.platform=nocloud',
        ],
      },
      '26eb90fd4fc4c8e68ca1c820f0d72d04d840d10bb00503a7146d6de94fa97273',
    ],
  ])('%s', (_name, customization, id) => {
    expect(schematicId(customization)).toBe(id);
  });

  test('the canonical text uses 4-space indentation with sequences indented under their key', () => {
    expect(schematicYaml({ officialExtensions: ['siderolabs/qemu-guest-agent'] })).toBe(
      'customization:\n    systemExtensions:\n        officialExtensions:\n            - siderolabs/qemu-guest-agent\n',
    );
    expect(schematicYaml({ officialExtensions: [], extraKernelArgs: [] })).toBe('customization: {}\n');
  });

  test.each(['a: b', 'x=[1]', '-', 'key:', 'has space', '#comment', '1.5', '0x1F'])('refuses %j rather than guess its YAML quoting', (arg) => {
    expect(() => canonicalScalar(arg)).toThrow(/pass its ID as schematicId/);
  });
});

describe('Image Factory URLs', () => {
  const id = 'ce4c980550dd2ab1b17bbf2b08801c7eb59418eafe8f279833297925d67c7515';
  test('nocloud disk image under a configurable base URL', () => {
    expect(nocloudImageUrl({ factoryUrl: 'https://factory.talos.dev', schematicId: id, talosVersion: 'v1.13.9', format: 'qcow2' })).toBe(
      `https://factory.talos.dev/image/${id}/v1.13.9/nocloud-amd64.qcow2`,
    );
    expect(nocloudImageUrl({ factoryUrl: 'http://127.0.0.1:8080/', schematicId: id, talosVersion: 'v1.13.9', format: 'raw' })).toBe(`http://127.0.0.1:8080/image/${id}/v1.13.9/nocloud-amd64.raw`);
  });

  test('installer image carries the same schematic', () => {
    expect(nocloudInstallerImage('factory.talos.dev', id, 'v1.13.9')).toBe(`factory.talos.dev/nocloud-installer/${id}:v1.13.9`);
  });
});
