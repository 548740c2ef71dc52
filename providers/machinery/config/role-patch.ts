/**
 * The settings this project gives every node of a role, as one Talos strategic patch, for
 * configurations another generator makes (CABPT, for the machines Cluster API creates): applied on
 * top of a default `talosctl gen config` document set it gives what generateMachineConfigDocuments
 * gives for those inputs — install disk and installer image, certificate SANs, node labels and, on
 * control planes, the shared VIP. Per-node identity (host name, providerID, addresses) is not in
 * it: each new machine gets its own from its platform.
 */
import { yamlLib } from '../../kernel/lazy';
import { DEFAULT_INSTALL_DISK, DEFAULT_INSTALL_IMAGE, type MachineConfigInput } from './generate';

export type RoleSettings = Pick<MachineConfigInput, 'machineType' | 'installDisk' | 'installImage' | 'additionalSans' | 'vip' | 'nodeLabels'>;

type Obj = Record<string, unknown>;

export function roleSettingsPatch(input: RoleSettings): string {
  if (input.vip && input.machineType !== 'controlplane') throw new Error('roleSettingsPatch: a shared VIP is only allowed on control-plane nodes');
  const install: Obj = {};
  // '' leaves the field to the generator's default, as in generateMachineConfigDocuments.
  const disk = input.installDisk ?? DEFAULT_INSTALL_DISK;
  const image = input.installImage ?? DEFAULT_INSTALL_IMAGE;
  if (disk) install.disk = disk;
  if (image) install.image = image;
  const machine: Obj = { install };
  const sans = input.additionalSans ?? [];
  if (sans.length > 0) machine.certSANs = [...sans];
  const labels = input.nodeLabels ?? {};
  if (Object.keys(labels).length > 0) machine.nodeLabels = { ...labels };
  const v1alpha1: Obj = { machine };
  if (input.machineType === 'controlplane' && sans.length > 0) v1alpha1.cluster = { apiServer: { certSANs: [...sans] } };
  const docs: Obj[] = [v1alpha1];
  if (input.vip) docs.push({ apiVersion: 'v1alpha1', kind: 'Layer2VIPConfig', name: input.vip.address, link: input.vip.link });
  return docs.map((d) => yamlLib().stringify(d)).join('---\n');
}
