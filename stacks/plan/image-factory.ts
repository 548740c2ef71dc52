/**
 * Talos Image Factory naming: asset URLs and installer images for a schematic. The schematic ID
 * itself is computed offline in providers/machinery/image-factory/schematic.ts (shared with the
 * talos provider's talos_image_factory_schematic).
 */
export { canonicalScalar, EXTENSION_NAME, SCHEMATIC_ID, schematicId, schematicYaml, type SchematicCustomization } from '../../providers/machinery/image-factory/schematic';

export type TalosDiskImageFormat = 'qcow2' | 'raw';

export interface FactoryAsset {
  /** Base URL, e.g. `https://factory.talos.dev` (a lab may serve the same paths from loopback). */
  readonly factoryUrl: string;
  readonly schematicId: string;
  /** Full Talos release, e.g. `v1.13.9`. */
  readonly talosVersion: string;
  readonly format: TalosDiskImageFormat;
}

/** `<factory>/image/<schematic>/<version>/nocloud-amd64.<format>` (uncompressed: PVE imports it as is). */
export function nocloudImageUrl(a: FactoryAsset): string {
  return `${a.factoryUrl.replace(/\/+$/, '')}/image/${a.schematicId}/${a.talosVersion}/nocloud-amd64.${a.format}`;
}

/** Installer image for `machine.install.image`: must carry the same schematic as the boot image. */
export function nocloudInstallerImage(registry: string, schematic: string, talosVersion: string): string {
  return `${registry}/nocloud-installer/${schematic}:${talosVersion}`;
}
