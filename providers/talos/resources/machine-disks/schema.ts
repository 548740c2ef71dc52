/** The Terraform schema of `talos_machine_disks`; what it does is beside it. */
import { attr, defineSchema } from '../../../runtime';
import { t } from '../../../runtime/cty';
import { clientConfigurationType, type ClientConfigurationValue } from '../../../machinery/secrets/secrets-value';
import type { DiskSpec } from '../../api/types';
import { diskSelectorProblem } from '../../cel/disk-selector';
import { timeoutsAttribute } from '../common/timeouts';
import { endpointProblem, nonEmpty } from '../common/validators';

/** One element of `disks`: the DiskSpec fields under their protobuf names, as siderolabs' provider lists them. */
export type DiskValue = { -readonly [K in keyof DiskSpec]: DiskSpec[K] extends readonly string[] ? string[] : DiskSpec[K] };

export const diskType = t.object({
  dev_path: t.string,
  size: t.number,
  pretty_size: t.string,
  io_size: t.number,
  sector_size: t.number,
  readonly: t.bool,
  cdrom: t.bool,
  model: t.string,
  firmware_version: t.string,
  serial: t.string,
  modalias: t.string,
  wwid: t.string,
  uuid: t.string,
  bus_path: t.string,
  sub_system: t.string,
  transport: t.string,
  rotational: t.bool,
  secondary_disks: t.list(t.string),
  symlinks: t.list(t.string),
});

export const schema = defineSchema({
  description: "Lists a Talos node's disks (Disks.block.talos.dev), optionally filtered by a CEL selector; works in maintenance mode and on configured nodes.",
  attributes: {
    id: attr.string({ mode: 'computed' }),
    node: attr.string({ mode: 'required', description: 'Address (or name) of the node whose disks are listed.', validators: [nonEmpty] }),
    endpoint: attr.string({
      mode: 'optional',
      computedPlan: 'keep',
      description: 'Talos API endpoint to dial (host or host:port); defaults to node. A node in maintenance mode must be dialled directly.',
      validators: [endpointProblem],
    }),
    client_configuration: attr.typed<ClientConfigurationValue>(clientConfigurationType)({
      mode: 'optional',
      sensitive: true,
      description:
        'Client configuration (talos_machine_secrets.client_configuration) for a configured node. A node in maintenance mode is read without it (TLS without a client certificate, as talosctl --insecure).',
    }),
    selector: attr.string({
      mode: 'optional',
      description:
        'CEL expression over `disk` (Talos DiskSpec: size, io_size, sector_size, readonly, cdrom, model, serial, modalias, wwid, uuid, bus_path, sub_system, transport, rotational, dev_path, pretty_size, symlinks, secondary_disks) with the size units kB…EB and KiB…EiB (uint: write 6u * GB) and glob(); numbers of different types neither mix nor compare (write 6u); matches() takes RE2 syntax as Talos does: a leading (?i), (?m) or (?s) flag group is supported, lookahead/lookbehind ((?=, (?!, (?<=, (?<!) and backreferences (\\1) are refused. E.g. `disk.size > 6u * GB && !disk.rotational`. Unset: every disk.',
      validators: [(v) => diskSelectorProblem(v)],
    }),
    disks: attr.typed<(DiskValue & { firmware_version: string })[]>(t.list(diskType))({ mode: 'computed', description: 'The disks the selector matches, in the order the node lists them.' }),
    timeouts: timeoutsAttribute('read'),
  },
});
