/**
 * `talos_machine_disks` data source: the node's disks as the Talos API lists them
 * (Disks.block.talos.dev), filtered by a CEL disk selector evaluated here, as siderolabs'
 * provider does with Talos' own CEL environment. Use it to look up, e.g., the install disk of a
 * node in maintenance mode before its configuration is applied.
 */
import { AttributeError, defineDataSource, lazy } from '../../../runtime';
import type { TalosDisk } from '../../api/types';
import { CelError } from '../../cel/syntax';
import { compileDiskSelector, invalidSelector, type DiskSelector } from '../../cel/disk-selector';
import type * as DisksOperation from '../../operations/disks';
import { clientCertificateFrom } from '../../operations/node-access';
import { timeoutMs } from '../common/timeouts';
import { schema, type DiskValue } from './schema';

const disksOperation = lazy(() => require('../../operations/disks') as typeof DisksOperation);

/** A disk as `disks` lists it (firmware_version: Talos 1.13 does not report it, so it is empty). */
export function diskValue(disk: TalosDisk): DiskValue & { firmware_version: string } {
  const s = disk.spec;
  return { ...s, firmware_version: '', secondary_disks: [...s.secondary_disks], symlinks: [...s.symlinks] };
}

/**
 * The selector's evaluator. The validator has checked a known selector; one that was unknown then
 * (computed from another resource) is first seen here and refused with the validator's wording.
 */
export function compileSelector(text: string | null | undefined): DiskSelector {
  try {
    return compileDiskSelector(text ?? 'true');
  } catch (err) {
    if (err instanceof CelError) throw new AttributeError('selector', invalidSelector(err), 'Correct the expression, e.g. disk.size > 6u * GB && !disk.rotational.');
    throw err;
  }
}

/** The disks `selector` matches; an evaluation error (e.g. overflow) names the selector and the disk. */
export function selectDisks(disks: readonly TalosDisk[], selector: DiskSelector): TalosDisk[] {
  return disks.filter((d) => {
    try {
      return selector.matches(d.spec);
    } catch (err) {
      if (err instanceof CelError) throw new AttributeError('selector', `failed on disk ${d.spec.dev_path || d.id}: ${err.message}`, 'Change the expression so it evaluates for every disk.');
      throw err;
    }
  });
}

export const machineDisks = defineDataSource<typeof schema, unknown>({
  name: 'machine_disks',
  schema,
  async read({ config, ctx }) {
    const selector = compileSelector(config.selector);
    const endpoint = config.endpoint ?? config.node;
    const timeout = timeoutMs(config.timeouts, 'read');
    const all = await disksOperation().readDisks({
      target: { node: config.node, endpoint },
      cert: config.client_configuration ? clientCertificateFrom(config.client_configuration) : undefined,
      deadlineAt: Date.now() + timeout,
      timeoutMs: timeout,
      signal: ctx.signal,
      log: ctx.log.with({ node: config.node }),
    });
    return { ...config, id: 'machine_disks', endpoint, disks: selectDisks(all, selector).map(diskValue) };
  },
});
