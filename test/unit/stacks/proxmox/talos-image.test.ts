import { downloadFile } from '../../../../providers/bindings/proxmox';
import { TerraformOutput, TerraformStack, Testing } from '../../../../stacks/cdk';
import { TalosImage, type TalosImageProps } from '../../../../stacks/constructs/proxmox/talos-image';

const BASE: TalosImageProps = { talosVersion: 'v1.13.9', datastoreId: 'local', proxmoxNodes: ['pve1', 'pve2'] };

function build(props: Partial<TalosImageProps> = {}) {
  const stack = new TerraformStack(Testing.app(), 'img');
  const image = new TalosImage(stack, 'talos-image', { ...BASE, ...props });
  return { stack, image, synth: Testing.synth(stack), json: JSON.parse(Testing.synth(stack)) };
}

const QGA = 'ce4c980550dd2ab1b17bbf2b08801c7eb59418eafe8f279833297925d67c7515';

describe('TalosImage', () => {
  test('GIVEN defaults THEN the qemu-guest-agent schematic, one import download per node, overwrite off', () => {
    const { image, synth, json } = build();
    expect(image.schematicId).toBe(QGA);
    expect(image.url).toBe(`https://factory.talos.dev/image/${QGA}/v1.13.9/nocloud-amd64.qcow2`);
    expect(image.installerImage).toBe(`factory.talos.dev/nocloud-installer/${QGA}:v1.13.9`);
    for (const node of ['pve1', 'pve2']) {
      expect(synth).toHaveResourceWithProperties(downloadFile.DownloadFile, {
        node_name: node,
        datastore_id: 'local',
        content_type: 'import',
        url: image.url,
        file_name: 'talos-v1.13.9-ce4c980550dd-nocloud-amd64.qcow2',
        overwrite: false,
        verify: true,
      });
    }
    expect(Object.keys(json.resource.proxmox_download_file)).toHaveLength(2);
    expect(json.resource.proxmox_download_file[Object.keys(json.resource.proxmox_download_file)[0]]).not.toHaveProperty('decompression_algorithm');
  });

  test('a lab factory URL, raw format, extra extensions and a per-cluster file name', () => {
    const { image } = build({
      factoryUrl: 'http://127.0.0.1:8080',
      format: 'raw',
      extensions: ['siderolabs/qemu-guest-agent', 'siderolabs/iscsi-tools', 'siderolabs/util-linux-tools'],
      fileNamePrefix: 'talos-lab',
    });
    expect(image.url).toBe('http://127.0.0.1:8080/image/53513e54bb39202f35694412577a6bc53d484744d35a126e5d42ef34785c0d83/v1.13.9/nocloud-amd64.raw');
    expect(image.fileName).toBe('talos-lab-v1.13.9-53513e54bb39-nocloud-amd64.raw');
  });

  test('a shared datastore gets one download that every node imports from', () => {
    const { stack, image } = build({ shared: true, proxmoxNodes: ['pve1', 'pve2', 'pve3'] });
    new TerraformOutput(stack, 'pve1', { value: image.fileIdFor('pve1') });
    new TerraformOutput(stack, 'pve3', { value: image.fileIdFor('pve3') });
    const json = JSON.parse(Testing.synth(stack));
    const ids = Object.keys(json.resource.proxmox_download_file);
    expect(ids).toHaveLength(1);
    expect(json.output.pve1.value).toBe(`\${proxmox_download_file.${ids[0]}.id}`);
    expect(json.output.pve3.value).toBe(json.output.pve1.value);
    expect(() => image.fileIdFor('pve4')).toThrow(/proxmoxNode "pve4": has no copy of the image/);
  });

  test('a given schematic ID wins over the computed one', () => {
    const id = 'a'.repeat(64);
    expect(build({ schematicId: id, extensions: ['siderolabs/iscsi-tools'] }).image.schematicId).toBe(id);
  });

  test.each([
    ['a Talos contract instead of a release', { talosVersion: 'v1.13' }, /talosVersion "v1\.13": is not a Talos release; give the full release/],
    ['an extension without its org', { extensions: ['qemu-guest-agent'] }, /extensions\[0\] "qemu-guest-agent": is not an official extension name/],
    ['a duplicate extension', { extensions: ['siderolabs/iscsi-tools', 'siderolabs/iscsi-tools'] }, /lists an extension twice/],
    ['a short schematic ID', { schematicId: 'abc' }, /schematicId "abc": is not a schematic ID/],
    ['a compressed format PVE cannot import', { format: 'raw.xz' as 'raw' }, /format "raw\.xz": is not importable/],
    ['a factory URL that is not a URL', { factoryUrl: 'factory.talos.dev' }, /factoryUrl "factory\.talos\.dev": is not a URL/],
    ['a kernel argument whose YAML form is ambiguous', { extraKernelArgs: ['key: value'] }, /extraKernelArgs .*pass its ID as schematicId; or drop that argument/],
    ['a bad datastore ID', { datastoreId: 'local lvm' }, /datastoreId "local lvm": is not a PVE storage ID/],
  ] as const)('rejects %s', (_what, props, message) => {
    expect(() => build(props as Partial<TalosImageProps>)).toThrow(message);
  });
});
