/**
 * The Talos nocloud disk image from Image Factory, downloaded by PVE itself into a datastore with
 * `import` content (API only, no SSH) and imported into each VM's disk with `import_from`.
 * The schematic ID is computed offline (see image-factory.ts), so URLs and the installer image
 * are plain strings at synth.
 */
import { Construct } from 'constructs';
import { downloadFile } from '../../../providers/bindings/proxmox';
import { EXTENSION_NAME, nocloudImageUrl, nocloudInstallerImage, SCHEMATIC_ID, schematicId } from '../../plan/image-factory';
import type { TalosImageSpec } from '../../plan/cluster-spec';
import { checkDatastoreId, checkPveNodeName, checkTalosRelease, checkUrl, fail } from '../../plan/rules';

/** The image settings of the cluster spec, for one datastore. */
export interface TalosImageProps extends Omit<TalosImageSpec, 'version'> {
  /** Full Talos release, e.g. `v1.13.9`. */
  readonly talosVersion: string;
  /** Datastore with `import` content, e.g. `local`. */
  readonly datastoreId: string;
  /** Nodes that need the image (each gets its own copy unless `shared`). */
  readonly proxmoxNodes: readonly string[];
  /** The datastore is shared storage: download once, on the first node. @default false */
  readonly shared?: boolean;
  /**
   * Start of the file name in the datastore. Give each cluster its own (the stack uses
   * `talos-<cluster>`): two stacks downloading the same file name collide ("file already exists"). @default 'talos'
   */
  readonly fileNamePrefix?: string;
  /** Verify the download URL's TLS certificate (on the PVE node). @default true */
  readonly verifyTls?: boolean;
}

export const DEFAULT_FACTORY_URL = 'https://factory.talos.dev';
export const DEFAULT_INSTALLER_REGISTRY = 'factory.talos.dev';
export const DEFAULT_EXTENSIONS: readonly string[] = ['siderolabs/qemu-guest-agent'];
/** Images are a few hundred MiB; PVE fetches them, the provider only waits. */
const DOWNLOAD_TIMEOUT_SECONDS = 1800;

function computeSchematicId(where: string, extensions: readonly string[], extraKernelArgs: readonly string[] | undefined): string {
  try {
    return schematicId({ officialExtensions: extensions, extraKernelArgs });
  } catch (err) {
    return fail(where, 'extraKernelArgs', extraKernelArgs, (err as Error).message, 'or drop that argument');
  }
}

export class TalosImage extends Construct {
  readonly schematicId: string;
  readonly url: string;
  readonly fileName: string;
  /** `<registry>/nocloud-installer/<schematic>:<version>` for `machine.install.image`. */
  readonly installerImage: string;
  private readonly downloads = new Map<string, downloadFile.DownloadFile>();
  private readonly shared: boolean;
  private readonly nodes: ReadonlySet<string>;

  constructor(scope: Construct, id: string, props: TalosImageProps) {
    super(scope, id);
    const where = this.node.path;
    checkTalosRelease(where, 'talosVersion', props.talosVersion);
    const extensions = props.extensions ?? DEFAULT_EXTENSIONS;
    extensions.forEach((e, i) => {
      if (!EXTENSION_NAME.test(e)) fail(where, `extensions[${i}]`, e, 'is not an official extension name', 'use <org>/<name>, e.g. siderolabs/qemu-guest-agent');
    });
    if (new Set(extensions).size !== extensions.length) fail(where, 'extensions', extensions, 'lists an extension twice', 'list each extension once');
    if (props.schematicId !== undefined && !SCHEMATIC_ID.test(props.schematicId)) {
      fail(where, 'schematicId', props.schematicId, 'is not a schematic ID', 'give the 64 hex characters Image Factory returned');
    }
    const factoryUrl = props.factoryUrl ?? DEFAULT_FACTORY_URL;
    checkUrl(where, 'factoryUrl', factoryUrl, ['https', 'http']);
    checkDatastoreId(where, 'datastoreId', props.datastoreId);
    if (!props.proxmoxNodes.length) fail(where, 'proxmoxNodes', props.proxmoxNodes, 'is empty', 'list the nodes whose VMs import the image');
    props.proxmoxNodes.forEach((n, i) => checkPveNodeName(where, `proxmoxNodes[${i}]`, n));
    const format = props.format ?? 'qcow2';
    if (format !== 'qcow2' && format !== 'raw') fail(where, 'format', format, 'is not importable', "use 'qcow2' or 'raw' (PVE cannot decompress .raw.xz for import)");

    this.schematicId = props.schematicId ?? computeSchematicId(where, extensions, props.extraKernelArgs);
    this.url = nocloudImageUrl({ factoryUrl, schematicId: this.schematicId, talosVersion: props.talosVersion, format });
    // Versioned and schematic-specific: a new release or extension set is a new file, never an overwrite.
    const prefix = props.fileNamePrefix ?? 'talos';
    if (!/^[A-Za-z0-9][A-Za-z0-9._+=-]*$/.test(prefix)) fail(where, 'fileNamePrefix', prefix, 'is not usable in an import file name', 'use letters, digits and . _ + = -');
    this.fileName = `${prefix}-${props.talosVersion}-${this.schematicId.slice(0, 12)}-nocloud-amd64.${format}`;
    this.installerImage = nocloudInstallerImage(props.installerRegistry ?? DEFAULT_INSTALLER_REGISTRY, this.schematicId, props.talosVersion);

    this.shared = props.shared ?? false;
    this.nodes = new Set(props.proxmoxNodes);
    const targets = this.shared ? props.proxmoxNodes.slice(0, 1) : [...new Set(props.proxmoxNodes)];
    for (const node of targets) {
      this.downloads.set(
        node,
        new downloadFile.DownloadFile(this, `download-${node}`, {
          nodeName: node,
          datastoreId: props.datastoreId,
          contentType: 'import',
          url: this.url,
          fileName: this.fileName,
          // The file name pins the content; re-checking the URL size on every refresh buys nothing.
          overwrite: false,
          verify: props.verifyTls ?? true,
          uploadTimeout: DOWNLOAD_TIMEOUT_SECONDS,
        }),
      );
    }
  }

  /** Volume ID (`<datastore>:import/<file>`) a VM on `proxmoxNode` imports its disk from. */
  fileIdFor(proxmoxNode: string): string {
    const d = this.downloads.get(proxmoxNode) ?? (this.shared && this.nodes.has(proxmoxNode) ? [...this.downloads.values()][0] : undefined);
    if (!d) fail(this.node.path, 'proxmoxNode', proxmoxNode, 'has no copy of the image', `add it to proxmoxNodes (${[...this.nodes].join(', ')})`);
    return d.id;
  }
}
