/**
 * Every Terraform type our providers serve lives in `providers/<provider>/resources/<type>/`:
 * its schema in `schema.ts`, what it does beside it (resource.ts, data-source.ts or
 * ephemeral-resource.ts), as terraform-plugin-framework keeps schema and logic apart.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { provider as talos } from '../../../providers/talos/provider';
import { provider as capi } from '../../../providers/capi/provider';

const ROOT = path.resolve(__dirname, '../../..');

const kinds = [
  ['resources', 'resource.ts'],
  ['dataSources', 'data-source.ts'],
  ['ephemeralResources', 'ephemeral-resource.ts'],
] as const;

const types = [talos, capi].flatMap((p) =>
  kinds.flatMap(([list, file]) =>
    ((p as unknown as Record<string, { name: string }[] | undefined>)[list] ?? []).map((h) => [`${p.typeName}_${h.name}`, p.typeName, h.name.replace(/_/g, '-'), file] as const),
  ),
);

test('both providers are read', () => {
  expect(types.length).toBeGreaterThanOrEqual(11);
});

test.each(types)('%s: resources/<type>/ holds its schema and its logic', (_type, providerName, dir, file) => {
  const folder = path.join(ROOT, 'providers', providerName, 'resources', dir);
  expect(
    fs
      .readdirSync(folder)
      .filter((f) => f === 'schema.ts' || f === file)
      .sort(),
  ).toEqual([file, 'schema.ts'].sort());
});
