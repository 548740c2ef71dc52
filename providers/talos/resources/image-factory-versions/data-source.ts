/** `talos_image_factory_versions`: the Talos versions an Image Factory offers, optionally releases only. */
import { defineDataSource } from '../../../runtime';
import type { TalosProviderData } from '../common/provider-config';
import { listTalosVersions } from '../common/image-factory-client';
import { schema } from './schema';

/** A release is `vX.Y.Z` without a pre-release suffix (build metadata allowed, as in semver). */
const RELEASE = /^v?\d+\.\d+\.\d+(\+[0-9A-Za-z.-]+)?$/;
const SEMVER = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

export function stableOnly(versions: readonly string[]): string[] {
  const bad = versions.find((v) => !SEMVER.test(v));
  if (bad !== undefined) throw new Error(`Image Factory listed "${bad}", which is not a semantic version; cannot tell whether it is a release`);
  return versions.filter((v) => RELEASE.test(v));
}

export const imageFactoryVersions = defineDataSource<typeof schema, TalosProviderData>({
  name: 'image_factory_versions',
  schema,
  async read({ config, ctx }) {
    const all = await listTalosVersions(config.image_factory_url ?? ctx.provider.imageFactoryUrl, ctx.signal);
    return { ...config, id: 'talos_versions', talos_versions: config.filters?.stable_versions_only ? stableOnly(all) : all };
  },
});
