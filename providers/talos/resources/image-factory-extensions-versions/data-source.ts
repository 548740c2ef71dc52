/**
 * `talos_image_factory_extensions_versions`: the official extensions an Image Factory offers for a
 * Talos version, filtered as siderolabs' provider does (an extension is kept when its name matches
 * an exact name or contains a substring; no filter keeps all).
 */
import { defineDataSource } from '../../../runtime';
import type { TalosProviderData } from '../common/provider-config';
import { listOfficialExtensions, type ExtensionInfo } from '../common/image-factory-client';
import { schema } from './schema';

export function filterExtensions(all: readonly ExtensionInfo[], exact: readonly string[], contains: readonly string[]): ExtensionInfo[] {
  if (exact.length === 0 && contains.length === 0) return [...all];
  return all.filter((e) => exact.includes(e.name) || contains.some((n) => e.name.includes(n)));
}

export const imageFactoryExtensionsVersions = defineDataSource<typeof schema, TalosProviderData>({
  name: 'image_factory_extensions_versions',
  schema,
  async read({ config, ctx }) {
    const all = await listOfficialExtensions(config.image_factory_url ?? ctx.provider.imageFactoryUrl, config.talos_version, ctx.signal);
    const kept = filterExtensions(all, config.exact_filters?.names ?? [], config.filters?.names ?? []);
    return { ...config, id: 'extensions_info', extensions_info: kept };
  },
});
